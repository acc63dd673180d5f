/**
 * Refill requests. All-or-nothing: every id must be the Veteran's own (else 404, as if it did not
 * exist) and refillable today (else 422 naming the offending array element and its reason code).
 */
import type { AppContext } from '../platform/context.js';
import { notEligible, notFound } from '../platform/http/errors.js';
import { eligibilityReasonText } from './eligibility.js';
import { eligibilityOf } from './prescription-loader.js';
import { insertRefillRequests, lockPrescriptions, markRefillSubmitted } from './medications.dao.js';

export async function requestRefills(ctx: AppContext, patientId: string, prescriptionIds: string[]) {
  const ids = [...new Set(prescriptionIds)];
  return ctx.db.transaction().execute(async (tx) => {
    const rows = await lockPrescriptions(tx, patientId, ids);
    if (rows.length !== ids.length) throw notFound('Prescription');
    for (const [index, id] of prescriptionIds.entries()) {
      const row = rows.find((r) => r.id === id);
      if (!row) continue;
      const e = eligibilityOf(row, ctx.clock.today(), ctx.config.RENEWAL_WINDOW_DAYS);
      if (!e.refillable) throw notEligible(eligibilityReasonText(e.reason, ctx.config.RENEWAL_WINDOW_DAYS), e.reason, `body.prescriptionIds.${index}`);
    }
    const requests = await insertRefillRequests(tx, patientId, ids);
    await markRefillSubmitted(tx, ids);
    return requests.map((r) => ({ prescriptionId: r.prescription_id, requestId: r.id, requestedAt: r.requested_at.toISOString() }));
  });
}
