/**
 * Rollout guard decision (pure): given one evaluation window's figures for the treatment and the
 * control arm, decide whether the staged rollout carries on, pauses, or rolls back.
 *
 * Why minimum samples: at 1% of traffic a single failed request out of three is a 33% error rate
 * and means nothing. A step is only judged once it has `minRequests` requests AND `minErrors`
 * errors; conversion only once `minConversionSample` sessions selected the link.
 * Why compare with control: a Meds list error rate of 4% is alarming only if Veterans without the
 * link see 1%; shared outages hit both arms and are not this rollout's fault.
 */
import type { FunnelStep, Product } from '../../shared/flow-urls.js';

export interface StepFigures {
  product: Product;
  /** null: a flow API with no funnel step (e.g. refills). */
  step: FunnelStep | null;
  requests: number;
  errors: number;
}

export interface ArmFigures {
  steps: StepFigures[];
  /** Distinct sessions that selected the renewal link, and of those that sent the message. */
  linkSelectedSessions: number;
  messageSentSessions: number;
}

export interface GuardThresholds {
  minRequests: number;
  minErrors: number;
  /** Error rate at which the rollout pauses (link off for everyone, stage kept). */
  pauseErrorRate: number;
  /** Error rate at which it rolls back (link off, stage reset to 0). */
  rollbackErrorRate: number;
  /** Treatment minus control error rate (absolute) that pauses, when control has enough requests. */
  maxExcessOverControl: number;
  minConversionSample: number;
  /** link_selected → message_sent session conversion below which the rollout pauses. */
  minConversion: number;
}

export const DEFAULT_THRESHOLDS: GuardThresholds = {
  minRequests: 50,
  minErrors: 3,
  pauseErrorRate: 0.05,
  rollbackErrorRate: 0.15,
  maxExcessOverControl: 0.02,
  minConversionSample: 30,
  minConversion: 0.2,
};

export type GuardAction = 'none' | 'pause' | 'rollback';

export interface GuardReason {
  action: Exclude<GuardAction, 'none'>;
  product: Product;
  step: FunnelStep | null;
  metric: 'error_rate' | 'error_rate_vs_control' | 'conversion';
  observed: number;
  threshold: number;
  sample: number;
}

export interface GuardDecision {
  action: GuardAction;
  reasons: GuardReason[];
  /** Steps that had traffic but too little to judge (for the audit trail). */
  insufficient: Array<{ product: Product; step: FunnelStep | null; requests: number; errors: number }>;
}

const rate = (f: StepFigures) => (f.requests === 0 ? 0 : f.errors / f.requests);
const round = (x: number) => Math.round(x * 10_000) / 10_000;

export function decideGuard(treatment: ArmFigures, control: ArmFigures | null, t: GuardThresholds = DEFAULT_THRESHOLDS): GuardDecision {
  const reasons: GuardReason[] = [];
  const insufficient: GuardDecision['insufficient'] = [];

  for (const f of treatment.steps) {
    if (f.requests < t.minRequests || f.errors < t.minErrors) {
      if (f.requests > 0) insufficient.push({ product: f.product, step: f.step, requests: f.requests, errors: f.errors });
      continue;
    }
    const r = rate(f);
    const base = { product: f.product, step: f.step, observed: round(r), sample: f.requests };
    if (r >= t.rollbackErrorRate) reasons.push({ ...base, action: 'rollback', metric: 'error_rate', threshold: t.rollbackErrorRate });
    else if (r >= t.pauseErrorRate) reasons.push({ ...base, action: 'pause', metric: 'error_rate', threshold: t.pauseErrorRate });
    else {
      const c = control?.steps.find((s) => s.product === f.product && s.step === f.step);
      if (c && c.requests >= t.minRequests && r - rate(c) > t.maxExcessOverControl) {
        reasons.push({ ...base, observed: round(r - rate(c)), action: 'pause', metric: 'error_rate_vs_control', threshold: t.maxExcessOverControl });
      }
    }
  }

  if (treatment.linkSelectedSessions >= t.minConversionSample) {
    const conversion = treatment.messageSentSessions / treatment.linkSelectedSessions;
    if (conversion < t.minConversion) {
      // Sessions that never reach "sent" left inside Secure Messaging: SM owns the drop-off.
      reasons.push({ action: 'pause', product: 'sm', step: 'message_sent', metric: 'conversion', observed: round(conversion), threshold: t.minConversion, sample: treatment.linkSelectedSessions });
    }
  }

  const action: GuardAction = reasons.some((r) => r.action === 'rollback') ? 'rollback' : reasons.length ? 'pause' : 'none';
  return { action, reasons, insufficient };
}
