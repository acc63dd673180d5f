/** Demo prescriptions covering every eligibility outcome, at both facilities. */
import type { Tx } from '../platform/db/pool.js';
import type { PrescriptionStatus } from '../medications/index.js';
import { DEMO_FACILITIES, DEMO_PATIENTS, type DemoClinicianKey, type DemoIds, type DemoPatientKey } from './demo-identity.js';

const addDays = (today: string, days: number): string => new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

interface DemoRx {
  patient: DemoPatientKey;
  station: '442' | '554' | '668';
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
  reason?: string;
}

export const DEMO_PRESCRIPTIONS: DemoRx[] = [
  {
    patient: 'alex',
    station: '442',
    prescriber: 'shah',
    rx: '2719536',
    name: 'ATORVASTATIN 40MG TAB',
    sig: 'TAKE ONE TABLET BY MOUTH EVERY EVENING',
    status: 'active',
    refills: 3,
    qty: 90,
    days: 90,
    expires: 200,
    lastFill: -20,
  },
  {
    patient: 'alex',
    station: '442',
    prescriber: 'shah',
    rx: '2719547',
    name: 'LISINOPRIL 10MG TAB',
    sig: 'TAKE ONE TABLET BY MOUTH DAILY',
    status: 'active',
    refills: 0,
    qty: 30,
    days: 30,
    expires: 60,
    lastFill: -25,
  },
  {
    patient: 'alex',
    station: '554',
    prescriber: 'lee',
    rx: '3636412',
    name: 'METFORMIN HCL 500MG TAB',
    sig: 'TAKE ONE TABLET BY MOUTH TWICE A DAY WITH MEALS',
    status: 'expired',
    refills: 2,
    qty: 180,
    days: 90,
    expires: -30,
    lastFill: -95,
  },
  {
    patient: 'alex',
    station: '554',
    prescriber: 'lee',
    rx: '3636423',
    name: 'SERTRALINE HCL 50MG TAB',
    sig: 'TAKE ONE TABLET BY MOUTH DAILY',
    status: 'expired',
    refills: 0,
    qty: 30,
    days: 30,
    expires: -200,
    lastFill: -230,
  },
  {
    patient: 'alex',
    station: '442',
    prescriber: 'shah',
    rx: '2719558',
    name: 'GABAPENTIN 300MG CAP',
    sig: 'TAKE ONE CAPSULE BY MOUTH THREE TIMES A DAY',
    status: 'active_refill_in_process',
    refills: 4,
    qty: 90,
    days: 30,
    expires: 250,
    lastFill: -28,
  },
  {
    patient: 'alex',
    station: '442',
    prescriber: 'shah',
    rx: '2719569',
    name: 'OMEPRAZOLE 20MG CAP',
    sig: 'TAKE ONE CAPSULE BY MOUTH DAILY BEFORE BREAKFAST',
    status: 'discontinued',
    refills: 1,
    qty: 30,
    days: 30,
    expires: 100,
    lastFill: -60,
  },
  {
    patient: 'alex',
    station: '442',
    prescriber: 'shah',
    rx: '2719570',
    name: 'FISH OIL 1000MG CAP',
    sig: 'TAKE ONE CAPSULE BY MOUTH DAILY',
    status: 'active',
    refills: 0,
    qty: 0,
    days: 0,
    expires: 300,
    lastFill: null,
    nonVa: true,
  },
  {
    patient: 'alex',
    station: '554',
    prescriber: 'lee',
    rx: '3636434',
    name: 'ALBUTEROL 90MCG INHALER',
    sig: 'INHALE 2 PUFFS BY MOUTH EVERY 4 HOURS AS NEEDED',
    status: 'active_submitted',
    refills: 2,
    qty: 1,
    days: 30,
    expires: 150,
    lastFill: -40,
  },
  {
    patient: 'alex',
    station: '554',
    prescriber: 'lee',
    rx: '3636445',
    name: 'TRAMADOL HCL 50MG TAB',
    sig: 'TAKE ONE TABLET BY MOUTH EVERY 6 HOURS AS NEEDED FOR PAIN',
    status: 'active_on_hold',
    refills: 1,
    qty: 60,
    days: 15,
    expires: 40,
    lastFill: -20,
    controlled: true,
  },
  {
    patient: 'jordan',
    station: '554',
    prescriber: 'lee',
    rx: '3636456',
    name: 'AMLODIPINE BESYLATE 5MG TAB',
    sig: 'TAKE ONE TABLET BY MOUTH DAILY',
    status: 'active',
    refills: 2,
    qty: 90,
    days: 90,
    expires: 180,
    lastFill: -10,
  },
  {
    patient: 'jordan',
    station: '554',
    prescriber: 'lee',
    rx: '3636467',
    name: 'LEVOTHYROXINE 50MCG TAB',
    sig: 'TAKE ONE TABLET BY MOUTH EVERY MORNING',
    status: 'active',
    refills: 0,
    qty: 90,
    days: 90,
    expires: 20,
    lastFill: -70,
  },
  {
    patient: 'jordan',
    station: '442',
    prescriber: 'shah',
    rx: '2719581',
    name: 'TAMSULOSIN 0.4MG CAP',
    sig: 'TAKE ONE CAPSULE BY MOUTH AT BEDTIME',
    status: 'transferred',
    refills: 3,
    qty: 30,
    days: 30,
    expires: 120,
    lastFill: -30,
  },
  {
    patient: 'casey',
    station: '442',
    prescriber: 'shah',
    rx: '2719592',
    name: 'LOSARTAN POTASSIUM 50MG TAB',
    sig: 'TAKE ONE TABLET BY MOUTH DAILY',
    status: 'active',
    refills: 5,
    qty: 30,
    days: 30,
    expires: 300,
    lastFill: -5,
  },
  {
    patient: 'casey',
    station: '442',
    prescriber: 'shah',
    rx: '2719603',
    name: 'PREDNISONE 10MG TAB',
    sig: 'TAKE AS DIRECTED',
    status: 'expired',
    refills: 0,
    qty: 21,
    days: 7,
    expires: -10,
    lastFill: -50,
  },
];

