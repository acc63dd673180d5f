/**
 * Server side of bench/api-latency.ts, run as a child process so the load generator does not share
 * its event loop:  tsx bench/api-latency-server.ts app|hello [--log-level info]
 *  - app:   the real Fastify app (buildApp, no web UI, no job worker; NODE_ENV=development, as
 *           `npm start` runs it) on a throw-away embedded
 *           PostgreSQL with the demo data; logs at --log-level (default info) into /dev/null, so the
 *           cost of request logging and PHI redaction is included but no terminal is involved.
 *  - hello: a bare Fastify 5 hello-world (no plugins, no logger) — the floor for this machine.
 * Prints one JSON line {"url": …} when listening; stops on SIGTERM.
 */
import Fastify from 'fastify';
import { pino } from 'pino';
import { openBenchDb } from './support.js';
import { buildApp } from '../src/server/app.js';
import { systemClock } from '../src/platform/context.js';
import { createLogger } from '../src/platform/logging/logger.js';
import { seedDemoData } from '../src/seed/seed.js';
import { startDiagnostics } from './diag.js';

const mode = process.argv[2];
const levelIndex = process.argv.indexOf('--log-level');
const logLevel = levelIndex >= 0 ? process.argv[levelIndex + 1]! : 'info';

let stop: () => Promise<void>;
let url: string;
if (mode === 'hello') {
  const app = Fastify({ logger: false });
  app.get('/', async () => ({ hello: 'world' }));
  url = await app.listen({ host: '127.0.0.1', port: 0 });
  stop = () => app.close();
} else if (mode === 'app') {
  // Latency, not limits, is measured here: one bench session sends far more than a person would.
  // NODE_ENV=development as `npm start` runs it (test mode turns off the feature-flag cache, which
  // would add two flag reads per request that a deployed app does not do).
  const bench = await openBenchDb(
    {
      NODE_ENV: 'development',
      RATE_LIMIT_PER_MINUTE: '100000000',
      RATE_LIMIT_PER_SESSION_PER_MINUTE: '100000000',
      RATE_LIMIT_PER_USER_PER_MINUTE: '100000000',
      LOG_LEVEL: logLevel,
      MOCK_SIGN_IN: 'true',
    },
    20,
  );
  await seedDemoData(bench.ctx.db, systemClock.today());
  const ctx = { ...bench.ctx, log: createLogger({ level: logLevel, destination: pino.destination({ dest: '/dev/null', sync: false }) }) };
  const app = await buildApp(ctx, { serveWebUi: false });
  url = await app.listen({ host: '127.0.0.1', port: 0 });
  stop = async () => {
    await app.close();
    await bench.close();
  };
} else {
  throw new Error('usage: api-latency-server.ts app|hello');
}
process.stdout.write(`${JSON.stringify({ url })}\n`);
if (process.env.BENCH_DIAG) startDiagnostics();
process.on('SIGTERM', () => {
  void stop().finally(() => process.exit(0));
});
