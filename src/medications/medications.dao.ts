/** SQL for the Medications feature. Every query is scoped by patient id. */
import type { Db, Tx } from '../platform/db/pool.js';

export type PrescriptionRow = Awaited<ReturnType<typeof listPrescriptions>>[number];

function prescriptionQuery(db: Db | Tx) {
  return db
    .selectFrom('prescriptions as rx')
    .innerJoin('facilities as f', 'f.station_number', 'rx.station_number')
    .leftJoin('clinicians as c', 'c.id', 'rx.prescriber_id')
    .select([
      'rx.id', 'rx.patient_id', 'rx.rx_number', 'rx.medication_name', 'rx.instructions', 'rx.status',
      'rx.refills_remaining', 'rx.quantity', 'rx.days_supply', 'rx.issue_date', 'rx.expiration_date',
      'rx.last_fill_date', 'rx.is_non_va', 'rx.is_controlled_substance', 'rx.station_number', 'rx.prescriber_id',
      'f.name as facility_name', 'f.phone as facility_phone',
      'c.first_name as prescriber_first_name', 'c.last_name as prescriber_last_name', 'c.title as prescriber_title',
    ]);
}

export async function listPrescriptions(db: Db | Tx, patientId: string) {
  return prescriptionQuery(db)
    .where('rx.patient_id', '=', patientId)
    .orderBy('rx.medication_name')
    .orderBy('rx.rx_number')
    .execute();
}

/** One prescription if it belongs to `patientId`; otherwise undefined (callers answer 404). */
export async function findPrescription(db: Db | Tx, patientId: string, id: string) {
  return prescriptionQuery(db).where('rx.patient_id', '=', patientId).where('rx.id', '=', id).executeTakeFirst();
}

export async function listFills(db: Db | Tx, prescriptionId: string) {
  return db
    .selectFrom('prescription_fills')
    .select(['fill_number', 'fill_date', 'quantity'])
    .where('prescription_id', '=', prescriptionId)
    .orderBy('fill_number', 'desc')
    .execute();
}

/** Lock the patient's prescriptions with these ids for update (refill request). */
export async function lockPrescriptions(tx: Tx, patientId: string, ids: string[]) {
  return prescriptionQuery(tx).where('rx.patient_id', '=', patientId).where('rx.id', 'in', ids).forUpdate('rx').execute();
}

export async function insertRefillRequests(tx: Tx, patientId: string, prescriptionIds: string[]) {
  return tx
    .insertInto('refill_requests')
    .values(prescriptionIds.map((id) => ({ prescription_id: id, patient_id: patientId })))
    .returning(['id', 'prescription_id', 'requested_at'])
    .execute();
}

export async function markRefillSubmitted(tx: Tx, prescriptionIds: string[]): Promise<void> {
  await tx
    .updateTable('prescriptions')
    .set({ status: 'active_submitted', updated_at: new Date() })
    .where('id', 'in', prescriptionIds)
    .execute();
}
