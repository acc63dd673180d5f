/**
 * Demo people: two facilities, three Veterans, clinicians, one ops user. All names, e-mails and
 * identifiers are fictitious. Dates are relative to "today" so eligibility stays interesting.
 */
import type { Tx } from '../platform/db/pool.js';
import { DEMO_CLINICIANS, DEMO_FACILITIES, DEMO_PATIENTS } from '../shared/local-defaults.js';

export { DEMO_CLINICIANS, DEMO_FACILITIES, DEMO_PATIENTS };

export type DemoPatientKey = (typeof DEMO_PATIENTS)[number]['key'];
export type DemoClinicianKey = (typeof DEMO_CLINICIANS)[number]['key'];

export interface DemoIds {
  patients: Record<DemoPatientKey, string>;
  clinicians: Record<DemoClinicianKey, string>;
}

export async function seedIdentity(tx: Tx): Promise<DemoIds> {
  await tx
    .insertInto('facilities')
    .values(DEMO_FACILITIES)
    .onConflict((oc) => oc.doNothing())
    .execute();
  const patients = {} as Record<DemoPatientKey, string>;
  for (const { key, ...p } of DEMO_PATIENTS) {
    const row = await tx.insertInto('patients').values(p).returning('id').executeTakeFirstOrThrow();
    patients[key] = row.id;
    await tx
      .insertInto('users')
      .values({
        role: 'veteran',
        patient_id: row.id,
        display_name: `${p.first_name} ${p.last_name}`,
        external_subject: `mock:${key}`,
      })
      .execute();
  }
  const clinicians = {} as Record<DemoClinicianKey, string>;
  for (const { key, ...c } of DEMO_CLINICIANS) {
    const row = await tx.insertInto('clinicians').values(c).returning('id').executeTakeFirstOrThrow();
    clinicians[key] = row.id;
    await tx
      .insertInto('users')
      .values({
        role: 'care_team',
        clinician_id: row.id,
        display_name: `${c.first_name} ${c.last_name}, ${c.title}`,
        external_subject: `mock:${key}`,
      })
      .execute();
  }
  await tx.insertInto('users').values({ role: 'ops', display_name: 'Riley Ops', external_subject: 'mock:ops' }).execute();
  return { patients, clinicians };
}

/** Look the demo ids up again (for seed steps added after the first run). */
export async function loadDemoIds(tx: Tx): Promise<DemoIds> {
  const users = await tx.selectFrom('users').select(['external_subject', 'patient_id', 'clinician_id']).execute();
  const bySubject = new Map(users.map((u) => [u.external_subject, u]));
  const patients = {} as Record<DemoPatientKey, string>;
  for (const p of DEMO_PATIENTS) patients[p.key] = bySubject.get(`mock:${p.key}`)?.patient_id as string;
  const clinicians = {} as Record<DemoClinicianKey, string>;
  for (const c of DEMO_CLINICIANS) clinicians[c.key] = bySubject.get(`mock:${c.key}`)?.clinician_id as string;
  return { patients, clinicians };
}
