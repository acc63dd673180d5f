/**
 * Route-test harness: a cloned database with demo data, the real Fastify app (no web UI), and
 * helpers to get signed-in clients for demo users.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { seedDemoData } from '../../src/seed/seed.js';
import { useTestDatabase, type TestDatabase } from './db.js';
import { TestClient } from './http.js';

export interface TestApp extends TestDatabase {
  app: FastifyInstance;
  /** users.id for a demo subject such as 'mock:alex', 'mock:shah', 'mock:ops'. */
  userId(subject: string): Promise<string>;
  /** patients.id for a demo Veteran key such as 'alex'. */
  patientId(key: string): Promise<string>;
  client(): TestClient;
  signIn(subject: string): Promise<TestClient>;
}

export function useTestApp(opts: Parameters<typeof useTestDatabase>[0] = {}): TestApp {
  const t = useTestDatabase(opts) as TestApp;
  beforeAll(async () => {
    await seedDemoData(t.ctx.db, t.ctx.clock.today());
    t.app = await buildApp(t.ctx, { serveWebUi: false });
    await t.app.ready();
  });
  afterAll(async () => {
    await t.app?.close();
  });
  t.userId = async (subject) => (await t.ctx.db.selectFrom('users').select('id').where('external_subject', '=', subject).executeTakeFirstOrThrow()).id;
  t.patientId = async (key) =>
    (await t.ctx.db.selectFrom('users').select('patient_id').where('external_subject', '=', `mock:${key}`).executeTakeFirstOrThrow()).patient_id as string;
  t.client = () => new TestClient(t.app);
  t.signIn = async (subject) => new TestClient(t.app).signInAs(await t.userId(subject));
  return t;
}
