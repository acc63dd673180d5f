/**
 * MHV Account Activity Log stand-in (reference D). Paths under a configurable base (default
 * `/mhvapi/v1`, the legacy MHV API base; the API gateway uses `…/v1/`):
 *   GET  usermgmt/auth/session        headers appToken, mhvCorrelationId, x-api-key
 *                                     → 200 with response headers `token` and `expires` (HTTP-date)
 *   POST usermgmt/activity            headers Token + x-api-key; JSON body userProfileId, activityType,
 *                                     action, completionTime (RFC 1123, optional), performerType,
 *                                     detailValue (optional), status (1 success | 0 failure)
 *   GET  usermgmt/external/activities headers Token + x-api-key; query fromDate, toDate, page, limit
 * Stand-in only: GET /_sandbox/activities, PUT /_sandbox/faults, POST /_sandbox/reset.
 * MHV's error bodies and the list response shape are NOT documented publicly: this stand-in answers
 * `{"message": "..."}` naming the field, and `{"activities": [...]}` for the list (assumptions).
 */
import { randomBytes } from 'node:crypto';
import { HungReplies } from '../hung-replies.js';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { checkActivity } from './validate.js';

export interface AalActivityRecord {
  userProfileId: string;
  activityType: string;
  action: string;
  completionTime: string;
  performerType: string;
  detailValue: string | null;
  status: number;
  /** Which appToken (product) opened the session that posted it. */
  appToken: string;
  receivedAt: string;
}

export interface AalFaults {
  /** Probabilities 0..1 per POST usermgmt/activity. */
  error500Rate: number;
  rate429Rate: number;
  /** Hang, then drop the connection (the event may or may not be stored: see timeoutAfterStore). */
  timeoutRate: number;
  /** When a timeout is injected, store the activity first (the caller cannot know). */
  timeoutAfterStore: boolean;
  timeoutMs: number;
}

export interface AalSandbox {
  app: FastifyInstance;
  basePath: string;
  activities: AalActivityRecord[];
  faults: AalFaults;
  /** Invalidate every session token (the next call with an old token gets 401). */
  expireSessions(): void;
  counters: { sessions: number; posts: number; injectedFaults: number };
  reset(): void;
}

export interface AalSandboxOptions {
  apiKey: string;
  basePath?: string;
  sessionTtlMs?: number;
  faults?: Partial<AalFaults>;
  random?: () => number;
}

