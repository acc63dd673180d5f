import { describe, expect, it } from 'vitest';
import { decideGuard, DEFAULT_THRESHOLDS, type ArmFigures, type StepFigures } from './guard.js';

const list = (requests: number, errors: number): StepFigures => ({ product: 'meds', step: 'list_viewed', requests, errors });
const send = (requests: number, errors: number): StepFigures => ({ product: 'sm', step: 'message_sent', requests, errors });
const arm = (steps: StepFigures[], linkSelectedSessions = 0, messageSentSessions = 0): ArmFigures => ({ steps, linkSelectedSessions, messageSentSessions });

describe('rollout guard decision', () => {
  it.each([
    ['no traffic at all', arm([]), null, 'none'],
    ['1 error in 3 requests is too small a sample to act on', arm([list(3, 1)]), null, 'none'],
    ['40% errors on 10 requests: still below the minimum requests', arm([send(10, 4)]), null, 'none'],
    ['2 errors in 200 requests: below the minimum error count', arm([list(200, 2)]), null, 'none'],
    ['healthy: 1% errors on 1 000 requests', arm([list(1000, 10)]), null, 'none'],
    ['6% errors on 100 requests pauses', arm([list(100, 6)]), null, 'pause'],
    ['20% errors on 100 sends rolls back', arm([send(100, 20)]), null, 'rollback'],
    ['rollback wins over pause when both apply', arm([list(100, 6), send(100, 20)]), null, 'rollback'],
    ['4% vs control 1% pauses (excess 3 points)', arm([list(500, 20)]), arm([list(5000, 50)]), 'pause'],
    ['4% vs control 3.5% carries on (shared problem)', arm([list(500, 20)]), arm([list(5000, 175)]), 'none'],
    ['4% with a control too small to compare carries on', arm([list(500, 20)]), arm([list(20, 0)]), 'none'],
    ['10% conversion from 50 link selections pauses', arm([], 50, 5), null, 'pause'],
    ['10% conversion from 10 link selections is too small', arm([], 10, 1), null, 'none'],
    ['60% conversion carries on', arm([], 50, 30), null, 'none'],
  ])('%s', (_name, treatment, control, action) => {
    expect(decideGuard(treatment, control).action).toBe(action);
  });

  it('names product, step, metric and figures in each reason (for the audit trail and the owning team)', () => {
    const d = decideGuard(arm([send(100, 20), list(500, 30)], 40, 4), null);
    expect(d.reasons).toEqual([
      { action: 'rollback', product: 'sm', step: 'message_sent', metric: 'error_rate', observed: 0.2, threshold: DEFAULT_THRESHOLDS.rollbackErrorRate, sample: 100 },
      { action: 'pause', product: 'meds', step: 'list_viewed', metric: 'error_rate', observed: 0.06, threshold: DEFAULT_THRESHOLDS.pauseErrorRate, sample: 500 },
      { action: 'pause', product: 'sm', step: 'message_sent', metric: 'conversion', observed: 0.1, threshold: DEFAULT_THRESHOLDS.minConversion, sample: 40 },
    ]);
  });

  it('records steps with traffic too small to judge', () => {
    expect(decideGuard(arm([list(3, 1), send(0, 0)]), null).insufficient).toEqual([{ product: 'meds', step: 'list_viewed', requests: 3, errors: 1 }]);
  });

  it('honours custom thresholds', () => {
    expect(decideGuard(arm([list(10, 1)]), null, { ...DEFAULT_THRESHOLDS, minRequests: 5, minErrors: 1 }).action).toBe('pause');
  });
});
