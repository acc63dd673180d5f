/**
 * CSRF tokens bound to the session.
 *
 * A token is `base64url(HMAC-SHA256(key, binding))`, with `key` derived from COOKIE_SECRET and
 * `binding` the caller's session:
 *   - signed in: `s:` + the session id (SHA-256 of the session cookie's token);
 *   - signed out: `a:` + a random pre-session id kept in the httpOnly `rxb_anon` cookie (so
 *     sign-in itself is CSRF-protected: no login CSRF).
 * Nothing else is stored. A token therefore works only with the session (or pre-session) it was
 * issued for: another browser's token, a token from before sign-in, or one from a session that
 * ended is refused (403 `csrf_invalid`). Sign-in starts a new session and drops the pre-session
 * cookie; sign-out deletes the session: both rotate the token (clients fetch a new one from
 * `GET /api/session`).
 *
 * Every POST/PUT/PATCH/DELETE needs the token in `x-csrf-token`, unless the route opts out
 * (`config.csrf: false`) because it authenticates its callers otherwise (webhook signatures,
 * service tokens); such routes may still call `app.csrfProtection` for session callers.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AppContext } from '../platform/context.js';
import { AppError } from '../platform/http/errors.js';
import { cookieName, sessionCookieOptions } from './cookies.js';

export const CSRF_HEADER = 'x-csrf-token';
export const ANON_COOKIE = 'rxb_anon';

declare module 'fastify' {
  interface FastifyInstance {
    /** Hook-style CSRF check (throws 403 `csrf_invalid` through `done`). */
    csrfProtection(req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void): void;
  }
  interface FastifyReply {
    /** The CSRF token for this request's session (creating the pre-session cookie if needed). */
    generateCsrf(): string;
  }
}

export const csrfInvalid = (): AppError => new AppError('csrf_invalid', 'Your session security token is missing or expired. Reload the page and try again.');

export function csrfTokenFor(key: Buffer, binding: string): string {
  return createHmac('sha256', key).update(binding).digest('base64url');
}

/** The binding of a request: its session, else its pre-session cookie, else none. */
export function csrfBinding(req: FastifyRequest): string | null {
  if (req.user && req.sessionId) return `s:${req.sessionId}`;
  const anon = req.cookies[cookieName(req, ANON_COOKIE)];
  return anon && /^[A-Za-z0-9_-]{20,64}$/.test(anon) ? `a:${anon}` : null;
}

export const csrfPlugin = fp(async (app: FastifyInstance, { ctx }: { ctx: AppContext }) => {
  const key = createHmac('sha256', ctx.config.COOKIE_SECRET).update('rxbridge csrf token key v1').digest();

  const verify = (req: FastifyRequest): void => {
    const given = req.headers[CSRF_HEADER];
    const binding = csrfBinding(req);
    if (typeof given !== 'string' || !binding) throw csrfInvalid();
    const a = Buffer.from(given);
    const b = Buffer.from(csrfTokenFor(key, binding));
    if (a.length !== b.length || !timingSafeEqual(a, b)) throw csrfInvalid();
  };

  app.decorate('csrfProtection', (req: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) => {
    try {
      verify(req);
      done();
    } catch (err) {
      done(err as Error);
    }
  });

  app.decorateReply('generateCsrf', function (this: FastifyReply): string {
    const req = this.request;
    let binding = csrfBinding(req);
    if (!binding) {
      const anon = randomBytes(24).toString('base64url');
      const { maxAge: _browserSession, ...attrs } = sessionCookieOptions(ctx, req);
      void this.setCookie(cookieName(req, ANON_COOKIE), anon, { ...attrs, sameSite: 'strict' });
      // Later calls in this request see the new pre-session.
      req.cookies[cookieName(req, ANON_COOKIE)] = anon;
      binding = `a:${anon}`;
    }
    return csrfTokenFor(key, binding);
  });
});

/** Drop the pre-session cookie (at sign-in: the session binds tokens from now on). */
export function clearPreSession(req: FastifyRequest, reply: FastifyReply): void {
  const name = cookieName(req, ANON_COOKIE);
  if (req.cookies[name]) void reply.clearCookie(name, { path: '/', secure: req.secureCookies, httpOnly: true, sameSite: 'strict' });
}
