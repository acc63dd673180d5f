import { describe, expect, it } from 'vitest';
import { CUTOVER_STATES, decideCutover, type CutoverAction, type CutoverState } from './cutover.js';

const now = new Date('2026-07-01T12:00:00Z');
const off = new Date('2026-07-01T06:00:00Z');
const A: Record<string, CutoverAction> = {
  setLegacy: { type: 'set-legacy' },
  begin: { type: 'begin' },
  confirm: { type: 'confirm-mhv-off', mhvSendingOffAt: off, now },
  confirmFuture: { type: 'confirm-mhv-off', mhvSendingOffAt: new Date('2026-07-02T00:00:00Z'), now },
  rollback: { type: 'rollback' },
};

describe('decideCutover', () => {
  it.each<[CutoverState, keyof typeof A, CutoverState | null, string | null]>([
    ['unconfigured', 'setLegacy', 'legacy', 'all-to-legacy'],
    ['unconfigured', 'begin', 'cutover-pending', 'none'],
    ['unconfigured', 'confirm', null, null],
    ['unconfigured', 'rollback', null, null],
    ['legacy', 'begin', 'cutover-pending', 'none'],
    ['legacy', 'setLegacy', null, null],
    ['legacy', 'confirm', null, null], // never straight to rxbridge: MHV may still be sending
    ['legacy', 'rollback', null, null],
    ['cutover-pending', 'confirm', 'rxbridge', 'split'],
    ['cutover-pending', 'confirmFuture', null, null],
    ['cutover-pending', 'rollback', 'legacy', 'all-to-legacy'],
    ['cutover-pending', 'begin', null, null],
    ['rxbridge', 'rollback', 'legacy', 'none'],
    ['rxbridge', 'begin', null, null],
    ['rxbridge', 'confirm', null, null],
  ])('%s + %s → %s (held: %s)', (from, action, to, held) => {
    const d = decideCutover(from, A[action]!);
    if (to === null) expect(d.ok).toBe(false);
    else expect(d).toMatchObject({ ok: true, to, held: { kind: held } });
  });

  it('go-live splits held shipments at the time MHV stopped sending', () => {
    expect(decideCutover('cutover-pending', A.confirm!)).toEqual({ ok: true, to: 'rxbridge', held: { kind: 'split', sendFrom: off } });
  });

  it('rxbridge is reachable only through cutover-pending + confirmation', () => {
    for (const from of CUTOVER_STATES)
      for (const a of Object.values(A)) {
        const d = decideCutover(from, a);
        if (d.ok && d.to === 'rxbridge') expect([from, a.type]).toEqual(['cutover-pending', 'confirm-mhv-off']);
      }
  });
});
