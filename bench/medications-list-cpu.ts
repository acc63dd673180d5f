/**
 * CPU cost of one Medications list request (issue 16), the figure that decides how many requests a
 * core can answer and that, unlike latency, barely moves when other work shares the machine:
 *   npx tsx bench/medications-list-cpu.ts [--requests 1000]
 * The real app (buildApp as bench/api-latency-server.ts runs it: NODE_ENV=development, request
 * logging at info into /dev/null) on a throw-away embedded PostgreSQL with the demo data, with ONE
 * pooled connection so the database work of every request runs in one backend whose CPU time is
 * read from /proc. Requests go one after another through app.inject (no HTTP parsing; no queueing).
 * Per target: app CPU (process.cpuUsage, user + system) and Postgres backend CPU per request, and
 * the statements per request; baseline: a bare Fastify hello-world answered the same way in the
 * same process.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { arg, openBenchDb, signInByInject } from './support.js';
import { figure, reportFigures, type BenchFigure } from './report.js';
import { buildApp } from '../src/server/app.js';
import { seedDemoData } from '../src/seed/seed.js';
import { systemClock } from '../src/platform/context.js';
import { createLogger } from '../src/platform/logging/logger.js';
import { createDb } from '../src/platform/db/pool.js';

const N = arg('requests', 1000);
const out = process.stdout;

const bench = await openBenchDb(
  {
    NODE_ENV: 'development',
    MOCK_SIGN_IN: 'true',
    RATE_LIMIT_PER_MINUTE: '100000000',
    RATE_LIMIT_PER_SESSION_PER_MINUTE: '100000000',
    RATE_LIMIT_PER_USER_PER_MINUTE: '100000000',
    LOG_LEVEL: 'info',
  },
  1,
);
let statements = 0;
// The app's own Kysely set-up (createDb: prepared statements marked by the DAOs), counting statements.
const db = createDb(bench.ctx.pool, (e) => void (e.level === 'query' && statements++));
await seedDemoData(db, systemClock.today());
const backendPid = (await bench.ctx.pool.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
const ctx = { ...bench.ctx, db, log: createLogger({ level: 'info', destination: pino.destination({ dest: '/dev/null', sync: false }) }) };
const app = await buildApp(ctx, { serveWebUi: false });
const hello = Fastify({ logger: false });
hello.get('/', async () => ({ hello: 'world' }));

/** utime + stime of the Postgres backend, in ms (clock ticks of 10 ms). */
const backendCpuMs = () => {
  const fields = readFileSync(`/proc/${backendPid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
};

const signIn = (displayName: string) => signInByInject(app, displayName);

interface Cost {
  appMs: number;
  pgMs: number;
  wallMs: number;
  statements: number;
}

async function cost(server: FastifyInstance, url: string, cookie?: string): Promise<Cost> {
  const once = async () => {
    const res = await server.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
  };
  for (let i = 0; i < 300; i++) await once(); // warm-up: JIT, plan caches
  await app.flowEvents.flush();
  const s0 = statements;
  const pg0 = backendCpuMs();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < N; i++) await once();
  await app.flowEvents.flush(); // the batched flow events these requests recorded
  const cpu = process.cpuUsage(cpu0);
  return {
    appMs: (cpu.user + cpu.system) / 1000 / N,
    pgMs: (backendCpuMs() - pg0) / N,
    wallMs: (performance.now() - t0) / N,
    statements: (statements - s0) / N,
  };
}

const alex = await signIn('Alex Morgan');
const sam = await signIn('Sam Taylor');
const base = await cost(hello, '/');
const targets: Array<[string, string, string]> = [
  ['medications', '/api/medications', alex],
  ['meds-40', '/api/medications', sam],
  ['meds-40-filtered', '/api/medications?filter=renewal&sort=last-fill-date&page=1', sam],
];
const rows: BenchFigure[] = [];
for (const [name, url, cookie] of targets) {
  const c = await cost(app, url, cookie);
  out.write(
    `${name.padEnd(17)} app ${c.appMs.toFixed(3)} ms  postgres ${c.pgMs.toFixed(3)} ms  wall ${c.wallMs.toFixed(3)} ms  statements ${c.statements.toFixed(2)} per request\n`,
  );
  const context = `postgres backend ${c.pgMs.toFixed(2)} ms CPU, ${c.statements.toFixed(2)} SQL statements, ${c.wallMs.toFixed(2)} ms wall per request (sequential); ${N} requests; load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')}`;
  rows.push(
    figure({
      figure: `${name}: app + postgres CPU per request`,
      result: c.appMs + c.pgMs,
      unit: 'ms',
      baseline: base.appMs,
      baselineLabel: 'bare Fastify hello-world CPU per request, same process',
      goal: '–',
      pass: null,
      context,
    }),
  );
}
reportFigures(rows);
await app.close();
await hello.close();
await bench.close();
