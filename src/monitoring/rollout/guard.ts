/**
 * Rollout guard decision (pure): from per-Veteran tallies of the treatment and control arms since
 * the guard's window start, decide whether the staged rollout carries on, pauses, or rolls back.
 *
 * What it judges, and why:
 *  - Only traffic since the last state change (resume, advance): errors from before a pause must
 *    not pause the resumed rollout again. The caller passes `window.from` = max(now − window,
 *    last change); tallyEvents() drops anything older.
 *  - Distinct Veterans, not requests: one client's burst (500 answers to one browser) is one
 *    Veteran with a problem. A step is judged once `minVeterans` Veterans reached it and
 *    `minFailingVeterans` of them saw a failure. The rate is failing Veterans / Veterans.
 *  - Failures only (failure-class.ts): 5xx, timeouts, browser load failures and routing errors
 *    caused by the link. A user's own validation errors (4xx) are counted but never judged.
 *  - Anonymous events (no signed-in Veteran) and events outside the experiment (variant off) are
 *    ignored: a forged or anonymous flood cannot move the guard.
 *  - Treatment vs control: where control has enough Veterans at the same step and its rate is
 *    within `maxExcessOverControl` of treatment, the problem is shared (an outage hitting everyone)
 *    and not this rollout's: no action, recorded as such. Where treatment exceeds control by more
 *    than that, the rollout pauses even below the absolute threshold.
 * Every judged step's figures (counts, rates, thresholds, window) go into the decision, which
 * the service writes to the audit trail.
 */
import type { FunnelStep, Product } from '../../shared/flow-urls.js';
import { GUARD_FAILURES, type FailureClass } from '../../shared/failure-class.js';

export type Arm = 'treatment' | 'control';

/** One Veteran's outcomes at one product/step in one arm. */
export interface VeteranTally {
  veteran: string;
  variant: Arm;
  product: Product;
  step: FunnelStep | null;
  /** Outcomes recorded (server answers and browser step loads). */
  requests: number;
  /** Of those, failures the guard judges (server, timeout, load, routing). */
  failures: number;
  /** Of those, the Veteran's own validation errors (not judged). */
  ignored: number;
  /** The Veteran reached this step successfully at least once. */
  reached: boolean;
}

/** A stored event as the guard sees it (what tallyEvents() and its SQL twin read). */
export interface GuardEvent {
  at: Date;
  veteran: string | null;
  variant: 'treatment' | 'control' | 'off' | null;
  product: Product;
  step: FunnelStep | null;
  failure: FailureClass | null;
  outcome: 'ok' | 'error' | 'abandoned';
}

export interface GuardThresholds {
  /** Distinct Veterans at a step before it is judged. */
  minVeterans: number;
  /** Distinct Veterans with a failure at a step before it is judged. */
  minFailingVeterans: number;
  /** Share of Veterans with a failure at which the rollout pauses (link off for everyone, stage kept). */
  pauseRate: number;
  /** Share at which it rolls back (link off, stage reset to 0). */
  rollbackRate: number;
  /** Treatment minus control share (absolute): above it pauses; within it the problem is shared. */
  maxExcessOverControl: number;
  /** Veterans who selected the link before conversion is judged. */
  minConversionSample: number;
  /** link_selected → message_sent Veteran conversion below which the rollout pauses. */
  minConversion: number;
}

export const DEFAULT_THRESHOLDS: GuardThresholds = {
  minVeterans: 20,
  minFailingVeterans: 3,
  pauseRate: 0.05,
  rollbackRate: 0.15,
  maxExcessOverControl: 0.02,
  minConversionSample: 20,
  minConversion: 0.2,
};

export type GuardAction = 'none' | 'pause' | 'rollback';

export interface StepFigures {
  product: Product;
  step: FunnelStep | null;
  veterans: number;
  failingVeterans: number;
  requests: number;
  failures: number;
  ignored: number;
  rate: number | null;
}

