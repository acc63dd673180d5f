/**
 * Session cookie → `request.user`, and the guards routes use.
 *
 * Cookie: `rxb_session`, httpOnly, SameSite=Lax, Secure in production, path /. The value is an
 * opaque random token; the database keeps its SHA-256. Sessions slide: activity past half the
 * TTL pushes the expiry out again.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AppContext } from '../context.js';
import type { AuthUser, Role } from '../../identity/auth-user.js';
import { createSession, deleteSession, extendSession, findSession } from '../../identity/sessions.dao.js';
import { forbidden, unauthenticated } from './errors.js';

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

/** Route-level guard (see FastifyContextConfig.auth in app.ts). */
export function enforceRouteAuth(req: FastifyRequest): void {
  const route = req.routeOptions.url; // undefined for the not-found handler
  const isApi = route !== undefined && route.startsWith('/api/') && !route.startsWith('/api/docs');
  const auth = req.routeOptions.config?.auth ?? (isApi ? 'user' : 'public');
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
