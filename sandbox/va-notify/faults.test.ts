/** Fault settings: validation of PUT /_sandbox/faults bodies and how one roll picks one fault. */
import { describe, expect, it } from 'vitest';
import { FaultInjector, parseFaults } from './faults.js';
import { outcomeFor } from './progression.js';

describe('parseFaults', () => {
  it.each<[string, unknown, ReturnType<typeof parseFaults>]>([
    ['rates and timeout', { error500Rate: 0.2, timeoutMs: 100 }, { ok: true, value: { error500Rate: 0.2, timeoutMs: 100 } }],
    ['timeoutRate is the after-accept timeout', { timeoutRate: 0.5 }, { ok: true, value: { timeoutAfterAcceptRate: 0.5 } }],
    ['rate above 1', { rate429Rate: 2 }, { ok: false, message: 'rate429Rate must be a number from 0 to 1' }],
    ['rate as string', { error500Rate: '0.1' }, { ok: false, message: 'error500Rate must be a number from 0 to 1' }],
    ['negative timeout', { timeoutMs: -1 }, { ok: false, message: 'timeoutMs must be a non-negative integer' }],
    ['unknown key', { explode: 1 }, { ok: false, message: 'explode is not a fault setting' }],
    ['not an object', 'x', { ok: false, message: 'body must be an object' }],
  ])('%s', (_n, input, expected) => {
    expect(parseFaults(input)).toEqual(expected);
  });
});

describe('FaultInjector.roll', () => {
  it.each<[number, string | null]>([
    [0.05, 'error500'],
    [0.15, 'timeoutBeforeAccept'],
    [0.25, 'rate429'],
    [0.35, 'timeoutAfterAccept'],
    [0.45, null],
  ])('roll %f → %s', (r, kind) => {
    const f = new FaultInjector({ error500Rate: 0.1, timeoutBeforeAcceptRate: 0.1, rate429Rate: 0.1, timeoutAfterAcceptRate: 0.1 }, () => r);
    expect(f.roll()).toBe(kind);
  });

  it('no faults by default', () => {
    expect(new FaultInjector(undefined, () => 0).roll()).toBeNull();
  });
});

describe('research-mode outcomes (A12)', () => {
  it.each([
    ['delivered@simulator.notify', 'delivered', null],
    ['PERM-FAIL@simulator.notify', 'permanent-failure', 'Undeliverable - Unable to deliver'],
    ['temp-fail@simulator.notify', 'temporary-failure', 'Retryable - Notification is unable to be processed at this time. Replay the request to VA Notify.'],
    ['+17700900002', 'permanent-failure', 'Undeliverable - Unable to deliver'],
    ['7700900003', 'temporary-failure', 'Retryable - Notification is unable to be processed at this time. Replay the request to VA Notify.'],
    ['someone@example.com', 'delivered', null],
  ])('%s → %s', (to, status, reason) => {
    expect(outcomeFor(to)).toEqual({ status, reason });
  });
});
