/**
 * Session cookie → `request.user`, and the guards routes use.
 *
 * Cookie: `rxb_session` (`__Host-rxb_session` + Secure when served over HTTPS: cookies.ts),
 * httpOnly, SameSite=Lax, path /. The value is an opaque random token; the database keeps its
 * SHA-256, which is the session id CSRF tokens and rate limits are bound to. Sessions slide:
 * activity past half the TTL pushes the expiry out again.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AppContext } from '../platform/context.js';
import type { AuthUser, Role } from './auth-user.js';
import { createSession, deleteSession, extendSession, findSession, hashToken } from './sessions.dao.js';
import { forbidden, unauthenticated } from '../platform/http/errors.js';
import { cookieName, servedOverHttps, sessionCookieOptions } from './cookies.js';
import { clearPreSession } from './csrf.js';

export const SESSION_COOKIE = 'rxb_session';

declare module 'fastify' {
  interface FastifyRequest {
    user: AuthUser | null;
    /** Hex SHA-256 of the session token when `user` is set (never the token itself). */
    sessionId: string | null;
  }
}

export const sessionPlugin = fp(async (app: FastifyInstance, { ctx }: { ctx: AppContext }) => {
  const ttlMs = ctx.config.SESSION_TTL_MINUTES * 60_000;
  app.decorateRequest('user', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('secureCookies', false);
  app.addHook('onRequest', async (req) => {
    req.secureCookies = servedOverHttps(req, ctx);
    const token = req.cookies[cookieName(req, SESSION_COOKIE)];
    if (!token) return;
    const now = ctx.clock.now();
    const session = await findSession(ctx.db, token, now);
    if (!session) return;
    const { expiresAt, ...user } = session;
    req.user = user;
    req.sessionId = hashToken(token).toString('hex');
    if (expiresAt.getTime() - now.getTime() < ttlMs / 2) {
      await extendSession(ctx.db, token, new Date(now.getTime() + ttlMs));
    }
  });
});

/**
 * Sign-in: a new session (a session cookie the browser had before is ended, not reused) and the
 * pre-session CSRF cookie dropped, so the CSRF token rotates (csrf.ts).
 */
export async function startSession(ctx: AppContext, req: FastifyRequest, reply: FastifyReply, userId: string): Promise<void> {
  const previous = req.cookies[cookieName(req, SESSION_COOKIE)];
  if (previous) await deleteSession(ctx.db, previous);
  const token = await createSession(ctx.db, userId, new Date(ctx.clock.now().getTime() + ctx.config.SESSION_TTL_MINUTES * 60_000));
  void reply.setCookie(cookieName(req, SESSION_COOKIE), token, sessionCookieOptions(ctx, req));
  clearPreSession(req, reply);
}

/** Sign-out: the session row is deleted, so its CSRF token dies with it. */
export async function endSession(ctx: AppContext, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const token = req.cookies[cookieName(req, SESSION_COOKIE)];
  if (token) await deleteSession(ctx.db, token);
  const { maxAge: _unused, ...attrs } = sessionCookieOptions(ctx, req);
  void reply.clearCookie(cookieName(req, SESSION_COOKIE), attrs);
  clearPreSession(req, reply);
}

export type RouteAuth = 'public' | 'user' | Role | Role[];

/** The access a route declares: its `config.auth`, else 'user' for API routes and 'public' for the rest. */
export function declaredAuth(url: string | undefined, configured: RouteAuth | undefined): RouteAuth {
  const isApi = url !== undefined && url.startsWith('/api/') && !url.startsWith('/api/docs');
  return configured ?? (isApi ? 'user' : 'public');
}

export interface RouteAccess {
  method: string;
  url: string;
  auth: RouteAuth;
  /** False when the route opts out of the global CSRF check (it authenticates callers otherwise). */
  csrf: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route's declared access, so the authorization matrix can state what each route must refuse. */
    routeAccess: RouteAccess[];
  }
}

/** Record the declared access of every route registered after this call (see RouteAccess). */
export function recordRouteAccess(app: FastifyInstance): void {
  const list: RouteAccess[] = [];
  app.decorate('routeAccess', list);
  app.addHook('onRoute', (route) => {
    const config = route.config;
    for (const method of [route.method].flat()) {
      list.push({ method, url: route.url, auth: declaredAuth(route.url, config?.auth), csrf: config?.csrf !== false });
    }
  });
}

/** Route-level guard (see FastifyContextConfig.auth in app.ts). */
export function enforceRouteAuth(req: FastifyRequest): void {
  const route = req.routeOptions.url; // undefined for the not-found handler
  const auth = declaredAuth(route, req.routeOptions.config?.auth);
  if (auth === 'public') return;
  if (auth === 'user') {
    requireUser(req);
    return;
  }
  requireRole(req, ...(Array.isArray(auth) ? auth : [auth]));
}

/** The signed-in user, or 401. */
export function requireUser(req: FastifyRequest): AuthUser {
  if (!req.user) throw unauthenticated();
  return req.user;
}

/** The signed-in user with one of `roles`, or 401/403. */
export function requireRole(req: FastifyRequest, ...roles: Role[]): AuthUser {
  const user = requireUser(req);
  if (!roles.includes(user.role)) throw forbidden();
  return user;
}

/** The signed-in Veteran's patient id, or 401/403. Every Veteran data query filters on it. */
export function requirePatient(req: FastifyRequest): string {
  const user = requireRole(req, 'veteran');
  return user.patientId as string;
}

/** The signed-in clinician's id, or 401/403. */
export function requireClinician(req: FastifyRequest): string {
  const user = requireRole(req, 'care_team');
  return user.clinicianId as string;
}
