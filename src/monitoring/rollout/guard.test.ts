import { describe, expect, it } from 'vitest';
import type { FunnelStep, Product } from '../../shared/flow-urls.js';
import type { FailureClass } from '../../shared/failure-class.js';
import { decideGuard, DEFAULT_THRESHOLDS, tallyEvents, type GuardEvent } from './guard.js';

const T0 = new Date('2026-05-01T12:00:00Z');
const NOW = new Date(T0.getTime() + 60 * 60_000);
const at = (min: number) => new Date(T0.getTime() + min * 60_000);

interface Spec {
  /** How many distinct Veterans (ids v0..vN-1, prefixed by `who`). */
  veterans: number;
  /** Events per Veteran. */
  each?: number;
  failure?: FailureClass | null;
  step?: FunnelStep | null;
  product?: Product;
  variant?: GuardEvent['variant'];
  minute?: number;
  who?: string;
  anonymous?: boolean;
  outcome?: GuardEvent['outcome'];
}

function events(s: Spec): GuardEvent[] {
  const out: GuardEvent[] = [];
  for (let v = 0; v < s.veterans; v++) {
    for (let i = 0; i < (s.each ?? 1); i++) {
      out.push({
        at: at(s.minute ?? 30),
        veteran: s.anonymous ? null : `${s.who ?? 'v'}${v}`,
        variant: s.variant ?? 'treatment',
        product: s.product ?? 'sm',
        step: s.step === undefined ? 'message_sent' : s.step,
        failure: s.failure ?? null,
        outcome: s.outcome ?? (s.failure ? 'error' : 'ok'),
      });
    }
  }
  return out;
}

function judge(evs: GuardEvent[], from = T0, since: 'state_change' | 'window' = 'window') {
  const t = tallyEvents(evs, from, NOW);
  return decideGuard({
    treatment: t.filter((x) => x.variant === 'treatment'),
    control: t.some((x) => x.variant === 'control') ? t.filter((x) => x.variant === 'control') : null,
    window: { from: from.toISOString(), to: NOW.toISOString(), since },
  });
}

const healthySends = (n: number, who = 'ok') => events({ veterans: n, who });

