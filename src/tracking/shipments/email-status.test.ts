import { describe, expect, it } from 'vitest';
import { canTransition, EMAIL_STATUSES, fromVaNotifyStatus, isTerminal, type EmailStatus } from './email-status.js';

describe('shipment e-mail status machine', () => {
  it.each<[EmailStatus, EmailStatus, boolean]>([
    ['pending', 'submitting', true],
    ['pending', 'suppressed', true],
    ['pending', 'delivered', false],
    ['submitting', 'created', true],
    ['submitting', 'rejected', true],
    ['created', 'delivering', true],
    ['created', 'delivered', true],
    ['delivering', 'created', false],
    ['delivering', 'delivered', true],
    ['delivered', 'permanent-failure', false],
    ['permanent-failure', 'delivered', false],
    ['temporary-failure', 'delivered', true],
    ['temporary-failure', 'permanent-failure', true],
    ['temporary-failure', 'submitting', true],
    ['temporary-failure', 'created', false],
    ['delivered', 'submitting', false],
    ['rejected', 'submitting', false],
    ['suppressed', 'submitting', false],
  ])('%s → %s allowed: %s', (from, to, ok) => {
    expect(canTransition(from, to)).toBe(ok);
  });

  it('never leaves a terminal state', () => {
    for (const from of EMAIL_STATUSES.filter(isTerminal)) {
      for (const to of EMAIL_STATUSES) expect(canTransition(from, to)).toBe(false);
    }
  });

  it.each([
    ['created', 'created'],
    ['sending', 'delivering'],
    ['pending', 'delivering'],
    ['sent', 'delivering'],
    ['delivered', 'delivered'],
    ['temporary-failure', 'temporary-failure'],
    ['permanent-failure', 'permanent-failure'],
    ['failed', 'permanent-failure'],
    ['validation-failed', 'permanent-failure'],
    ['cancelled', 'permanent-failure'],
    ['technical-failure', null],
    ['bogus', null],
  ])('VA Notify %s → %s', (va, ours) => {
    expect(fromVaNotifyStatus(va)).toBe(ours);
  });
});
