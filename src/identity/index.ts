/**
 * Identity: who is calling. Terminology:
 *  - user: a signed-in person (Veteran, care-team member, ops); `AuthUser` on the request.
 *  - session: a server-side row keyed by the `rxb_session` cookie, sliding lifetime.
 *  - CSRF token: an HMAC of the session id (or of a pre-session cookie before sign-in): csrf.ts.
 *  - route auth: what a route declares (`config.auth`), checked before its body is validated.
 * Other rooms import identity only through this file.
 */
export type { AuthUser, Role } from './auth-user.js';
export {
  declaredAuth,
  enforceRouteAuth,
  recordRouteAccess,
  requireClinician,
  requirePatient,
  requireRole,
  requireUser,
  sessionPlugin,
  SESSION_COOKIE,
  type RouteAuth,
} from './session-auth.js';
export { identityRoutes } from './routes.js';
export { csrfPlugin, CSRF_HEADER } from './csrf.js';
