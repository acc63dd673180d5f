/**
 * Cookie names and attributes of the session and pre-session cookies.
 *
 * Served over HTTPS (always in production; otherwise when the request arrived over TLS, or via a
 * proxy that says so with trustProxy on) the cookies are `__Host-rxb_session` / `__Host-rxb_anon`
 * with `Secure`, `Path=/` and no `Domain`: a browser then refuses them from plain HTTP or from a
 * sibling subdomain, so they cannot be planted or tossed. Over local plain HTTP (`npm start`,
 * tests) a `__Host-`/`Secure` cookie would not be stored by every browser, so the names are
 * `rxb_session` / `rxb_anon` without `Secure`. A request is only ever read with the name that
 * fits how it arrived: an HTTPS request ignores a plain-named cookie.
 */
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../platform/context.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the session plugin: the cookies of this request are the `__Host-`/Secure ones. */
    secureCookies: boolean;
  }
}

export function servedOverHttps(req: FastifyRequest, ctx: AppContext): boolean {
  return req.protocol === 'https' || ctx.config.NODE_ENV === 'production';
}

export function cookieName(req: FastifyRequest, base: string): string {
  return req.secureCookies ? `__Host-${base}` : base;
}

export function sessionCookieOptions(ctx: AppContext, req: FastifyRequest) {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: req.secureCookies,
    path: '/',
    maxAge: ctx.config.SESSION_TTL_MINUTES * 60,
  };
}