export interface GuardReason {
  action: Exclude<GuardAction, 'none'>;
  product: Product;
  step: FunnelStep | null;
  metric: 'failing_veterans' | 'failing_veterans_vs_control' | 'conversion';
  observed: number;
  threshold: number;
  /** Veterans judged (at the step, or who selected the link). */
  veterans: number;
  failingVeterans?: number;
  control?: { veterans: number; failingVeterans: number; rate: number | null };
}

export interface GuardDecision {
  action: GuardAction;
  window: { from: string; to: string; since: 'state_change' | 'window' };
  thresholds: GuardThresholds;
  reasons: GuardReason[];
  /** Steps over threshold in both arms alike: a shared problem, not this rollout's. */
  shared: Array<{ product: Product; step: FunnelStep | null; treatmentRate: number; controlRate: number }>;
  /** Steps with traffic but too few Veterans (or failing Veterans) to judge. */
  insufficient: Array<{ product: Product; step: FunnelStep | null; veterans: number; failingVeterans: number }>;
  treatment: StepFigures[];
  control: StepFigures[] | null;
  conversion: { linkSelectedVeterans: number; messageSentVeterans: number; rate: number | null };
  summary: string;
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
const key = (p: Product, s: FunnelStep | null) => `${p}/${s ?? '-'}`;

/** Per-Veteran tallies from raw events (the SQL in rollout.service.ts groups the same way). */
export function tallyEvents(events: GuardEvent[], from: Date, to: Date): VeteranTally[] {
  const out = new Map<string, VeteranTally>();
  for (const e of events) {
    if (e.at < from || e.at >= to) continue;
    if (!e.veteran || (e.variant !== 'treatment' && e.variant !== 'control')) continue;
    if (e.outcome === 'abandoned') continue;
    const k = `${e.variant}|${e.veteran}|${key(e.product, e.step)}`;
    let t = out.get(k);
    if (!t) {
      t = { veteran: e.veteran, variant: e.variant, product: e.product, step: e.step, requests: 0, failures: 0, ignored: 0, reached: false };
      out.set(k, t);
    }
    t.requests += 1;
    if (e.failure && GUARD_FAILURES.includes(e.failure)) t.failures += 1;
    else if (e.failure) t.ignored += 1;
    else if (e.outcome === 'ok') t.reached = true;
  }
  return [...out.values()];
}

export function stepFigures(tallies: VeteranTally[]): StepFigures[] {
  const by = new Map<string, StepFigures>();
  for (const t of tallies) {
    const k = key(t.product, t.step);
    let f = by.get(k);
    if (!f) {
      f = { product: t.product, step: t.step, veterans: 0, failingVeterans: 0, requests: 0, failures: 0, ignored: 0, rate: null };
      by.set(k, f);
    }
    f.veterans += 1;
    if (t.failures > 0) f.failingVeterans += 1;
    f.requests += t.requests;
    f.failures += t.failures;
    f.ignored += t.ignored;
  }
  return [...by.values()]
    .map((f) => ({ ...f, rate: f.veterans === 0 ? null : round(f.failingVeterans / f.veterans) }))
    .sort((a, b) => key(a.product, a.step).localeCompare(key(b.product, b.step)));
}

const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);

function describe(d: Omit<GuardDecision, 'summary'>): string {
  const w = `window ${d.window.from} → ${d.window.to} (since ${d.window.since === 'state_change' ? 'the last rollout change' : 'the window start'})`;
  if (d.reasons.length === 0) {
    const judged = d.treatment.filter((s) => !d.insufficient.some((i) => i.product === s.product && i.step === s.step));
    return `No action, ${w}: ${judged.length} step(s) judged, ${d.insufficient.length} with too few Veterans, ${d.shared.length} shared with control.`;
  }
  return (
    `${d.action} (${w}): ` +
    d.reasons
      .map((r) => {
        const who =
          r.metric === 'conversion'
            ? `${pct(r.observed)} of ${r.veterans} Veterans who selected the link sent the message`
            : `${r.failingVeterans}/${r.veterans} Veterans saw a failure (${pct(r.observed)}${r.metric === 'failing_veterans_vs_control' ? ' above control' : ''})`;
        const ctl = r.control ? `; control ${r.control.failingVeterans}/${r.control.veterans} (${pct(r.control.rate)})` : '';
        return `${r.product.toUpperCase()} ${r.step ?? 'flow API'}: ${who}, threshold ${pct(r.threshold)}${ctl} → ${r.action}`;
      })
      .join('; ')
  );
}

