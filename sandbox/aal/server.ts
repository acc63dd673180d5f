/**
 * MHV Account Activity Log stand-in (reference D): session token via `GET usermgmt/auth/session`
 * (headers appToken, mhvCorrelationId, x-api-key → response headers `token` and `expires`), then
 * `POST usermgmt/activity` with headers Token + x-api-key. Received events are stored and listed.
 * MHV's error bodies are not documented; this stand-in answers `{ message }` naming the field.
 */
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';

export interface AalActivityRecord {
  userProfileId: string;
  activityType: string;
  action: string;
  completionTime: string;
  performerType: string;
  detailValue: string | null;
  status: number;
  receivedAt: string;
}

export interface AalSandbox {
  app: FastifyInstance;
  activities: AalActivityRecord[];
  faults: { error500Rate: number };
}

const REQUIRED = ['userProfileId', 'activityType', 'action', 'performerType', 'status'] as const;

export function buildAalSandbox(opts: { apiKey: string; basePath?: string; random?: () => number }): AalSandbox {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  const base = (opts.basePath ?? '/mhvapi/v1').replace(/\/$/, '');
  const activities: AalActivityRecord[] = [];
  const sessions = new Map<string, { user: string; expires: number }>();
  const faults = { error500Rate: 0 };
  const random = opts.random ?? Math.random;

  app.get(`${base}/usermgmt/auth/session`, async (req, reply) => {
    if (req.headers['x-api-key'] !== opts.apiKey) return reply.status(401).send({ message: 'Invalid x-api-key' });
    const user = req.headers['mhvcorrelationid'];
    if (!req.headers['apptoken']) return reply.status(400).send({ message: 'appToken header is required' });
    if (typeof user !== 'string' || !/^\d+$/.test(user)) return reply.status(400).send({ message: 'mhvCorrelationId header is required' });
    const token = randomBytes(24).toString('hex');
    const expires = Date.now() + 20 * 60_000;
    sessions.set(token, { user, expires });
    return reply.header('token', token).header('expires', new Date(expires).toUTCString()).status(200).send();
  });

  app.post(`${base}/usermgmt/activity`, async (req, reply) => {
    if (req.headers['x-api-key'] !== opts.apiKey) return reply.status(401).send({ message: 'Invalid x-api-key' });
    const session = sessions.get(String(req.headers['token'] ?? ''));
    if (!session || session.expires < Date.now()) return reply.status(401).send({ message: 'Session token missing or expired' });
    if (random() < faults.error500Rate) return reply.status(500).send({ message: 'Internal server error' });
    const b = (req.body ?? {}) as Record<string, unknown>;
    for (const f of REQUIRED) if (b[f] === undefined || b[f] === null || b[f] === '') return reply.status(400).send({ message: `${f} is required` });
    if (b.status !== 0 && b.status !== 1) return reply.status(400).send({ message: 'status must be 1 (success) or 0 (failure)' });
    if (String(b.userProfileId) !== session.user) return reply.status(403).send({ message: 'userProfileId does not match the session' });
    activities.push({
      userProfileId: String(b.userProfileId),
      activityType: String(b.activityType),
      action: String(b.action),
      completionTime: typeof b.completionTime === 'string' ? b.completionTime : new Date().toUTCString(),
      performerType: String(b.performerType),
      detailValue: typeof b.detailValue === 'string' ? b.detailValue : null,
      status: b.status as number,
      receivedAt: new Date().toISOString(),
    });
    return reply.status(200).send({});
  });

  app.get(`${base}/usermgmt/external/activities`, async (req) => {
    const session = sessions.get(String(req.headers['token'] ?? ''));
    return { activities: activities.filter((a) => !session || a.userProfileId === session.user) };
  });
  app.get('/_sandbox/activities', async () => ({ activities }));
  app.put('/_sandbox/faults', async (req) => Object.assign(faults, req.body as object));
  return { app, activities, faults };
}