describe('rollout guard decision (per-Veteran figures since the last change)', () => {
  it.each<[string, GuardEvent[], 'none' | 'pause' | 'rollback']>([
    ['no traffic at all', [], 'none'],
    // Outside case 1: one client's burst of 4xx validation / not-found answers.
    [
      'one client’s burst of 500 validation (4xx) answers is neither judged nor one Veteran enough',
      [...healthySends(40), ...events({ veterans: 1, each: 500, failure: 'validation', who: 'burst' })],
      'none',
    ],
    [
      'the same burst as routing errors (not-found at the interstitial) is still one Veteran',
      [...healthySends(40), ...events({ veterans: 1, each: 500, failure: 'routing', step: 'link_selected', product: 'meds', who: 'burst' })],
      'none',
    ],
    // Outside case 2: 30 forged funnel events posted with one Veteran's cookie.
    [
      '30 forged funnel events from one Veteran’s session are one Veteran',
      [...healthySends(40), ...events({ veterans: 1, each: 30, failure: 'load', who: 'forged' })],
      'none',
    ],
    ['an anonymous flood (no signed-in Veteran) is ignored', [...healthySends(40), ...events({ veterans: 300, failure: 'server', anonymous: true })], 'none'],
    [
      'events outside the experiment (variant off) are ignored',
      [...healthySends(40), ...events({ veterans: 300, failure: 'server', variant: 'off', who: 'off' })],
      'none',
    ],
    ['3 of 10 Veterans failing: too few Veterans to judge', [...healthySends(7), ...events({ veterans: 3, failure: 'server', who: 'f' })], 'none'],
    ['2 of 200 Veterans failing: too few failing Veterans', [...healthySends(198), ...events({ veterans: 2, failure: 'server', who: 'f' })], 'none'],
    ['1% of 1 000 Veterans failing is healthy', [...healthySends(990), ...events({ veterans: 10, failure: 'server', who: 'f' })], 'none'],
    ['6 of 100 Veterans with a 5xx pauses', [...healthySends(94), ...events({ veterans: 6, failure: 'server', who: 'f' })], 'pause'],
    ['timeouts count as failures', [...healthySends(94), ...events({ veterans: 6, failure: 'timeout', who: 'f' })], 'pause'],
    ['browser load failures count as failures', [...healthySends(94), ...events({ veterans: 6, failure: 'load', who: 'f' })], 'pause'],
    ['6 of 100 Veterans with validation errors do not pause', [...healthySends(94), ...events({ veterans: 6, failure: 'validation', who: 'f' })], 'none'],
    ['20 of 100 Veterans failing to send rolls back', [...healthySends(80), ...events({ veterans: 20, failure: 'server', who: 'f' })], 'rollback'],
    // A resume cannot stick: failures from before the resume are outside the judged window.
    [
      'failures before the last state change are not judged after a resume',
      [...events({ veterans: 30, failure: 'server', who: 'before', minute: 10 }), ...healthySends(25)],
      'none',
    ],
    [
      '4% treatment vs 1% control pauses (excess 3 points)',
      [
        ...events({ veterans: 480, step: 'list_viewed', product: 'meds' }),
        ...events({ veterans: 20, failure: 'server', step: 'list_viewed', product: 'meds', who: 'f' }),
        ...events({ veterans: 990, step: 'list_viewed', product: 'meds', variant: 'control', who: 'c' }),
        ...events({ veterans: 10, failure: 'server', step: 'list_viewed', product: 'meds', variant: 'control', who: 'cf' }),
      ],
      'pause',
    ],
    [
      '8% in both arms is a shared outage, not this rollout’s',
      [
        ...events({ veterans: 92, step: 'list_viewed', product: 'meds' }),
        ...events({ veterans: 8, failure: 'server', step: 'list_viewed', product: 'meds', who: 'f' }),
        ...events({ veterans: 920, step: 'list_viewed', product: 'meds', variant: 'control', who: 'c' }),
        ...events({ veterans: 80, failure: 'server', step: 'list_viewed', product: 'meds', variant: 'control', who: 'cf' }),
      ],
      'none',
    ],
    [
      '6% with a control too small to compare pauses on the absolute threshold',
      [...healthySends(94), ...events({ veterans: 6, failure: 'server', who: 'f' }), ...events({ veterans: 5, variant: 'control', who: 'c' })],
      'pause',
    ],
    [
      '5 of 40 Veterans who selected the link sent the message: pause for SM',
      [...events({ veterans: 40, step: 'link_selected', product: 'meds' }), ...events({ veterans: 5, step: 'message_sent' })],
      'pause',
    ],
    [
      '5 of 10: too few Veterans to judge conversion',
      [...events({ veterans: 10, step: 'link_selected', product: 'meds' }), ...events({ veterans: 5, step: 'message_sent' })],
      'none',
    ],
    [
      '30 forged link_selected events from one session do not make a conversion sample',
      [...events({ veterans: 1, each: 30, step: 'link_selected', product: 'meds' })],
      'none',
    ],
  ])('%s', (_name, evs, action) => {
    const from = _name.includes('resume') ? at(20) : T0;
    expect(judge(evs, from, _name.includes('resume') ? 'state_change' : 'window').action).toBe(action);
  });

  it('writes its reasoning: counts, rates, threshold, control and window', () => {
    const d = judge([...healthySends(80), ...events({ veterans: 20, failure: 'server', each: 3, who: 'f' })]);
    expect(d.reasons).toEqual([
      {
        action: 'rollback',
        product: 'sm',
        step: 'message_sent',
        metric: 'failing_veterans',
        observed: 0.2,
        threshold: DEFAULT_THRESHOLDS.rollbackRate,
        veterans: 100,
        failingVeterans: 20,
      },
    ]);
    expect(d.treatment).toEqual([
      { product: 'sm', step: 'message_sent', veterans: 100, failingVeterans: 20, requests: 140, failures: 60, ignored: 0, rate: 0.2 },
    ]);
    expect(d.window).toEqual({ from: T0.toISOString(), to: NOW.toISOString(), since: 'window' });
    expect(d.summary).toContain('20/100 Veterans saw a failure (20.0%)');
    expect(d.summary).toContain('threshold 15.0%');
    expect(d.summary).toContain(T0.toISOString());
  });

  it('lists steps too small to judge and shared problems', () => {
    const d = judge([
      ...events({ veterans: 3, failure: 'server', step: 'draft_shown', who: 'x' }),
      ...events({ veterans: 92, step: 'list_viewed', product: 'meds' }),
      ...events({ veterans: 8, failure: 'server', step: 'list_viewed', product: 'meds', who: 'f' }),
      ...events({ veterans: 90, step: 'list_viewed', product: 'meds', variant: 'control', who: 'c' }),
      ...events({ veterans: 10, failure: 'server', step: 'list_viewed', product: 'meds', variant: 'control', who: 'cf' }),
    ]);
    expect(d.insufficient).toEqual([{ product: 'sm', step: 'draft_shown', veterans: 3, failingVeterans: 3 }]);
    expect(d.shared).toEqual([{ product: 'meds', step: 'list_viewed', treatmentRate: 0.08, controlRate: 0.1 }]);
  });

  it('honours custom thresholds', () => {
    const t = tallyEvents([...healthySends(9), ...events({ veterans: 1, failure: 'server', who: 'f' })], T0, NOW);
    const window = { from: T0.toISOString(), to: NOW.toISOString(), since: 'window' as const };
    expect(decideGuard({ treatment: t, control: null, window }).action).toBe('none');
    expect(decideGuard({ treatment: t, control: null, window }, { ...DEFAULT_THRESHOLDS, minVeterans: 5, minFailingVeterans: 1 }).action).toBe('pause');
  });
});
