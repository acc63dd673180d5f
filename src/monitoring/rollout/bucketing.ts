/**
 * Staged rollout of the renewal link (feature flag `rx_renewal_sm_link`).
 *
 * Terminology
 *  - Stage: the share of Veterans who get the link: 1% → 10% → 25% → 50% → 100%.
 *  - Bucket: sha256(flag key + ':' + user id), first 4 bytes as an unsigned int, mod 10000.
 *    Stable per Veteran and flag, so a Veteran stays in their variant as stages grow (a Veteran in
 *    the 1% is still in at 10%), and independent across flags.
 *  - Variant: 'treatment' (bucket below the stage) sees the link; 'control' does not; 'off' is
 *    everyone while the rollout is paused or rolled back (not part of the experiment).
 * Pure except for node:crypto's hash.
 */
import { createHash } from 'node:crypto';

export const RENEWAL_LINK_FLAG = 'rx_renewal_sm_link';
export const ROLLOUT_STAGES = [1, 10, 25, 50, 100] as const;
export const BUCKETS = 10_000;

export type Variant = 'treatment' | 'control' | 'off';
export type RolloutState = 'active' | 'paused' | 'rolled_back';

export function bucketOf(flagKey: string, userId: string): number {
  const digest = createHash('sha256').update(`${flagKey}:${userId}`).digest();
  return digest.readUInt32BE(0) % BUCKETS;
}

export function variantFor(flagKey: string, userId: string, percent: number, state: RolloutState): Variant {
  if (state !== 'active' || percent <= 0) return 'off';
  return bucketOf(flagKey, userId) < Math.round(percent * (BUCKETS / 100)) ? 'treatment' : 'control';
}

/** The stage after `percent` (100 stays 100). From 0 the first stage. */
export function nextStage(percent: number): number {
  return ROLLOUT_STAGES.find((s) => s > percent) ?? 100;
}
