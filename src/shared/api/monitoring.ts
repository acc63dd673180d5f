/**
 * Response shapes (zod) of the monitoring endpoints (dashboard, report, rollout and on-call
 * status), used by src/monitoring/routes.ts as `response` schemas and shared with the web app as
 * types only (`z.infer`, `import type`), so no schema code reaches the bundle.
 */
import { z } from 'zod';

const product = z.enum(['meds', 'sm']);
const rolloutState = z.enum(['active', 'paused', 'rolled_back']);
const funnelStep = z.enum(['list_viewed', 'link_selected', 'interstitial_viewed', 'care_team_selected', 'draft_shown', 'message_sent']);
const source = z.enum(['client', 'server']);
const variant = z.enum(['treatment', 'control', 'off']);
const failureClass = z.enum(['server', 'timeout', 'load', 'routing', 'validation']);
/** A share or rate (0..1, 4 decimals); null when its denominator is 0. */
const ratio = z.number().nullable();

/** The time window every dashboard answer echoes (ISO instants; half-open [from, to)). */
export const windowSchema = z.object({ from: z.string(), to: z.string(), variant: variant.nullable() });

export const funnelResponse = z.object({
  window: windowSchema,
  sessions: z.number(),
  steps: z.array(
    z.object({
      step: funnelStep,
      product,
      sessions: z.number(),
      conversion: ratio,
      dropOff: ratio,
      overall: ratio,
      abandoned: z.number(),
      owningTeam: z.string(),
    }),
  ),
});

export const errorsResponse = z.object({
  window: windowSchema,
  steps: z.array(
    z.object({
      product,
      step: funnelStep.nullable(),
      source,
      requests: z.number(),
      errors: z.number(),
      failures: z.number(),
      validation: z.number(),
      errorRate: ratio,
      owningTeam: z.string(),
    }),
  ),
  topErrorCodes: z.array(
    z.object({
      product,
      step: funnelStep.nullable(),
      source,
      url_id: z.string(),
      error_code: z.string().nullable(),
      failure: failureClass.nullable(),
      count: z.number(),
      veterans: z.number(),
    }),
  ),
});

export const latencyResponse = z.object({
  window: windowSchema,
  steps: z.array(z.object({ product, step: funnelStep.nullable(), source, samples: z.number(), p50: z.number().nullable(), p95: z.number().nullable() })),
});

const feedbackDay = z.object({ day: z.string(), product, count: z.number(), avgRating: z.number(), avgSentiment: z.number().nullable() });

export const feedbackResponse = z.object({
  window: windowSchema,
  total: z.number(),
  trend: z.array(feedbackDay),
  recent: z.array(
    z.object({
      id: z.string(),
      createdAt: z.string(),
      urlId: z.string(),
      product,
      rating: z.number(),
      comment: z.string().nullable(),
      sentiment: z.number().nullable(),
    }),
  ),
});

const apiFigures = z.object({ requests: z.number(), errors: z.number(), successRate: ratio, errorRate: ratio });

export const reportResponse = z.object({
  window: windowSchema,
  api: z.object({ overall: apiFigures, meds: apiFigures, sm: apiFigures }),
  rum: z.array(
    z.object({
      step: funnelStep,
      product,
      sessions: z.number(),
      conversion: ratio,
      dropOff: ratio,
      abandoned: z.number(),
      clientErrors: z.number(),
      p50Ms: z.number().nullable(),
      p95Ms: z.number().nullable(),
    }),
  ),
  attribution: z.object({
    flowErrors: z.number(),
    meds: z.number(),
    sm: z.number(),
    medsRoutingErrors: z.number(),
    attributedToStep: z.number(),
    unattributedApiErrorsSinceStart: z.number(),
    shareAttributedToProduct: ratio,
    shareAttributedToStep: ratio,
  }),
  trackingIngest: z.object({ apiErrorsSinceStart: z.number() }),
  sentiment: z.object({ total: z.number(), trend: z.array(feedbackDay) }),
  rollout: z.object({ percent: z.number(), state: rolloutState }),
});

export const alertSchema = z.object({
  fingerprint: z.string(),
  alertname: z.string(),
  status: z.enum(['firing', 'resolved']),
  team: z.string(),
  severity: z.string(),
  product: product.nullable(),
  summary: z.string(),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  updatedAt: z.string(),
  pausedRollout: z.boolean(),
});

const guardAction = z.enum(['none', 'pause', 'rollback', 'skipped']);

export const guardRunSchema = z.object({
  id: z.number(),
  createdAt: z.string(),
  action: guardAction,
  summary: z.string(),
});

/** The renewal-link rollout: stage, state, audit trail, guard runs and team notifications (GET /rollout and every operator action). */
export const rolloutResponse = z.object({
  flag: z.string(),
  percent: z.number(),
  state: rolloutState,
  configured: z.boolean(),
  stages: z.array(z.number()),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  audit: z.array(
    z.object({
      id: z.number(),
      action: z.enum(['advance', 'pause', 'resume', 'rollback', 'guard_ok', 'guard_hold']),
      actor: z.string(),
      fromPercent: z.number().nullable(),
      toPercent: z.number().nullable(),
      fromState: z.string().nullable(),
      toState: z.string().nullable(),
      reason: z.string(),
      /** The guard's figures behind an automatic decision (JSON, shape owned by guard.ts). */
      figures: z.unknown(),
      createdAt: z.string(),
    }),
  ),
  guardRuns: z.array(guardRunSchema),
  notifications: z.array(
    z.object({
      id: z.number(),
      createdAt: z.string(),
      product,
      team: z.string(),
      channel: z.string(),
      severity: z.enum(['info', 'warning', 'critical']),
      title: z.string(),
      body: z.string(),
      webhookStatus: z.string().nullable(),
    }),
  ),
});

export const statusResponse = z.object({
  rollout: z.object({ percent: z.number(), state: rolloutState, updatedAt: z.string().nullable(), updatedBy: z.string().nullable() }),
  lastGuardRun: guardRunSchema.nullable(),
  alerts: z.array(alertSchema),
});

export const seriesResponse = z.object({
  window: windowSchema,
  bucketSeconds: z.number(),
  points: z.array(
    z.object({
      bucket: z.string(),
      product,
      step: funnelStep.nullable(),
      variant: z.string(),
      requests: z.number(),
      failures: z.number(),
      validation: z.number(),
      conversions: z.number(),
      p95: z.number().nullable(),
    }),
  ),
});

export type MonitoringStatus = z.infer<typeof statusResponse>;
export type MonitoringAlert = z.infer<typeof alertSchema>;
export type SeriesPoint = z.infer<typeof seriesResponse>['points'][number];
export type FunnelStepRow = z.infer<typeof funnelResponse>['steps'][number];
export type ErrorRow = z.infer<typeof errorsResponse>['steps'][number];
export type ErrorCodeRow = z.infer<typeof errorsResponse>['topErrorCodes'][number];
export type LatencyRow = z.infer<typeof latencyResponse>['steps'][number];
export type FeedbackAnswer = z.infer<typeof feedbackResponse>;
export type FeedbackDay = z.infer<typeof feedbackDay>;
export type FeedbackItem = FeedbackAnswer['recent'][number];
export type Rollout = z.infer<typeof rolloutResponse>;
export type Report = z.infer<typeof reportResponse>;
