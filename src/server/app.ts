/**
 * Builds the Fastify application: security plugins, sessions, CSRF, OpenAPI, metrics, feature
 * routes, and the web UI. Nothing listens here; `main.ts` and tests decide where to listen.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import { timingSafeEqual } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppContext } from '../platform/context.js';
import { DEFAULT_BODY_LIMIT, registerErrorHandler, toAppError } from '../platform/http/error-handler.js';
import { registerRateLimits, type Budget } from '../platform/http/rate-limits.js';
import { registerSecurityHeaders } from '../platform/http/security-headers.js';
import { csrfPlugin, declaredAuth, enforceRouteAuth, identityRoutes, recordRouteAccess, sessionPlugin, type RouteAuth } from '../identity/index.js';
import { registerMetrics } from '../platform/http/metrics.js';
import { createAppMetrics, type AppMetrics } from './metrics.js';
import { registerWebUi } from '../platform/http/web-ui.js';
import { medicationRoutes } from '../medications/index.js';
import { messagingRoutes } from '../messaging/index.js';
import { registerTrackingMetrics, trackingRoutes, vaNotifyCallbackRoutes } from '../tracking/index.js';
import { monitoringRoutes, registerFlowAttribution, registerStoredStateMetrics, renewalLinkFor } from '../monitoring/index.js';
import { RequestLogController } from './request-log.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set false on routes authenticated by other means (signed webhooks, service tokens). */
    csrf?: boolean;
    /**
     * Who may call the route, checked before body/params validation so anonymous callers learn
     * nothing about a route's schema. API routes default to 'user' (any signed-in user);
     * 'public' opts out (sign-in, webhooks with their own authentication).
     */
    auth?: RouteAuth;
  }
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const sameSecret = (given: string | undefined, expected: string | undefined): boolean => {
  if (!given || !expected) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};
const bearerOf = (req: FastifyRequest): string | undefined => {
  const h = req.headers.authorization;
  return h?.slice(0, 7).toLowerCase() === 'bearer ' ? h.slice(7).trim() : undefined;
};
const INGEST_ROUTES = new Set(['/api/tracking/hl7', '/api/tracking/fhir']);
const CALLBACK_ROUTE = '/api/tracking/va-notify/callbacks';

/**
 * Who a request counts against (rate-limits.ts): machine routes by their credential (the ingest
 * token; VA Notify's callback bearer token, or its signed callbacks per sending address), a
 * signed-in caller by session and by user, anyone else by IP. So people behind one address
 * (a VA facility, a VPN) do not share one budget, and an operator's clicks are never spent by
 * someone else's traffic.
 */
function budgetsOf(ctx: AppContext, req: FastifyRequest): Budget[] {
  const c = ctx.config;
  const route = req.routeOptions.url;
  if (route && INGEST_ROUTES.has(route) && sameSecret(bearerOf(req), c.TRACKING_INGEST_TOKEN)) {
    return [{ key: 'credential:tracking-ingest', max: c.RATE_LIMIT_MACHINE_PER_MINUTE }];
  }
  if (route === CALLBACK_ROUTE) {
    if (sameSecret(bearerOf(req), c.VA_NOTIFY_CALLBACK_BEARER_TOKEN)) return [{ key: 'credential:va-notify-callback', max: c.RATE_LIMIT_MACHINE_PER_MINUTE }];
    // Signed per-notification callbacks: the signature covers the body, which is not read yet;
    // VA Notify retries these on 429 (A9.1), so a per-address machine budget is safe.
    if (typeof req.headers['x-enp-signature'] === 'string') return [{ key: `signed-callback:${req.ip}`, max: c.RATE_LIMIT_MACHINE_PER_MINUTE }];
  }
  if (req.user && req.sessionId) {
    return [
      { key: `session:${req.sessionId}`, max: c.RATE_LIMIT_PER_SESSION_PER_MINUTE },
      { key: `user:${req.user.id}`, max: c.RATE_LIMIT_PER_USER_PER_MINUTE },
    ];
  }
  return [{ key: `ip:${req.ip}`, max: c.RATE_LIMIT_PER_MINUTE }];
}

