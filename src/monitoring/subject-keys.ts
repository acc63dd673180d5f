/**
 * Pseudonymous keys stored with monitoring events (never the user id or the session token):
 *  - veteranKey: HMAC-SHA256(user id) with the cookie secret, so the guard counts distinct Veterans
 *    and nobody can recompute it from a user id without the secret;
 *  - sessionKey: SHA-256 of the server session token, so funnel steps are counted once per session.
 */
import { createHash, createHmac } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../platform/context.js';
import { SESSION_COOKIE } from '../identity/index.js';

export function veteranKey(secret: string, userId: string): string {
  return createHmac('sha256', secret).update(`veteran:${userId}`).digest('hex').slice(0, 32);
}

export function sessionKey(token: string): string {
  return createHash('sha256').update(`monitoring-session:${token}`).digest('hex').slice(0, 32);
}

/** Keys of the signed-in Veteran behind a request (null for anonymous, care-team and ops callers). */
export function requestKeys(ctx: AppContext, req: FastifyRequest): { veteranKey: string | null; sessionKey: string | null } {
  const token = req.cookies?.[SESSION_COOKIE];
  if (!req.user || !token) return { veteranKey: null, sessionKey: null };
  return {
    veteranKey: req.user.role === 'veteran' ? veteranKey(ctx.config.COOKIE_SECRET, req.user.id) : null,
    sessionKey: sessionKey(token),
  };
}
