/**
 * Security headers on every response (Content-Security-Policy, Strict-Transport-Security,
 * X-Content-Type-Options, …), set by helmet.
 *
 * Why not @fastify/helmet: it calls `helmet(options)` on every request, building all fifteen
 * header middlewares (and the CSP string) anew each time. Besides the allocation, those objects
 * outlived V8's young-generation collections: with it, every scavenge of the API server copied
 * ~1–3 MB of survivors and paused the event loop 6–8 ms about four times a second at 200 req/s,
 * which set the Medications list's p99 (issue 16; a bare Fastify with @fastify/helmet alone showed
 * it, with one helmet middleware built once it did not). Here the middleware is built once, at
 * start, and applied to each response, which is what @fastify/helmet does per request.
 */
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

export function registerSecurityHeaders(app: FastifyInstance, options: HelmetOptions): void {
  const setHeaders = helmet(options);
  app.addHook('onRequest', (req, reply, done) => {
    setHeaders(req.raw, reply.raw, (err?: unknown) => done(err instanceof Error ? err : undefined));
  });
}