export interface BuildAppOptions {
  /** Serve the built web UI from web/dist (default true). */
  serveWebUi?: boolean;
  metrics?: AppMetrics;
}

export async function buildApp(ctx: AppContext, opts: BuildAppOptions = {}): Promise<FastifyInstance> {
  // Typed as Fastify's logger so the instance is FastifyInstance (with pino's Logger it would be a different generic).
  const loggerInstance: FastifyBaseLogger = ctx.log.child({ component: 'http' });
  const app = Fastify({
    loggerInstance,
    trustProxy: ctx.config.TRUST_PROXY ?? ctx.config.NODE_ENV === 'production',
    bodyLimit: DEFAULT_BODY_LIMIT,
    genReqId: () => crypto.randomUUID(),
    // One line per request, when it completes, with method, path and status (request-log.ts).
    logController: new RequestLogController(),
    // Errors Fastify raises before routing (a URL that is not valid UTF-8, a path parameter over
    // maxParamLength, …) go through the same mapping as every other error.
    frameworkErrors: (err, req, reply) => {
      const e = toAppError(err, req);
      req.log.info({ code: e.code, statusCode: e.statusCode }, 'request rejected');
      void (reply as unknown as FastifyReply).status(e.statusCode).send(e.toBody());
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  recordRouteAccess(app);

  // First hook of every request, so even refusals carry the headers.
  registerSecurityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // VA web components attach styles inside shadow roots.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: ctx.config.NODE_ENV === 'production' ? [] : null,
      },
    },
  });
  await app.register(cookie, { secret: ctx.config.COOKIE_SECRET });
  await app.register(sessionPlugin, { ctx });
  // Session-bound CSRF tokens (src/identity/csrf.ts); checked after the session is known.
  await app.register(csrfPlugin, { ctx });
  registerRateLimits(app, { budgets: (req) => budgetsOf(ctx, req) });
  app.addHook('onRequest', (req, reply, done) => {
    if (!UNSAFE_METHODS.has(req.method) || req.routeOptions.config.csrf === false) return done();
    // No valid session on a route that needs one: nothing ambient to forge; the auth check answers 401.
    if (!req.user && declaredAuth(req.routeOptions.url, req.routeOptions.config.auth) !== 'public') return done();
    app.csrfProtection(req, reply, done);
  });
  app.addHook('preValidation', async (req) => enforceRouteAuth(req));

  await app.register(swagger, {
    openapi: {
      info: { title: 'rxbridge API', version: '0.1.0', description: 'Medications, Secure Messaging renewals, Rx tracking, monitoring' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'rxb_session' },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  const metrics = opts.metrics ?? createAppMetrics();
  registerMetrics(app, metrics);
  // Rollout state, guard decisions and alerts as stored: the same in every process.
  registerStoredStateMetrics(metrics.registry, ctx);
  // Rx tracking pipeline gauges, read from the database at scrape time (once per registry).
  if (!metrics.registry.getSingleMetric('rxbridge_tracking_emails')) registerTrackingMetrics(metrics.registry, ctx.db);
  // Attributes every flow API outcome to its product and step (src/shared/flow-urls.ts).
  registerFlowAttribution(app, ctx, metrics);
  app.get('/healthz', { schema: { hide: true }, config: { rateLimit: false } }, async () => {
    await ctx.pool.query('select 1');
    return { status: 'ok' };
  });

  await app.register(identityRoutes, { ctx });
  await app.register(medicationRoutes, { ctx, renewalLink: renewalLinkFor });
  await app.register(messagingRoutes, { ctx });
  await app.register(trackingRoutes, { ctx });
  await app.register(vaNotifyCallbackRoutes, { ctx });
  await app.register(monitoringRoutes, { ctx, metrics });

  await registerWebUi(app, opts.serveWebUi !== false);
  return app;
}
