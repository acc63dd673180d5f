import { describe, expect, it } from 'vitest';
import { errorRate, funnelRows } from './funnel-math.js';

describe('funnel arithmetic', () => {
  it('computes conversion, drop-off and overall share per step', () => {
    const rows = funnelRows({ list_viewed: 200, link_selected: 50, interstitial_viewed: 45, care_team_selected: 40, draft_shown: 40, message_sent: 30 });
    expect(rows.map((r) => [r.step, r.product, r.sessions, r.conversion, r.dropOff, r.overall])).toEqual([
      ['list_viewed', 'meds', 200, null, null, 1],
      ['link_selected', 'meds', 50, 0.25, 0.75, 0.25],
      ['interstitial_viewed', 'sm', 45, 0.9, 0.1, 0.225],
      ['care_team_selected', 'sm', 40, 0.8889, 0.1111, 0.2],
      ['draft_shown', 'sm', 40, 1, 0, 0.2],
      ['message_sent', 'sm', 30, 0.75, 0.25, 0.15],
    ]);
  });

  it.each([
    ['empty window', {}, [null, null, null, null, null, null]],
    [
      'a missing middle step makes the next conversion unknown, not infinite',
      { list_viewed: 10, link_selected: 0, interstitial_viewed: 3 },
      [null, 0, null, 0, null, null],
    ],
  ])('%s', (_name, counts, conversions) => {
    expect(funnelRows(counts).map((r) => r.conversion)).toEqual(conversions);
  });

  it.each([
    [0, 0, null],
    [100, 0, 0],
    [3, 1, 0.3333],
    [1000, 52, 0.052],
  ])('error rate of %i requests with %i errors → %s', (requests, errors, expected) => {
    expect(errorRate(requests, errors)).toBe(expected);
  });
});
