/**
 * Session cookie → `request.user`, and the guards routes use.
 *
 * Cookie: `rxb_session`, httpOnly, SameSite=Lax, Secure in production, path /. The value is an
 * opaque random token; the database keeps its SHA-256. Sessions slide: activity past half the
 * TTL pushes the expiry out again.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AppContext } from '../platform/context.js';
import type { AuthUser, Role } from './auth-user.js';
import { createSession, deleteSession, extendSession, findSession } from './sessions.dao.js';
import { forbidden, unauthenticated } from '../platform/http/errors.js';

export const SESSION_COOKIE = 'rxb_session';

declare module 'fastify' {
  interface FastifyRequest {
    user: AuthUser | null;
  }
}

export const sessionPlugin = fp(async (app: FastifyInstance, { ctx }: { ctx: AppContext }) => {
  const ttlMs = ctx.config.SESSION_TTL_MINUTES * 60_000;
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (req) => {
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return;
    const now = ctx.clock.now();
    const session = await findSession(ctx.db, token, now);
    if (!session) return;
    const { expiresAt, ...user } = session;
    req.user = user;
    if (expiresAt.getTime() - now.getTime() < ttlMs / 2) {
      await extendSession(ctx.db, token, new Date(now.getTime() + ttlMs));
    }
  });
});

export function cookieOptions(ctx: AppContext) {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: ctx.config.NODE_ENV === 'production',
    path: '/',
    maxAge: ctx.config.SESSION_TTL_MINUTES * 60,
  };
}

export async function startSession(ctx: AppContext, reply: FastifyReply, userId: string): Promise<void> {
  const token = await createSession(ctx.db, userId, new Date(ctx.clock.now().getTime() + ctx.config.SESSION_TTL_MINUTES * 60_000));
  void reply.setCookie(SESSION_COOKIE, token, cookieOptions(ctx));
}

export async function endSession(ctx: AppContext, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const token = req.cookies[SESSION_COOKIE];
  if (token) await deleteSession(ctx.db, token);
  void reply.clearCookie(SESSION_COOKIE, { path: '/' });
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
    const config = route.config as { auth?: RouteAuth; csrf?: boolean } | undefined;
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
