import { describe, expect, it } from 'vitest';
import { BUCKETS, bucketOf, nextStage, RENEWAL_LINK_FLAG, variantFor } from './bucketing.js';

const ids = Array.from({ length: 20_000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);

describe('stable hashing of Veterans into buckets', () => {
  it('gives the same bucket for the same flag and user, every time', () => {
    const first = ids.slice(0, 100).map((id) => bucketOf(RENEWAL_LINK_FLAG, id));
    expect(ids.slice(0, 100).map((id) => bucketOf(RENEWAL_LINK_FLAG, id))).toEqual(first);
    expect(first.every((b) => Number.isInteger(b) && b >= 0 && b < BUCKETS)).toBe(true);
  });

  it('buckets the same user independently for different flags', () => {
    const differing = ids.slice(0, 200).filter((id) => bucketOf('flag_a', id) !== bucketOf('flag_b', id)).length;
    expect(differing).toBeGreaterThan(190);
  });

  it.each([1, 10, 25, 50])('puts close to %i percent of 20 000 users in treatment', (percent) => {
    const share = ids.filter((id) => variantFor(RENEWAL_LINK_FLAG, id, percent, 'active') === 'treatment').length / ids.length;
    // Binomial standard deviation at n=20 000 is at most 0.35 points; allow ~3.5 sigma.
    expect(Math.abs(share * 100 - percent)).toBeLessThan(1.25);
  });

  it('keeps every treatment user in treatment when the stage grows (monotone)', () => {
    const at = (p: number) => new Set(ids.filter((id) => variantFor(RENEWAL_LINK_FLAG, id, p, 'active') === 'treatment'));
    const [s1, s10, s25] = [at(1), at(10), at(25)];
    expect([...s1].every((id) => s10.has(id))).toBe(true);
    expect([...s10].every((id) => s25.has(id))).toBe(true);
  });

  it.each([
    [100, 'active', 'treatment'],
    [0, 'active', 'off'],
    [50, 'paused', 'off'],
    [100, 'rolled_back', 'off'],
  ] as const)('percent %i, state %s → everyone %s', (percent, state, expected) => {
    expect(new Set(ids.slice(0, 500).map((id) => variantFor(RENEWAL_LINK_FLAG, id, percent, state)))).toEqual(new Set([expected]));
  });

  it.each([
    [0, 1],
    [1, 10],
    [10, 25],
    [25, 50],
    [50, 100],
    [100, 100],
    [5, 10],
  ])('after %i%% comes %i%%', (from, to) => {
    expect(nextStage(from)).toBe(to);
  });
});
