/** Demo prescriptions covering every eligibility outcome, at both facilities. */
import type { Tx } from '../platform/db/pool.js';
import type { PrescriptionStatus } from '../medications/index.js';
import type { DemoClinicianKey, DemoIds, DemoPatientKey } from './demo-identity.js';

const addDays = (today: string, days: number): string =>
  new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

interface DemoRx {
  patient: DemoPatientKey;
  station: '442' | '554';
  prescriber: DemoClinicianKey;
  rx: string;
  name: string;
  sig: string;
  status: PrescriptionStatus;
  refills: number;
  qty: number;
  days: number;
  /** expiration relative to today, in days */
  expires: number;
  /** last fill relative to today, or null if never filled */
  lastFill: number | null;
  nonVa?: boolean;
  controlled?: boolean;
}

export const DEMO_PRESCRIPTIONS: DemoRx[] = [
  { patient: 'alex', station: '442', prescriber: 'shah', rx: '2719536', name: 'ATORVASTATIN 40MG TAB', sig: 'TAKE ONE TABLET BY MOUTH EVERY EVENING', status: 'active', refills: 3, qty: 90, days: 90, expires: 200, lastFill: -20 },
  { patient: 'alex', station: '442', prescriber: 'shah', rx: '2719547', name: 'LISINOPRIL 10MG TAB', sig: 'TAKE ONE TABLET BY MOUTH DAILY', status: 'active', refills: 0, qty: 30, days: 30, expires: 60, lastFill: -25 },
  { patient: 'alex', station: '554', prescriber: 'lee', rx: '3636412', name: 'METFORMIN HCL 500MG TAB', sig: 'TAKE ONE TABLET BY MOUTH TWICE A DAY WITH MEALS', status: 'expired', refills: 2, qty: 180, days: 90, expires: -30, lastFill: -95 },
  { patient: 'alex', station: '554', prescriber: 'lee', rx: '3636423', name: 'SERTRALINE HCL 50MG TAB', sig: 'TAKE ONE TABLET BY MOUTH DAILY', status: 'expired', refills: 0, qty: 30, days: 30, expires: -200, lastFill: -230 },
  { patient: 'alex', station: '442', prescriber: 'shah', rx: '2719558', name: 'GABAPENTIN 300MG CAP', sig: 'TAKE ONE CAPSULE BY MOUTH THREE TIMES A DAY', status: 'active_refill_in_process', refills: 4, qty: 90, days: 30, expires: 250, lastFill: -28 },
  { patient: 'alex', station: '442', prescriber: 'shah', rx: '2719569', name: 'OMEPRAZOLE 20MG CAP', sig: 'TAKE ONE CAPSULE BY MOUTH DAILY BEFORE BREAKFAST', status: 'discontinued', refills: 1, qty: 30, days: 30, expires: 100, lastFill: -60 },
  { patient: 'alex', station: '442', prescriber: 'shah', rx: '2719570', name: 'FISH OIL 1000MG CAP', sig: 'TAKE ONE CAPSULE BY MOUTH DAILY', status: 'active', refills: 0, qty: 0, days: 0, expires: 300, lastFill: null, nonVa: true },
  { patient: 'alex', station: '554', prescriber: 'lee', rx: '3636434', name: 'ALBUTEROL 90MCG INHALER', sig: 'INHALE 2 PUFFS BY MOUTH EVERY 4 HOURS AS NEEDED', status: 'active_submitted', refills: 2, qty: 1, days: 30, expires: 150, lastFill: -40 },
  { patient: 'alex', station: '554', prescriber: 'lee', rx: '3636445', name: 'TRAMADOL HCL 50MG TAB', sig: 'TAKE ONE TABLET BY MOUTH EVERY 6 HOURS AS NEEDED FOR PAIN', status: 'active_on_hold', refills: 1, qty: 60, days: 15, expires: 40, lastFill: -20, controlled: true },
  { patient: 'jordan', station: '554', prescriber: 'lee', rx: '3636456', name: 'AMLODIPINE BESYLATE 5MG TAB', sig: 'TAKE ONE TABLET BY MOUTH DAILY', status: 'active', refills: 2, qty: 90, days: 90, expires: 180, lastFill: -10 },
  { patient: 'jordan', station: '554', prescriber: 'lee', rx: '3636467', name: 'LEVOTHYROXINE 50MCG TAB', sig: 'TAKE ONE TABLET BY MOUTH EVERY MORNING', status: 'active', refills: 0, qty: 90, days: 90, expires: 20, lastFill: -70 },
  { patient: 'jordan', station: '442', prescriber: 'shah', rx: '2719581', name: 'TAMSULOSIN 0.4MG CAP', sig: 'TAKE ONE CAPSULE BY MOUTH AT BEDTIME', status: 'transferred', refills: 3, qty: 30, days: 30, expires: 120, lastFill: -30 },
  { patient: 'casey', station: '442', prescriber: 'shah', rx: '2719592', name: 'LOSARTAN POTASSIUM 50MG TAB', sig: 'TAKE ONE TABLET BY MOUTH DAILY', status: 'active', refills: 5, qty: 30, days: 30, expires: 300, lastFill: -5 },
  { patient: 'casey', station: '442', prescriber: 'shah', rx: '2719603', name: 'PREDNISONE 10MG TAB', sig: 'TAKE AS DIRECTED', status: 'expired', refills: 0, qty: 21, days: 7, expires: -10, lastFill: -50 },
];

export async function seedMedications(tx: Tx, ids: DemoIds, today: string): Promise<void> {
  for (const d of DEMO_PRESCRIPTIONS) {
    const lastFill = d.lastFill === null ? null : addDays(today, d.lastFill);
    const row = await tx.insertInto('prescriptions').values({
      patient_id: ids.patients[d.patient],
      station_number: d.station,
      prescriber_id: ids.clinicians[d.prescriber],
      rx_number: d.rx,
      medication_name: d.name,
      instructions: d.sig,
      status: d.status,
      refills_remaining: d.refills,
      quantity: d.qty,
      days_supply: d.days,
      issue_date: addDays(today, d.expires - 365),
      expiration_date: addDays(today, d.expires),
      last_fill_date: lastFill,
      is_non_va: d.nonVa ?? false,
      is_controlled_substance: d.controlled ?? false,
    }).returning('id').executeTakeFirstOrThrow();
    if (lastFill) {
      // An original fill a cycle before the latest one, then the latest fill.
      const earlier = addDays(lastFill, -Math.max(d.days, 30));
      await tx.insertInto('prescription_fills').values([
        { prescription_id: row.id, fill_number: 0, fill_date: earlier, quantity: d.qty },
        { prescription_id: row.id, fill_number: 1, fill_date: lastFill, quantity: d.qty },
      ]).execute();
    }
  }
}