/**
 * Sam Taylor's ~40 prescriptions (issue 16): every status VA.gov shows, at a VistA site (442) and an
 * Oracle Health site (668), so paging (10 per page), the five filters and the three sorts have
 * something to do. [station, rx, name, status, refills, expires, lastFill, extra]
 */
type SamRx = [DemoRx['station'], string, string, PrescriptionStatus, number, number, number | null, Partial<DemoRx>?];
const SAM: SamRx[] = [
  ['442', '2800101', 'ACETAMINOPHEN 500MG TAB', 'active', 5, 300, -12, { reason: 'Pain' }],
  ['442', '2800112', 'ALLOPURINOL 100MG TAB', 'active', 3, 200, -40, { reason: 'Gout' }],
  ['668', '6680123', 'AMLODIPINE BESYLATE 10MG TAB', 'active', 2, 150, -33, { reason: 'High blood pressure' }],
  ['442', '2800134', 'ASPIRIN 81MG EC TAB', 'active', 11, 340, -8],
  ['668', '6680145', 'ATENOLOL 25MG TAB', 'active', 1, 90, -60],
  ['442', '2800156', 'BUPROPION HCL 150MG SA TAB', 'active', 4, 250, -19, { reason: 'Depression' }],
  ['442', '2800167', 'CARVEDILOL 6.25MG TAB', 'active', 2, 180, -27],
  ['668', '6680178', 'CETIRIZINE HCL 10MG TAB', 'active', 6, 320, -3, { reason: 'Allergies' }],
  ['442', '2800189', 'CLOPIDOGREL 75MG TAB', 'active', 3, 210, -45],
  ['668', '6680190', 'DULOXETINE HCL 30MG CAP', 'active', 2, 160, -22],
  ['442', '2800202', 'ESCITALOPRAM 10MG TAB', 'active', 5, 280, -15],
  ['442', '2800213', 'FINASTERIDE 5MG TAB', 'active', 0, 120, -30, { reason: 'Enlarged prostate' }],
  ['668', '6680224', 'FLUTICASONE 50MCG NASAL SPRAY', 'active', 0, 75, -50],
  ['442', '2800235', 'FUROSEMIDE 20MG TAB', 'active', 0, 40, -20],
  ['442', '2800246', 'GLIPIZIDE 5MG TAB', 'active_parked', 3, 260, -90, { reason: 'Diabetes' }],
  ['668', '6680257', 'HYDROCHLOROTHIAZIDE 25MG TAB', 'active_parked', 2, 230, null],
  ['442', '2800268', 'HYDROCODONE/APAP 5/325MG TAB', 'active_on_hold', 0, 60, -35, { controlled: true }],
  ['442', '2800279', 'IBUPROFEN 800MG TAB', 'active_refill_in_process', 2, 190, -29],
  ['668', '6680280', 'INSULIN GLARGINE 100 UNIT/ML PEN', 'active_refill_in_process', 4, 220, -26, { reason: 'Diabetes' }],
  ['442', '2800291', 'LATANOPROST 0.005% OPH SOLN', 'active_refill_in_process', 3, 270, -31],
  ['442', '2800303', 'LEVETIRACETAM 500MG TAB', 'active_submitted', 5, 300, -28],
  ['668', '6680314', 'LORATADINE 10MG TAB', 'active_submitted', 2, 140, -36],
  ['442', '2800325', 'MELOXICAM 15MG TAB', 'active_suspended', 3, 200, -14],
  ['442', '2800336', 'METOPROLOL SUCCINATE 50MG SA TAB', 'discontinued', 2, 100, -70],
  ['668', '6680347', 'MIRTAZAPINE 15MG TAB', 'discontinued', 0, 20, -120],
  ['442', '2800358', 'MONTELUKAST 10MG TAB', 'discontinued', 1, -10, -100],
  ['442', '2800369', 'NAPROXEN 500MG TAB', 'expired', 0, -15, -75, { reason: 'Pain' }],
  ['668', '6680370', 'PANTOPRAZOLE 40MG EC TAB', 'expired', 2, -45, -110],
  ['442', '2800381', 'PRAVASTATIN 40MG TAB', 'expired', 1, -90, -150],
  ['442', '2800392', 'PROPRANOLOL 10MG TAB', 'expired', 0, -200, -260],
  ['668', '6680403', 'QUETIAPINE 25MG TAB', 'expired', 0, -300, -380],
  ['442', '2800414', 'RANITIDINE 150MG TAB', 'expired', 0, -400, -470],
  ['442', '2800425', 'SIMVASTATIN 20MG TAB', 'transferred', 3, 150, -50],
  ['442', '2800436', 'SUMATRIPTAN 50MG TAB', 'unknown', 2, 100, -40],
  ['442', '2800447', 'TRAZODONE 50MG TAB', 'pending_new', 5, 365, null],
  ['668', '6680458', 'VALSARTAN 80MG TAB', 'pending_renewal', 5, 365, null],
  ['442', '2800469', 'VITAMIN D3 1000 UNIT TAB', 'active', 0, 300, null, { nonVa: true }],
  ['668', '6680470', 'GLUCOSAMINE 500MG CAP', 'active', 0, 300, null, { nonVa: true }],
  ['442', '2800481', 'MELATONIN 3MG TAB', 'active', 0, 300, null, { nonVa: true }],
  ['668', '6680492', 'ZOLPIDEM 5MG TAB', 'active', 1, 45, -24, { controlled: true }],
];

