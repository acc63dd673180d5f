/**
 * Builds the Fastify application: security plugins, sessions, CSRF, OpenAPI, metrics, feature
 * routes, and the web UI. Nothing listens here; `main.ts` and tests decide where to listen.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppContext } from '../platform/context.js';
import { registerErrorHandler } from '../platform/http/error-handler.js';
import { enforceRouteAuth, identityRoutes, recordRouteAccess, sessionPlugin, type RouteAuth } from '../identity/index.js';
import { registerMetrics } from '../platform/http/metrics.js';
import { createAppMetrics, type AppMetrics } from './metrics.js';
import { registerWebUi } from '../platform/http/web-ui.js';
import { medicationRoutes } from '../medications/index.js';
import { messagingRoutes } from '../messaging/index.js';
import { trackingRoutes, vaNotifyCallbackRoutes, registerTrackingMetrics } from '../tracking/index.js';
import { monitoringRoutes, registerFlowAttribution, renewalLink } from '../monitoring/index.js';

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

export interface BuildAppOptions {
  /** Serve the built web UI from web/dist (default true). */
  serveWebUi?: boolean;
  metrics?: AppMetrics;
}

export async function buildApp(ctx: AppContext, opts: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.log.child({ component: 'http' }) as FastifyBaseLogger,
    trustProxy: ctx.config.NODE_ENV === 'production',
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  recordRouteAccess(app);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // VA web components attach styles inside shadow roots.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: ctx.config.NODE_ENV === 'production' ? [] : null,
      },
    },
  });
  await app.register(rateLimit, { max: ctx.config.RATE_LIMIT_PER_MINUTE, timeWindow: 60_000 });
  await app.register(cookie, { secret: ctx.config.COOKIE_SECRET });
  await app.register(csrf, {
    cookieKey: 'rxb_csrf',
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'strict', path: '/', secure: ctx.config.NODE_ENV === 'production' },
    getToken: (req) => req.headers['x-csrf-token'] as string | undefined,
  });
  await app.register(sessionPlugin, { ctx });
  app.addHook('onRequest', (req, reply, done) => {
    if (!UNSAFE_METHODS.has(req.method) || req.routeOptions.config.csrf === false) return done();
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
  // Rx tracking pipeline gauges, read from the database at scrape time (once per registry).
  if (!metrics.registry.getSingleMetric('rxbridge_tracking_emails')) registerTrackingMetrics(metrics.registry, ctx.db);
  // Attributes every flow API outcome to its product and step (src/shared/flow-urls.ts).
  registerFlowAttribution(app, ctx, metrics);
  app.get('/healthz', { schema: { hide: true }, config: { rateLimit: false } }, async () => {
    await ctx.pool.query('select 1');
    return { status: 'ok' };
  });

  await app.register(identityRoutes, { ctx });
  await app.register(medicationRoutes, { ctx, renewalLink });
  await app.register(messagingRoutes, { ctx });
  await app.register(trackingRoutes, { ctx });
  await app.register(vaNotifyCallbackRoutes, { ctx });
  await app.register(monitoringRoutes, { ctx, metrics });

  await registerWebUi(app, opts.serveWebUi !== false);
  return app;
}
