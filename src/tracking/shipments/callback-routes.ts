/**
 * VA Notify delivery-status callbacks (reference A9). Accepts the notification-level form (header
 * `x-enp-signature`, HMAC over the payload with our API key's secret) or the service-level form
 * (`Authorization: Bearer`). The raw body is kept for the signature check.
 *
 * Answers: 200 `{"message":"success"}` once recorded (duplicates and stale statuses included, and
 * reports for any other notification that carries one of our e-mails' reference — a replaced send
 * or a second notification — recorded and flagged `duplicate`); 401 for a bad signature/token;
 * 503 only while that e-mail's first send is still in flight (its notification id not stored yet:
 * the callback raced our own commit), so VA Notify retries; 200 for other services' notifications
 * (e.g. Secure Messaging e-mails), which are not ours to track.
 *
 * Not under the per-client-IP rate limit: VA Notify sends every status of every e-mail from a few
 * addresses, and a service-level callback answered 429 is never retried (A9.2), so throttling it
 * by address loses statuses (found by the exactly-once proof: at the default 600/min, callbacks
 * past the 600th in a minute were dropped and only polling recovered them). Callbacks count
 * against their credential's machine budget instead (RATE_LIMIT_MACHINE_PER_MINUTE, server/app.ts);
 * a request without a valid bearer token or a signature header counts as anonymous (per IP).
 * A request that fails the signature/bearer check costs one HMAC and is refused with 401.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { notifyCredentials } from '../../integrations/clients.js';
import { verifyCallbackBearer, verifyCallbackSignature } from '../../integrations/va-notify/callback-verification.js';
import type { AppContext } from '../../platform/context.js';
import { AppError, badRequest, unavailable } from '../../platform/http/errors.js';
import { text } from '../../shared/text.js';
import { applyStatusReport, type StatusReport } from './email-status.service.js';

// Text fields follow the API's text rule (src/shared/text.ts): a NUL or lone surrogate is a 400
// naming the field, never a 500 from PostgreSQL.
const payloadSchema = z.object({
  id: z.string().uuid(),
  reference: text({ max: 1000 }).nullable().optional(),
  status: text({ min: 1, max: 64, singleLine: true }),
  status_reason: text({ max: 500 }).nullable().optional(),
});

const IN_FLIGHT_WAITS_MS = [50, 100, 200, 250, 400];

export async function vaNotifyCallbackRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const secret = notifyCredentials(ctx.config).secret;
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  app.post(
    '/api/tracking/va-notify/callbacks',
    {
      config: { auth: 'public', csrf: false },
      schema: {
        tags: ['tracking'],
        summary: 'VA Notify delivery-status callback (x-enp-signature or bearer token)',
        description:
          'Body: VA Notify callback payload (id, reference, to, status, created_at, completed_at, sent_at, notification_type, status_reason, provider).',
        security: [],
      },
    },
    async (req) => {
      const raw = typeof req.body === 'string' ? req.body : '';
      const signature = req.headers['x-enp-signature'];
      const source =
        typeof signature === 'string'
          ? verifyCallbackSignature(raw, signature, secret)
            ? 'callback_signature'
            : null
          : verifyCallbackBearer(req.headers.authorization, ctx.config.VA_NOTIFY_CALLBACK_BEARER_TOKEN)
            ? 'callback_bearer'
            : null;
      if (!source) throw new AppError('unauthenticated', 'Callback signature or bearer token is not valid');
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        throw badRequest('Body is not JSON', 'body');
      }
      const parsed = payloadSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw badRequest(issue.message, `body.${issue.path.join('.')}`);
      }
      const p = parsed.data;
      const report: StatusReport = { notificationId: p.id, status: p.status, statusReason: p.status_reason ?? null, source, reference: p.reference ?? null };
      let result = await applyStatusReport(ctx, report);
      // The send is storing the notification id right now (VA Notify's callback can beat our commit by
      // milliseconds): wait for it a little (≤ 1 s) before asking VA Notify to retry, whose backoff
      // grows to minutes (bench:pipeline on a loaded machine: delivered reports trickled in at ~1/s).
      for (let i = 0; i < IN_FLIGHT_WAITS_MS.length && result.kind === 'in-flight'; i++) {
        await new Promise((r) => setTimeout(r, IN_FLIGHT_WAITS_MS[i]));
        result = await applyStatusReport(ctx, report);
      }
      if (result.kind === 'in-flight') throw unavailable('Notification not recorded yet; retry shortly');
      return { message: 'success' };
    },
  );
}
