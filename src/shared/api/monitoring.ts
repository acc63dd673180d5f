/**
 * Response shapes (zod) of the on-call monitoring endpoints added for issue 15, shared with the
 * web app as types (`z.infer`). The older dashboard endpoints still use web/src/monitoring/types.ts.
 */
import { z } from 'zod';

const product = z.enum(['meds', 'sm']);
const rolloutState = z.enum(['active', 'paused', 'rolled_back']);

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

export const guardRunSchema = z.object({
  id: z.number(),
  createdAt: z.string(),
  action: z.enum(['none', 'pause', 'rollback', 'skipped']),
  summary: z.string(),
});

export const statusResponse = z.object({
  rollout: z.object({ percent: z.number(), state: rolloutState, updatedAt: z.string().nullable(), updatedBy: z.string().nullable() }),
  lastGuardRun: guardRunSchema.nullable(),
  alerts: z.array(alertSchema),
});

export const seriesResponse = z.object({
  window: z.object({ from: z.string(), to: z.string(), variant: z.string().nullable() }),
  bucketSeconds: z.number(),
  points: z.array(z.object({
    bucket: z.string(),
    product,
    step: z.string().nullable(),
    variant: z.string(),
    requests: z.number(),
    failures: z.number(),
    validation: z.number(),
    conversions: z.number(),
    p95: z.number().nullable(),
  })),
});

export type MonitoringStatus = z.infer<typeof statusResponse>;
export type MonitoringAlert = z.infer<typeof alertSchema>;
export type SeriesPoint = z.infer<typeof seriesResponse>['points'][number];
