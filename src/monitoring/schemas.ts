/** Request/response schemas for the monitoring API (zod; strict where the public can write). */
import { z } from 'zod';
import { text } from '../shared/text.js';
import { FLOW_URLS } from '../shared/flow-urls.js';
import { FUNNEL_STEPS } from '../shared/funnel-math.js';
import { looksLikePhi } from './phi-scrub.js';

const ids = FLOW_URLS.map((u) => u.id) as [string, ...string[]];
const pageIds = FLOW_URLS.filter((u) => u.kind === 'page').map((u) => u.id) as [string, ...string[]];
const steps = FUNNEL_STEPS as unknown as [string, ...string[]];

export const MAX_EVENTS_PER_BATCH = 50;

/**
 * One browser event. Strict: an unknown key (a `url`, `name`, `message`…) fails the whole batch,
 * so nothing but enums, registry ids, numbers and a timestamp can be stored. No free text.
 */
export const clientEventSchema = z.strictObject({
  kind: z.enum(['funnel', 'error']),
  step: z.enum(steps).nullable(),
  urlId: z.enum(ids).describe('Flow-URL registry id (never a URL)'),
  outcome: z.enum(['ok', 'error', 'abandoned']),
  errorCode: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,47}$/, 'lower-case code, letters, digits and underscores')
    .refine((v) => !looksLikePhi(v), 'must not contain identifiers')
    .nullable()
    .optional(),
  durationMs: z.number().int().min(0).max(3_600_000).nullable().optional(),
  occurredAt: z.iso.datetime(),
});

export const eventBatchSchema = z.strictObject({
  sessionId: z.uuid().describe('Random per browser session; not the user id'),
  events: z.array(clientEventSchema).min(1).max(MAX_EVENTS_PER_BATCH),
});

export const feedbackBody = z.strictObject({
  urlId: z.enum(pageIds),
  rating: z.number().int().min(1).max(5),
  comment: text({ max: 2000, trim: true }).optional(),
  sessionId: z.uuid().optional(),
});

export const rangeQuery = z.object({
  range: z.enum(['1h', '6h', '24h', '7d']).optional().describe('On-call range ending now (ignored when from is given)'),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  variant: z.enum(['treatment', 'control', 'off']).optional(),
});

export const rolloutActionBody = z.strictObject({
  reason: text({ max: 500, min: 3, trim: true }),
});

export const exportedUrlSchema = z.object({
  id: z.string(),
  kind: z.enum(['page', 'api']),
  product: z.enum(['meds', 'sm']),
  owningTeam: z.string(),
  step: z.string(),
  path: z.string(),
  url: z.string(),
  medalliaPattern: z.string(),
  description: z.string(),
});
