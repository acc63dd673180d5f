/**
 * The stand-in behaves like VA Notify under load: VA Profile look-ups are retried over VA Notify's
 * horizon (compressed), so failing look-ups alone do not become permanent-failure; and the soft
 * failure faults produce temporary-failure (RETRYABLE) and, for some, a late delivery.
 */
import { describe, expect, it } from 'vitest';
import { RX_SHIPMENT_TEMPLATE_ID } from '../../src/shared/local-defaults.js';
import { eventually, useSandboxes } from '../../test/helpers/sandboxes.js';
import { parseFaults } from './faults.js';
import { lookupRetryDelayMs } from './recipient-lookup.js';

const ALEX = '1012345678V123456';

describe('VA Profile look-up retry schedule (A10)', () => {
  it.each([
    [0, 1000],
    [1, 2000],
    [5, 32_000],
    [6, 60_000],
    [2885, 60_000],
  ])('attempt %i waits %i ms in VA Notify time', (attempt, ms) => {
    expect(lookupRetryDelayMs(attempt, 1000)).toBe(ms);
  });

  it('2886 retries capped at 60 s span about two days (VA Notify’s horizon)', () => {
    const total = Array.from({ length: 2886 }, (_, a) => lookupRetryDelayMs(a, 1000)).reduce((x, y) => x + y, 0);
    expect(total / 3_600_000).toBeGreaterThan(47);
    expect(total / 3_600_000).toBeLessThan(49);
  });

  it('soft-failure fault settings are validated like the others', () => {
    expect(parseFaults({ temporaryFailureRate: 0.1, lateDeliveryRate: 0.5, lateDeliveryMs: 200 })).toEqual({
      ok: true,
      value: { temporaryFailureRate: 0.1, lateDeliveryRate: 0.5, lateDeliveryMs: 200 },
    });
    expect(parseFaults({ lateDeliveryMs: -5 })).toEqual({ ok: false, message: 'lateDeliveryMs must be a non-negative integer' });
  });
});

describe('under VA Profile faults', () => {
  // 60 % of VA Profile requests fail: VA Notify keeps retrying, so every e-mail is still delivered.
  const s = useSandboxes({ profileFaults: { error500Rate: 0.6 } });

  it('load alone never turns into permanent-failure', async () => {
    const sent = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        s.notifyClient.sendEmail({
          template_id: RX_SHIPMENT_TEMPLATE_ID,
          recipient_identifier: { id_type: 'ICN', id_value: ALEX },
          personalisation: {
            carrier: 'USPS',
            tracking_number: `T${i}`,
            shipped_date: 'June 1, 2026',
            prescription_count: '1',
            prescription_list: '* Rx ending in 1234: X',
            tracking_link: 'Track',
          },
          reference: `ref-${i}`,
        }),
      ),
    );
    const done = await eventually(async () => {
      const all = sent.map((x) => s.notify.notifications.find((n) => n.id === x.id)!);
      return all.every((n) => ['delivered', 'permanent-failure'].includes(n.status)) && all;
    }, 20_000);
    expect(done.map((n) => n.status)).toEqual(Array(10).fill('delivered'));
  });
});

describe('soft-failure faults', () => {
  const s = useSandboxes({
    faults: { temporaryFailureRate: 1, lateDeliveryRate: 0.5, lateDeliveryMs: 50 },
    random: (() => {
      let i = 0;
      return () => [0.9, 0.2, 0.9, 0.7][i++ % 4]!;
    })(),
  });

  it('produce temporary-failure (RETRYABLE), and for some a late delivery, each marked as injected', async () => {
    const send = (ref: string) =>
      s.notifyClient.sendEmail({
        template_id: RX_SHIPMENT_TEMPLATE_ID,
        recipient_identifier: { id_type: 'ICN', id_value: ALEX },
        personalisation: {
          carrier: 'USPS',
          tracking_number: 'T',
          shipped_date: 'June 1, 2026',
          prescription_count: '1',
          prescription_list: '* X',
          tracking_link: 'Track',
        },
        reference: ref,
      });
    const a = await send('soft-a');
    const b = await send('soft-b');
    const [na, nb] = await eventually(() => {
      const x = [a, b].map((r) => s.notify.notifications.find((n) => n.id === r.id)!);
      return x.every((n) => n.injected && n.status !== 'sending') && x.some((n) => n.injected === 'late-delivery') && x;
    }, 10_000);
    const byKind = Object.fromEntries([na!, nb!].map((n) => [n.injected, n]));
    expect(byKind['late-delivery']!.status).toBe('delivered');
    expect(byKind['temporary-failure']).toMatchObject({ status: 'temporary-failure', statusReason: expect.stringMatching(/^Retryable/) });
  });
});

describe('a VA Profile outage that outlasts every retry', () => {
  const s = useSandboxes({ profileFaults: { error500Rate: 1 }, recipientLookupRetries: 3 });

  it('ends permanent-failure UNDELIVERABLE, as VA Notify does after its last retry', async () => {
    const { id } = await s.notifyClient.sendEmail({
      template_id: RX_SHIPMENT_TEMPLATE_ID,
      recipient_identifier: { id_type: 'ICN', id_value: ALEX },
      personalisation: {
        carrier: 'USPS',
        tracking_number: 'T',
        shipped_date: 'June 1, 2026',
        prescription_count: '1',
        prescription_list: '* X',
        tracking_link: 'Track',
      },
    });
    const n = await eventually(() => {
      const x = s.notify.notifications.find((y) => y.id === id)!;
      return x.status === 'permanent-failure' && x;
    }, 10_000);
    expect(n.statusReason).toBe('Undeliverable - Unable to deliver');
  });
});
