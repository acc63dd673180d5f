/**
 * The HTTP request log: one line per request, written when it completes, with what an on-call
 * engineer filters on (method, path without the query string, status, time, request id).
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { useTestDatabase } from '../../test/helpers/db.js';
import { createLogger } from '../platform/logging/logger.js';
import { buildApp } from './app.js';

const t = useTestDatabase();
const lines: Array<Record<string, unknown>> = [];
let app: FastifyInstance;

beforeAll(async () => {
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString().split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  });
  app = await buildApp({ ...t.ctx, log: createLogger({ level: 'info', destination }) }, { serveWebUi: false });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
});

const requestLines = (reqId: unknown) => lines.filter((l) => l.reqId === reqId && l.component === 'http');

describe('request log', () => {
  it.each([
    ['GET', '/healthz?probe=1', '/healthz', 200],
    ['GET', '/api/medications?filter=active', '/api/medications', 401],
    ['GET', '/api/no-such-route?x=y', '/api/no-such-route', 404],
  ])('%s %s → one completed line with path %s and status %i', async (method, url, path, status) => {
    const res = await app.inject({ method: method as 'GET', url });
    expect(res.statusCode).toBe(status);
    const reqId = lines.find((l) => (l.req as { url?: string } | undefined)?.url === path && l.msg === 'request completed')?.reqId;
    expect(reqId).toBeTruthy();
    const mine = requestLines(reqId).filter((l) => l.msg === 'request completed' || l.msg === 'incoming request');
    expect(mine).toHaveLength(1);
    const [line] = mine;
    expect(line).toMatchObject({ level: 30, msg: 'request completed', req: { method, url: path }, res: { statusCode: status } });
    expect(typeof line!.responseTime).toBe('number');
    expect(JSON.stringify(line)).not.toContain('?');
  });
});
