/**
 * Shared set-up for benchmark scripts: a throw-away database (embedded PostgreSQL under a temp
 * dir, or a new database on DATABASE_URL's server), migrated, with an AppContext around it.
 */
import { mkdtemp, rm, chmod } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../src/platform/config.js';
import { systemClock, type AppContext } from '../src/platform/context.js';
import { ensureDatabase, freePort, startEmbeddedPostgres } from '../src/platform/db/embedded.js';
import { migrate } from '../src/platform/db/migrate.js';
import { createDb, createPool, warmPool } from '../src/platform/db/pool.js';
import { createLogger } from '../src/platform/logging/logger.js';
import { unconfiguredActivityLog } from '../src/platform/activity-log-port.js';
import { unconfiguredEmailSender } from '../src/platform/notify-port.js';

export interface BenchDb {
  url: string;
  ctx: AppContext;
  close(): Promise<void>;
}

/**
 * `statementStats`: with the embedded server, preload pg_stat_statements and create the extension
 * in the bench database, so a benchmark can count statements (round trips) per unit of work.
 */
export async function openBenchDb(
  overrides: Partial<Record<keyof Config, string>> = {},
  poolSize = 12,
  opts: { statementStats?: boolean } = {},
): Promise<BenchDb> {
  const name = `rxbridge_bench_${process.pid}`;
  let stopEmbedded: (() => Promise<void>) | undefined;
  let dir: string | undefined;
  let server: string;
  if (process.env.DATABASE_URL) {
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = '/postgres';
    server = u.toString();
  } else {
    dir = await mkdtemp(path.join(os.tmpdir(), 'rxbridge-bench-'));
    await chmod(dir, 0o755);
    const pgServer = await startEmbeddedPostgres({
      dataDir: path.join(dir, 'pg'),
      port: await freePort(),
      ...(opts.statementStats ? { flags: ['-c', 'shared_preload_libraries=pg_stat_statements'] } : {}),
    });
    stopEmbedded = () => pgServer.stop();
    server = pgServer.url('postgres');
  }
  await ensureDatabase(server, name);
  const url = server.replace(/\/postgres$/, `/${name}`);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', MLLP_PORT: '0', ...overrides });
  // As startSystem does: the configured minimum of connections opened now and kept open.
  const pool = createPool(url, poolSize, undefined, config.DATABASE_POOL_MIN);
  await migrate(pool);
  await warmPool(pool);
  if (opts.statementStats && !process.env.DATABASE_URL) await pool.query('create extension if not exists pg_stat_statements');
  const ctx: AppContext = {
    config,
    pool,
    db: createDb(pool),
    log: createLogger({ level: 'silent' }),
    clock: systemClock,
    notify: unconfiguredEmailSender,
    aal: unconfiguredActivityLog,
  };
  return {
    url,
    ctx,
    async close() {
      await ctx.db.destroy();
      const admin = new pg.Client({ connectionString: server });
      await admin.connect();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
      await stopEmbedded?.();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Peak resident set size, sampled every 100 ms while `fn` runs, and what made it up at that moment
 * (V8 heap committed and used, memory outside the heap: Buffers and native), so a peak near a
 * limit says where to look.
 */
export async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ result: T; peakRssMb: number; atPeak: string }> {
  let peak = process.memoryUsage();
  const sample = () => {
    const m = process.memoryUsage();
    if (m.rss > peak.rss) peak = m;
  };
  const timer = setInterval(sample, 100);
  try {
    const result = await fn();
    sample();
    const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
    const atPeak = `V8 heap ${mb(peak.heapUsed)} of ${mb(peak.heapTotal)} MB, outside the heap ${mb(peak.external)} MB (Buffers ${mb(peak.arrayBuffers)})`;
    return { result, peakRssMb: peak.rss / 1024 / 1024, atPeak };
  } finally {
    clearInterval(timer);
  }
}

/** Deterministic PRNG so every run generates the same corpus (the one the HL7 fuzzer uses). */
export { seededRng as rng } from '../src/tracking/ingest/hl7/fuzz.js';

export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** Signs a demo Veteran in through the app's own mock sign-in (session + CSRF), by `app.inject`; returns the cookie header. */
export async function signInByInject(app: FastifyInstance, displayName: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (setCookie: string | string[] | undefined) => {
    for (const c of [setCookie ?? []].flat()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const s = await app.inject({ method: 'GET', url: '/api/session' });
  keep(s.headers['set-cookie']);
  const csrf = s.json<{ csrfToken: string }>().csrfToken;
  const users = (await app.inject({ method: 'GET', url: '/api/auth/demo-users' })).json<{ users: Array<{ id: string; displayName: string }> }>().users;
  const user = users.find((u) => u.displayName === displayName);
  if (!user) throw new Error(`no demo user named ${displayName}`);
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/mock-sign-in',
    headers: { cookie: cookie(), 'x-csrf-token': csrf },
    payload: { userId: user.id },
  });
  if (res.statusCode !== 204) throw new Error(`sign-in ${res.statusCode} ${res.body}`);
  keep(res.headers['set-cookie']);
  return cookie();
}
