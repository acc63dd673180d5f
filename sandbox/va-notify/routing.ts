/**
 * Unknown routes and methods answered as VA Notify answers them, not in Fastify's shape.
 *
 * VA Notify is a Flask app: a URL no route matches is a werkzeug 404 and a known URL with another
 * method a 405 (with `Allow`), both turned into `{"result": "error", "message": <description>}` by
 * the app-level handlers (notification-api `app/__init__.py`: `page_not_found`,
 * `werkzeug_exception`) before any authentication — the `{status_code, errors}` shape belongs to
 * the v2 blueprints' own errors, which only run once a route matched. Same for a body over the
 * size limit (413, werkzeug's RequestEntityTooLarge description).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';

export const NOT_FOUND_MESSAGE = 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.';
export const METHOD_NOT_ALLOWED_MESSAGE = 'The method is not allowed for the requested URL.';
export const TOO_LARGE_MESSAGE = 'The data value transmitted exceeds the capacity limit.';

/** `{result: 'error', message}`: VA Notify's app-level error body (also its 501 for letters). */
export function resultError(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.status(status).send({ result: 'error', message });
}

const patternOf = (url: string) =>
  new RegExp(
    `^${url
      .split('/')
      .map((seg) => (seg.startsWith(':') ? '[^/]+' : seg === '*' ? '.*' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/')}$`,
  );

/**
 * Call before registering routes: records every route's pattern and methods (onRoute hook) and
 * installs the not-found handler that tells "no such URL" (404) from "not with this method"
 * (405 + Allow; OPTIONS answers 200 with Allow, as Flask's automatic OPTIONS does).
 */
export function answerUnknownRoutesAsVaNotify(app: FastifyInstance): void {
  const routes: Array<{ pattern: RegExp; methods: string[] }> = [];
  app.addHook('onRoute', (r) => {
    routes.push({ pattern: patternOf(r.url ?? r.path), methods: ([] as string[]).concat(r.method) });
  });
  // Werkzeug's converters never match an empty path segment (`/v2/notifications/` is no route).
  app.addHook('onRequest', async (req, reply) => {
    if (Object.values((req.params ?? {}) as Record<string, string>).some((v) => v === '')) return resultError(reply, 404, NOT_FOUND_MESSAGE);
  });
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0]!;
    const allowed = new Set(routes.filter((r) => r.pattern.test(path)).flatMap((r) => r.methods));
    if (allowed.size === 0) return resultError(reply, 404, NOT_FOUND_MESSAGE);
    allowed.add('OPTIONS');
    const allow = [...allowed].sort().join(', ');
    if (req.method === 'OPTIONS') return reply.status(200).header('allow', allow).send('');
    return resultError(reply.header('allow', allow), 405, METHOD_NOT_ALLOWED_MESSAGE);
  });
}
