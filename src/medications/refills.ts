/**
 * Refill requests for a set of prescriptions, answered per prescription (VA.gov: bulk refill with
 * successful_ids / failed_ids). Each id is decided on its own: submitted when it is the Veteran's
 * own and refillable today; otherwise failed with the eligibility reason, or NOT_FOUND when it is
 * not the Veteran's — the same answer for another Veteran's id and for one that does not exist.
 * When none of the ids is the Veteran's, the whole request is 404 (as for one unknown id).
 */
import type { AppContext } from '../platform/context.js';
import { notFound } from '../platform/http/errors.js';
import type { RefillResult } from '../shared/api/medications.js';
import { eligibilityReasonText } from './eligibility.js';
import { eligibilityOf } from './prescription-loader.js';
import { insertRefillRequests, lockPrescriptions, markRefillSubmitted } from './medications.dao.js';

export const NOT_FOUND_TEXT = 'We can’t find this prescription in your medications list.';

export async function requestRefills(ctx: AppContext, patientId: string, prescriptionIds: string[]): Promise<RefillResult> {
  const ids = [...new Set(prescriptionIds)];
  return ctx.db.transaction().execute(async (tx) => {
    const rows = await lockPrescriptions(tx, patientId, ids);
    if (rows.length === 0) throw notFound('Prescription');
    const byId = new Map(rows.map((r) => [r.id, r]));
    const window = ctx.config.RENEWAL_WINDOW_DAYS;
    const decided = ids.map((id) => {
      const row = byId.get(id);
      if (!row) return { id, row: null, refillable: false as const, reason: 'NOT_FOUND' as const };
      const e = eligibilityOf(row, ctx.clock.today(), window);
      return e.refillable ? { id, row, refillable: true as const } : { id, row, refillable: false as const, reason: e.reason };
    });
    const okIds = decided.filter((d) => d.refillable).map((d) => d.id);
    const requests = okIds.length > 0 ? await insertRefillRequests(tx, patientId, okIds) : [];
    if (okIds.length > 0) await markRefillSubmitted(tx, okIds);
    const requestOf = new Map(requests.map((r) => [r.prescription_id, r]));

    const results: RefillResult['results'] = decided.map((d) => {
      if (d.refillable) {
        const r = requestOf.get(d.id)!;
        return { prescriptionId: d.id, outcome: 'submitted', name: d.row.medication_name, requestId: r.id, requestedAt: r.requested_at.toISOString() };
      }
      const reason = d.reason;
      if (reason === 'REFILLABLE') throw new Error('unreachable');
      return {
        prescriptionId: d.id,
        outcome: 'failed',
        name: d.row?.medication_name ?? null,
        reason,
        reasonText: reason === 'NOT_FOUND' ? NOT_FOUND_TEXT : eligibilityReasonText(reason, window),
      };
    });
    return {
      results,
      submitted: results.flatMap((r) =>
        r.outcome === 'submitted' ? [{ prescriptionId: r.prescriptionId, requestId: r.requestId, requestedAt: r.requestedAt }] : [],
      ),
      failed: results.flatMap((r) => (r.outcome === 'failed' ? [{ prescriptionId: r.prescriptionId, reason: r.reason }] : [])),
    };
  });
}
