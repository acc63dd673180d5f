/**
 * Per-station cut-over from MHV's legacy shipment e-mails to rxbridge, as a small state machine.
 * Pure: state + action in, next state and what happens to the shipments held meanwhile out.
 *
 *   unconfigured ──set-legacy──► legacy ──begin──► cutover-pending ──confirm-mhv-off──► rxbridge
 *        └────────────begin───────────────────────────▲     │                              │
 *                                                           └──rollback──► legacy ◄──rollback┘
 *
 *  - unconfigured: a station nobody has decided about. Its shipments are HELD (shown on the ops page
 *    as "unconfigured, N shipments waiting"), never silently treated as legacy.
 *  - legacy: MHV e-mails the station's shipments; rxbridge records them and sends nothing.
 *  - cutover-pending: rxbridge prepares every shipment but HOLDS its e-mail, because MHV may still
 *    be sending (its SEND_EMAIL switch is MHV's, not ours: docs/mhv-cutover.md).
 *  - rxbridge: only after an operator confirms MHV's sending is off for the station, with who and
 *    from when (`mhvSendingOffAt`: the first shipment time MHV no longer e-mails).
 *
 * Held shipments are released exactly one way, in the transaction of the state change: on go-live
 * those created at or after `mhvSendingOffAt` are sent by rxbridge (once: one e-mail row, one job
 * key), those before it were MHV's and are released to legacy; on rollback (or set-legacy) all are
 * released to legacy. Never both, never neither.
 */
export const CUTOVER_STATES = ['unconfigured', 'legacy', 'cutover-pending', 'rxbridge'] as const;
export type CutoverState = (typeof CUTOVER_STATES)[number];

export type CutoverAction = { type: 'set-legacy' } | { type: 'begin' } | { type: 'confirm-mhv-off'; mhvSendingOffAt: Date; now: Date } | { type: 'rollback' };

export type HeldRelease = { kind: 'none' } | { kind: 'all-to-legacy' } | { kind: 'split'; sendFrom: Date };

export type CutoverDecision = { ok: true; to: CutoverState; held: HeldRelease } | { ok: false; reason: string };

export function decideCutover(from: CutoverState, action: CutoverAction): CutoverDecision {
  switch (action.type) {
    case 'set-legacy':
      if (from === 'unconfigured') return { ok: true, to: 'legacy', held: { kind: 'all-to-legacy' } };
      return { ok: false, reason: `A ${from} station goes back to legacy by rollback` };
    case 'begin':
      if (from === 'unconfigured' || from === 'legacy') return { ok: true, to: 'cutover-pending', held: { kind: 'none' } };
      return { ok: false, reason: `Cut-over cannot begin from ${from}` };
    case 'confirm-mhv-off':
      if (from !== 'cutover-pending') return { ok: false, reason: 'MHV’s sending can only be confirmed off during a pending cut-over' };
      if (action.mhvSendingOffAt.getTime() > action.now.getTime())
        return { ok: false, reason: 'MHV’s sending cannot be confirmed off from a time in the future' };
      return { ok: true, to: 'rxbridge', held: { kind: 'split', sendFrom: action.mhvSendingOffAt } };
    case 'rollback':
      if (from === 'cutover-pending' || from === 'rxbridge')
        return { ok: true, to: 'legacy', held: { kind: from === 'cutover-pending' ? 'all-to-legacy' : 'none' } };
      return { ok: false, reason: `Nothing to roll back from ${from}` };
  }
}
