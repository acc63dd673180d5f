import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUNNEL_STEPS, funnelRows, orderedFunnel } from './funnel-math.js';

const session = fc.array(fc.constantFrom(...FUNNEL_STEPS, 'not_a_step'), { maxLength: 12 });

describe('ordered funnel (property-based)', () => {
  it('conversion, drop-off and overall share stay within 0–100 % for any sessions, repeats and orders', () => {
    fc.assert(
      fc.property(fc.array(session, { maxLength: 200 }), (sessions) => {
        const rows = funnelRows(orderedFunnel(sessions));
        for (const r of rows) {
          for (const v of [r.conversion, r.dropOff, r.overall]) {
            if (v !== null) {
              expect(v).toBeGreaterThanOrEqual(0);
              expect(v).toBeLessThanOrEqual(1);
            }
          }
        }
        // Never more sessions at a step than at the one before.
        rows.slice(1).forEach((r, i) => expect(r.sessions).toBeLessThanOrEqual(rows[i]!.sessions));
        expect(rows[0]!.sessions).toBeLessThanOrEqual(sessions.length);
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['a session that skipped the list counts nowhere past the gap', [['link_selected', 'interstitial_viewed', 'message_sent']], [0, 0, 0, 0, 0, 0]],
    ['30 repeats of one step are one session', [Array(30).fill('list_viewed')], [1, 0, 0, 0, 0, 0]],
    ['order of arrival does not matter, only which steps were reached', [[...FUNNEL_STEPS].reverse()], [1, 1, 1, 1, 1, 1]],
    [
      'a whole session and one that stopped at the interstitial',
      [[...FUNNEL_STEPS], ['list_viewed', 'link_selected', 'interstitial_viewed']],
      [2, 2, 2, 1, 1, 1],
    ],
  ])('%s', (_n, sessions, expected) => {
    expect(FUNNEL_STEPS.map((s) => orderedFunnel(sessions as string[][])[s])).toEqual(expected);
  });
});
