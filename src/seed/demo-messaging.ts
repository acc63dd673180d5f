/**
 * Demo care teams and messages.
 *  - Alex: teams at both stations (442 and 554); the 442 cardiology team is blocked (VA.gov's
 *    "You can't send messages to Cheyenne Cardiology" alert); the 554 pharmacy is associated but not
 *    in the contact list ("Update your contact list"); the 442 Release of Information team requires
 *    an electronic signature; an earlier conversation with the 554 primary-care team (so "Care teams
 *    you recently sent messages to" and the Inbox have something to show).
 *  - Jordan: one team at each station, both in the contact list.
 *  - Casey: no care team at all — the known limitation the renewal flow must explain.
 *  - Clinicians: Shah (442 primary care, 442 cardiology), Lee (554 primary care, 554 pharmacy),
 *    Brooks (primary care at both stations).
 */
import type { Tx } from '../platform/db/pool.js';
import type { DemoClinicianKey, DemoIds, DemoPatientKey } from './demo-identity.js';

export const DEMO_CARE_TEAMS = [
  { key: 'pc442', station: '442', name: 'Cheyenne Primary Care - Blue Team', members: ['shah', 'brooks'] },
  { key: 'cardio442', station: '442', name: 'Cheyenne Cardiology', members: ['shah'] },
  { key: 'pc554', station: '554', name: 'Aurora Primary Care - Green Team', members: ['lee', 'brooks'] },
  { key: 'pharm554', station: '554', name: 'Aurora Pharmacy', members: ['lee'] },
  { key: 'roi442', station: '442', name: 'Cheyenne Release of Information', members: ['brooks'], signatureRequired: true },
] as const satisfies ReadonlyArray<{ key: string; station: string; name: string; members: readonly DemoClinicianKey[]; signatureRequired?: boolean }>;
type TeamKey = (typeof DEMO_CARE_TEAMS)[number]['key'];

const ASSOCIATIONS: Array<{ patient: DemoPatientKey; team: TeamKey; blocked?: boolean; preferred?: boolean }> = [
  { patient: 'alex', team: 'pc442', preferred: true },
  { patient: 'alex', team: 'cardio442', blocked: true },
  { patient: 'alex', team: 'pc554', preferred: true },
  { patient: 'alex', team: 'pharm554', preferred: false },
  { patient: 'alex', team: 'roi442', preferred: true },
  { patient: 'jordan', team: 'pc554', preferred: true },
  { patient: 'jordan', team: 'pc442', preferred: true },
  // casey: none, on purpose
];

const daysAgo = (now: Date, days: number, hour = 15) => {
  const d = new Date(now.getTime() - days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d;
};

export async function seedMessaging(tx: Tx, ids: DemoIds, today: string): Promise<void> {
  const teamIds = {} as Record<TeamKey, string>;
  for (const t of DEMO_CARE_TEAMS) {
    const row = await tx
      .insertInto('care_teams')
      .values({ station_number: t.station, name: t.name, signature_required: 'signatureRequired' in t ? t.signatureRequired : false })
      .returning('id')
      .executeTakeFirstOrThrow();
    teamIds[t.key] = row.id;
    await tx
      .insertInto('care_team_members')
      .values(t.members.map((m) => ({ care_team_id: row.id, clinician_id: ids.clinicians[m] })))
      .execute();
  }
  await tx
    .insertInto('patient_care_teams')
    .values(
      ASSOCIATIONS.map((a) => ({
        patient_id: ids.patients[a.patient],
        care_team_id: teamIds[a.team],
        blocked: a.blocked ?? false,
        preferred: a.preferred ?? !a.blocked,
      })),
    )
    .execute();

  // One earlier, answered conversation between Alex and the Aurora primary-care team.
  const now = new Date(`${today}T12:00:00Z`);
  const asked = daysAgo(now, 20, 14);
  const answered = daysAgo(now, 19, 16);
  const thread = await tx
    .insertInto('message_threads')
    .values({
      patient_id: ids.patients.alex,
      care_team_id: teamIds.pc554,
      category: 'APPOINTMENTS',
      subject: 'Question about my next appointment',
      renewal_prescription_id: null,
      created_at: asked,
      last_message_at: answered,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('messages')
    .values([
      {
        thread_id: thread.id,
        sender_type: 'veteran',
        sender_clinician_id: null,
        body: 'Hello, can my next check-up be in the morning? Thank you.',
        sent_at: asked,
        read_at: asked,
        notification_id: null,
        notified_at: null,
      },
      {
        thread_id: thread.id,
        sender_type: 'clinician',
        sender_clinician_id: ids.clinicians.lee,
        body: 'Yes. We moved it to 9:00 a.m. on the same day. Reply here if that doesn’t work for you.',
        sent_at: answered,
        read_at: answered,
        notification_id: null,
        notified_at: null,
      },
    ])
    .execute();
}