export function decideGuard(
  input: { treatment: VeteranTally[]; control: VeteranTally[] | null; window: GuardDecision['window'] },
  t: GuardThresholds = DEFAULT_THRESHOLDS,
): GuardDecision {
  const treatment = stepFigures(input.treatment);
  const control = input.control ? stepFigures(input.control) : null;
  const reasons: GuardReason[] = [];
  const shared: GuardDecision['shared'] = [];
  const insufficient: GuardDecision['insufficient'] = [];

  for (const f of treatment) {
    if (f.veterans < t.minVeterans || f.failingVeterans < t.minFailingVeterans) {
      insufficient.push({ product: f.product, step: f.step, veterans: f.veterans, failingVeterans: f.failingVeterans });
      continue;
    }
    const r = f.rate ?? 0;
    const c = control?.find((s) => s.product === f.product && s.step === f.step);
    const comparable = c && c.veterans >= t.minVeterans ? c : undefined;
    const ctl = comparable ? { veterans: comparable.veterans, failingVeterans: comparable.failingVeterans, rate: comparable.rate } : undefined;
    const base = { product: f.product, step: f.step, veterans: f.veterans, failingVeterans: f.failingVeterans, ...(ctl ? { control: ctl } : {}) };
    const excess = comparable ? r - (comparable.rate ?? 0) : null;
    if (excess !== null && excess <= t.maxExcessOverControl) {
      if (r >= t.pauseRate) shared.push({ product: f.product, step: f.step, treatmentRate: r, controlRate: comparable?.rate ?? 0 });
      continue;
    }
    if (r >= t.rollbackRate) reasons.push({ ...base, action: 'rollback', metric: 'failing_veterans', observed: r, threshold: t.rollbackRate });
    else if (r >= t.pauseRate) reasons.push({ ...base, action: 'pause', metric: 'failing_veterans', observed: r, threshold: t.pauseRate });
    else if (excess !== null)
      reasons.push({ ...base, action: 'pause', metric: 'failing_veterans_vs_control', observed: round(excess), threshold: t.maxExcessOverControl });
  }

  const reachedBy = (step: FunnelStep) => new Set(input.treatment.filter((x) => x.step === step && x.reached).map((x) => x.veteran));
  const selected = reachedBy('link_selected');
  const sent = reachedBy('message_sent');
  const sentOfSelected = [...sent].filter((v) => selected.has(v)).length;
  const conversion = {
    linkSelectedVeterans: selected.size,
    messageSentVeterans: sentOfSelected,
    rate: selected.size === 0 ? null : round(sentOfSelected / selected.size),
  };
  if (selected.size >= t.minConversionSample && (conversion.rate ?? 0) < t.minConversion) {
    // Veterans who selected the link and never sent left inside Secure Messaging: SM owns the drop-off.
    reasons.push({
      action: 'pause',
      product: 'sm',
      step: 'message_sent',
      metric: 'conversion',
      observed: conversion.rate ?? 0,
      threshold: t.minConversion,
      veterans: selected.size,
    });
  }

  const action: GuardAction = reasons.some((r) => r.action === 'rollback') ? 'rollback' : reasons.length ? 'pause' : 'none';
  const d = { action, window: input.window, thresholds: t, reasons, shared, insufficient, treatment, control, conversion };
  return { ...d, summary: describe(d) };
}