const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export function buildAalSandbox(opts: AalSandboxOptions): AalSandbox {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  const base = `/${(opts.basePath ?? '/mhvapi/v1').replace(/^\/+|\/+$/g, '')}`;
  const activities: AalActivityRecord[] = [];
  const sessions = new Map<string, { user: string; appToken: string; expires: number }>();
  const faults: AalFaults = { error500Rate: 0, rate429Rate: 0, timeoutRate: 0, timeoutAfterStore: false, timeoutMs: 10_000, ...opts.faults };
  const counters = { sessions: 0, posts: 0, injectedFaults: 0 };
  const random = opts.random ?? Math.random;
  const ttl = opts.sessionTtlMs ?? 20 * 60_000;
  const hung = new HungReplies(app);
  const hang = (reply: FastifyReply) => hung.hold(reply, faults.timeoutMs);
  const session = (token: string | undefined) => {
    const s = token ? sessions.get(token) : undefined;
    return s && s.expires > Date.now() ? s : undefined;
  };

  app.get(`${base}/usermgmt/auth/session`, async (req, reply) => {
    if (header(req.headers['x-api-key']) !== opts.apiKey) return reply.status(401).send({ message: 'x-api-key is missing or not valid' });
    const appToken = header(req.headers['apptoken']);
    const user = header(req.headers['mhvcorrelationid']);
    if (!appToken) return reply.status(400).send({ message: 'appToken header is required' });
    if (!user || !/^\d+$/.test(user)) return reply.status(400).send({ message: 'mhvCorrelationId header is required (numeric MHV user profile id)' });
    const token = randomBytes(24).toString('hex');
    const expires = Date.now() + ttl;
    sessions.set(token, { user, appToken, expires });
    counters.sessions += 1;
    return reply.header('token', token).header('expires', new Date(expires).toUTCString()).status(200).send();
  });

  app.post(`${base}/usermgmt/activity`, async (req, reply) => {
    if (header(req.headers['x-api-key']) !== opts.apiKey) return reply.status(401).send({ message: 'x-api-key is missing or not valid' });
    const s = session(header(req.headers['token']));
    if (!s) return reply.status(401).send({ message: 'Token is missing or expired' });
    counters.posts += 1;
    const roll = random();
    if (roll < faults.error500Rate) {
      counters.injectedFaults += 1;
      return reply.status(500).send({ message: 'Internal server error' });
    }
    if (roll < faults.error500Rate + faults.rate429Rate) {
      counters.injectedFaults += 1;
      return reply.status(429).send({ message: 'Too many requests' });
    }
    const timeout = roll < faults.error500Rate + faults.rate429Rate + faults.timeoutRate;
    if (timeout) counters.injectedFaults += 1;
    if (timeout && !faults.timeoutAfterStore) return hang(reply);
    const checked = checkActivity(req.body);
    if (!checked.ok) return reply.status(400).send({ message: checked.message });
    const a = checked.value;
    if (a.userProfileId !== s.user) return reply.status(403).send({ message: 'userProfileId does not match the session' });
    activities.push({ ...a, completionTime: a.completionTime ?? new Date().toUTCString(), appToken: s.appToken, receivedAt: new Date().toISOString() });
    if (timeout) return hang(reply);
    return reply.status(200).send({});
  });

  app.get(`${base}/usermgmt/external/activities`, async (req, reply) => {
    if (header(req.headers['x-api-key']) !== opts.apiKey) return reply.status(401).send({ message: 'x-api-key is missing or not valid' });
    const s = session(header(req.headers['token']));
    if (!s) return reply.status(401).send({ message: 'Token is missing or expired' });
    const q = req.query as { fromDate?: string; toDate?: string; page?: string; limit?: string };
    const from = q.fromDate ? Date.parse(q.fromDate) : -Infinity;
    const to = q.toDate ? Date.parse(q.toDate) : Infinity;
    if (Number.isNaN(from)) return reply.status(400).send({ message: 'fromDate is not a date' });
    if (Number.isNaN(to)) return reply.status(400).send({ message: 'toDate is not a date' });
    const limit = q.limit ? Number(q.limit) : 50;
    const page = q.page ? Number(q.page) : 1;
    if (!Number.isInteger(limit) || limit < 1) return reply.status(400).send({ message: 'limit must be a positive integer' });
    if (!Number.isInteger(page) || page < 1) return reply.status(400).send({ message: 'page must be a positive integer' });
    const mine = activities.filter((a) => {
      const t = Date.parse(a.completionTime);
      return a.userProfileId === s.user && t >= from && t <= to;
    });
    return { activities: mine.slice((page - 1) * limit, page * limit), total: mine.length, page, limit };
  });

  app.get('/_sandbox/activities', async () => ({ activities }));
  app.put('/_sandbox/faults', async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    for (const [k, v] of Object.entries(body)) {
      const ok = k === 'timeoutAfterStore' ? typeof v === 'boolean' : k in faults && typeof v === 'number' && v >= 0 && (k === 'timeoutMs' || v <= 1);
      if (!ok) return reply.status(400).send({ message: `${k}: not a fault setting or out of range` });
    }
    return Object.assign(faults, body);
  });
  const sandbox: AalSandbox = {
    app,
    basePath: base,
    activities,
    faults,
    counters,
    expireSessions: () => sessions.clear(),
    reset() {
      activities.length = 0;
      sessions.clear();
      Object.assign(counters, { sessions: 0, posts: 0, injectedFaults: 0 });
    },
  };
  app.post('/_sandbox/reset', async () => {
    sandbox.reset();
    return { ok: true };
  });
  return sandbox;
}
