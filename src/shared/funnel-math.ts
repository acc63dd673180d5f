/**
 * Funnel arithmetic for the six renewal steps (pure, browser-safe).
 *  - sessions: distinct server sessions that reached the step AND every step before it, in order
 *    (orderedFunnel): a session that skipped a step (arrived by a bookmark, a forged beacon) is
 *    not counted past the gap, so a step can never have more sessions than the one before and
 *    conversion stays within 0–100 %.
 *  - conversion: sessions at this step / sessions at the previous step (null for the first step
 *    or when the previous step had none).
 *  - dropOff: 1 − conversion.
 *  - overall: sessions at this step / sessions at the first step.
 */
import type { FunnelStep, Product } from './flow-urls.js';

export const FUNNEL_STEPS: readonly FunnelStep[] = ['list_viewed', 'link_selected', 'interstitial_viewed', 'care_team_selected', 'draft_shown', 'message_sent'];

/** Which product owns each step (Meds until the Veteran lands in Secure Messaging). */
export const STEP_PRODUCT: Record<FunnelStep, Product> = {
  list_viewed: 'meds',
  link_selected: 'meds',
  interstitial_viewed: 'sm',
  care_team_selected: 'sm',
  draft_shown: 'sm',
  message_sent: 'sm',
};

export interface FunnelRow {
  step: FunnelStep;
  product: Product;
  sessions: number;
  conversion: number | null;
  dropOff: number | null;
  overall: number | null;
}

const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 10_000) / 10_000);

/**
 * Sessions per step from the set of steps each session reached: a session counts at step i only
 * if it reached steps 0..i. Monotone by construction: counts never grow along the funnel.
 */
export function orderedFunnel(sessions: Iterable<readonly string[]>): Record<FunnelStep, number> {
  const counts = Object.fromEntries(FUNNEL_STEPS.map((s) => [s, 0])) as Record<FunnelStep, number>;
  for (const steps of sessions) {
    const reached = new Set(steps);
    for (const step of FUNNEL_STEPS) {
      if (!reached.has(step)) break;
      counts[step] += 1;
    }
  }
  return counts;
}

export function funnelRows(sessionsByStep: Partial<Record<FunnelStep, number>>): FunnelRow[] {
  const first = sessionsByStep[FUNNEL_STEPS[0] as FunnelStep] ?? 0;
  return FUNNEL_STEPS.map((step, i) => {
    const sessions = sessionsByStep[step] ?? 0;
    const previous = i === 0 ? null : (sessionsByStep[FUNNEL_STEPS[i - 1] as FunnelStep] ?? 0);
    const conversion = previous === null ? null : ratio(sessions, previous);
    return {
      step,
      product: STEP_PRODUCT[step],
      sessions,
      conversion,
      dropOff: conversion === null ? null : Math.round((1 - conversion) * 10_000) / 10_000,
      overall: ratio(sessions, first),
    };
  });
}

export function errorRate(requests: number, errors: number): number | null {
  return ratio(errors, requests);
}
