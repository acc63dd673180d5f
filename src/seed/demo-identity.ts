/**
 * Demo people: two facilities, three Veterans, clinicians, one ops user. All names, e-mails and
 * identifiers are fictitious. Dates are relative to "today" so eligibility stays interesting.
 */
import type { Tx } from '../platform/db/pool.js';

export const DEMO_FACILITIES = [
  { station_number: '442', name: 'Cheyenne VA Medical Center', phone: '307-778-7550', city: 'Cheyenne', state: 'WY' },
  { station_number: '554', name: 'Rocky Mountain Regional VA Medical Center', phone: '303-399-8020', city: 'Aurora', state: 'CO' },
];

export const DEMO_PATIENTS = [
  { key: 'alex', icn: '1012345678V123456', first_name: 'Alex', last_name: 'Morgan', email: 'alex.morgan@example.com', va_profile_id: 1001, mhv_correlation_id: 5001 },
  { key: 'jordan', icn: '1098765432V654321', first_name: 'Jordan', last_name: 'Rivera', email: 'jordan.rivera@example.com', va_profile_id: 1002, mhv_correlation_id: 5002 },
  { key: 'casey', icn: '1055555555V555555', first_name: 'Casey', last_name: 'Nguyen', email: 'casey.nguyen@example.com', va_profile_id: 1003, mhv_correlation_id: 5003 },
] as const;

export const DEMO_CLINICIANS = [
  { key: 'shah', first_name: 'Priya', last_name: 'Shah', title: 'MD', email: 'priya.shah@example.va.gov' },
  { key: 'lee', first_name: 'Marcus', last_name: 'Lee', title: 'PharmD', email: 'marcus.lee@example.va.gov' },
  { key: 'brooks', first_name: 'Dana', last_name: 'Brooks', title: 'RN', email: 'dana.brooks@example.va.gov' },
] as const;

export type DemoPatientKey = (typeof DEMO_PATIENTS)[number]['key'];
export type DemoClinicianKey = (typeof DEMO_CLINICIANS)[number]['key'];

export interface DemoIds {
  patients: Record<DemoPatientKey, string>;
  clinicians: Record<DemoClinicianKey, string>;
}

export async function seedIdentity(tx: Tx): Promise<DemoIds> {
  await tx.insertInto('facilities').values(DEMO_FACILITIES).onConflict((oc) => oc.doNothing()).execute();
  const patients = {} as Record<DemoPatientKey, string>;
  for (const { key, ...p } of DEMO_PATIENTS) {
    const row = await tx.insertInto('patients').values(p).returning('id').executeTakeFirstOrThrow();
    patients[key] = row.id;
    await tx.insertInto('users').values({
      role: 'veteran', patient_id: row.id, display_name: `${p.first_name} ${p.last_name}`, external_subject: `mock:${key}`,
    }).execute();
  }
  const clinicians = {} as Record<DemoClinicianKey, string>;
  for (const { key, ...c } of DEMO_CLINICIANS) {
    const row = await tx.insertInto('clinicians').values(c).returning('id').executeTakeFirstOrThrow();
    clinicians[key] = row.id;
    await tx.insertInto('users').values({
      role: 'care_team', clinician_id: row.id, display_name: `${c.first_name} ${c.last_name}, ${c.title}`, external_subject: `mock:${key}`,
    }).execute();
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