export const SAM_PRESCRIPTIONS: DemoRx[] = SAM.map(([station, rx, name, status, refills, expires, lastFill, extra]) => ({
  patient: 'sam',
  station,
  prescriber: station === '668' ? 'lee' : 'shah',
  rx,
  name,
  sig: extra?.nonVa ? 'TAKE AS DIRECTED' : 'TAKE ONE BY MOUTH DAILY',
  status,
  refills,
  qty: extra?.nonVa ? 0 : 30,
  days: extra?.nonVa ? 0 : 30,
  expires,
  lastFill,
  ...extra,
}));

export async function seedMedications(tx: Tx, ids: DemoIds, today: string, list: DemoRx[] = DEMO_PRESCRIPTIONS): Promise<void> {
  for (const d of list) {
    const lastFill = d.lastFill === null ? null : addDays(today, d.lastFill);
    const row = await tx
      .insertInto('prescriptions')
      .values({
        patient_id: ids.patients[d.patient],
        station_number: d.station,
        prescriber_id: ids.clinicians[d.prescriber],
        rx_number: d.rx,
        medication_name: d.name,
        instructions: d.sig,
        reason_for_use: d.reason ?? null,
        status: d.status,
        refills_remaining: d.refills,
        quantity: d.qty,
        days_supply: d.days,
        issue_date: addDays(today, d.expires - 365),
        expiration_date: addDays(today, d.expires),
        last_fill_date: lastFill,
        is_non_va: d.nonVa ?? false,
        is_controlled_substance: d.controlled ?? false,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (lastFill) {
      // An original fill a cycle before the latest one, then the latest fill.
      const earlier = addDays(lastFill, -Math.max(d.days, 30));
      await tx
        .insertInto('prescription_fills')
        .values([
          { prescription_id: row.id, fill_number: 0, fill_date: earlier, quantity: d.qty },
          { prescription_id: row.id, fill_number: 1, fill_date: lastFill, quantity: d.qty },
        ])
        .execute();
    }
  }
}

/**
 * Seed step for issue 16, also on data directories seeded before it: the Oracle Health facility,
 * the 40-prescription Veteran (patient + user when missing) and their prescriptions.
 */
export async function seedManyPrescriptions(tx: Tx, ids: DemoIds, today: string): Promise<void> {
  await tx
    .insertInto('facilities')
    .values(DEMO_FACILITIES)
    .onConflict((oc) => oc.doNothing())
    .execute();
  const sam = DEMO_PATIENTS.find((p) => p.key === 'sam')!;
  let patientId = ids.patients.sam;
  if (!patientId) {
    const { key: _key, ...p } = sam;
    patientId = (await tx.insertInto('patients').values(p).returning('id').executeTakeFirstOrThrow()).id;
    await tx
      .insertInto('users')
      .values({ role: 'veteran', patient_id: patientId, display_name: `${p.first_name} ${p.last_name}`, external_subject: 'mock:sam' })
      .execute();
  }
  await seedMedications(tx, { ...ids, patients: { ...ids.patients, sam: patientId } }, today, SAM_PRESCRIPTIONS);
}
