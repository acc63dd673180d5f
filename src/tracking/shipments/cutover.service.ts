/**
 * Applying a cut-over action to a station: the decision (cutover.ts), the new state, the release
 * of held e-mails and the audit row, all in one transaction under the station's row lock — so a
 * held shipment is released exactly one way, and concurrent ingest sees either the old state or
 * the new one.
 */
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import { decideCutover, type CutoverAction, type CutoverState } from './cutover.js';
import { insertCutoverAudit, lockStationState, releaseHeldToLegacy, releaseHeldToRxbridge, writeStationState } from './cutover.dao.js';
import { sendShipmentEmailJob } from '../tasks/jobs.js';

export type CutoverRequest = { action: 'set-legacy' | 'begin' | 'rollback' } | { action: 'confirm-mhv-off'; mhvSendingOffAt: Date };

export type CutoverOutcome =
  { ok: true; from: CutoverState; to: CutoverState; sentByRxbridge: number; releasedToLegacy: number } | { ok: false; from: CutoverState; reason: string };

export async function applyCutover(ctx: AppContext, station: string, req: CutoverRequest, by: string): Promise<CutoverOutcome> {
  return ctx.db.transaction().execute(async (tx) => {
    // A first row for an unconfigured station is created by writeStationState; lock what exists.
    const from = await lockStationState(tx, station);
    // "Now" is the database's: shipments' created_at, which the cut-off is compared with, is too.
    const now = (await sql<{ now: Date }>`select now() as now`.execute(tx)).rows[0]!.now;
    const action: CutoverAction =
      req.action === 'confirm-mhv-off' ? { type: 'confirm-mhv-off', mhvSendingOffAt: req.mhvSendingOffAt, now } : { type: req.action };
    const d = decideCutover(from, action);
    if (!d.ok) return { ok: false, from, reason: d.reason };
    await writeStationState(
      tx,
      station,
      d.to as Exclude<CutoverState, 'unconfigured'>,
      by,
      req.action === 'confirm-mhv-off' ? { mhvSendingOffAt: req.mhvSendingOffAt } : null,
    );
    let sent: string[] = [];
    let legacy = 0;
    if (d.held.kind === 'split') {
      sent = await releaseHeldToRxbridge(tx, station, d.held.sendFrom);
      legacy = await releaseHeldToLegacy(tx, station, 'Released to legacy MHV e-mail: created before MHV’s sending was turned off');
      await sendShipmentEmailJob.enqueueMany(
        tx,
        sent.map((shipmentId) => ({ shipmentId })),
      );
    } else if (d.held.kind === 'all-to-legacy') {
      legacy = await releaseHeldToLegacy(
        tx,
        station,
        req.action === 'rollback' ? 'Released to legacy MHV e-mail: cut-over rolled back' : 'Released to legacy MHV e-mail: station set to legacy',
      );
    }
    await insertCutoverAudit(tx, {
      station,
      action: req.action,
      from,
      to: d.to,
      mhvSendingOffAt: req.action === 'confirm-mhv-off' ? req.mhvSendingOffAt : null,
      sent: sent.length,
      legacy,
      by,
    });
    ctx.log.info({ station, from, to: d.to, sent: sent.length, legacy }, 'station cut-over changed');
    return { ok: true, from, to: d.to, sentByRxbridge: sent.length, releasedToLegacy: legacy };
  });
}
