/**
 * API fuzz proof (issue 18, item 6):
 *   npm run proof:api-fuzz -- --requests 100000 [--seed 18]
 * Starts the real Fastify app on a throw-away database with the demo data (embedded PostgreSQL
 * unless DATABASE_URL is set) and sends requests generated from its OpenAPI document
 * (test/helpers/api-fuzz.ts: every operation, every kind of caller, valid and mutated input).
 * Prints counts by status and every finding; exits 1 on any 5xx or any answer that does not
 * match the schema declared for its status. `npm test` runs a 2,000-request version
 * (test/proof/api-fuzz.int.test.ts).
 */
import { parseArgs } from 'node:util';
import { openBenchDb } from '../bench/support.js';
import { buildApp } from '../src/server/app.js';
import { systemClock } from '../src/platform/context.js';
import { seedDemoData } from '../src/seed/seed.js';
import { formatFuzzReport, runApiFuzz } from '../test/helpers/api-fuzz.js';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '100000' }, seed: { type: 'string', default: '18' } } });
const INGEST_TOKEN = 'api-fuzz-ingest-token-0123456789abcdef';
const unlimited = '100000000';
const bench = await openBenchDb(
  {
    TRACKING_INGEST_TOKEN: INGEST_TOKEN,
    RATE_LIMIT_PER_MINUTE: unlimited,
    RATE_LIMIT_PER_SESSION_PER_MINUTE: unlimited,
    RATE_LIMIT_PER_USER_PER_MINUTE: unlimited,
    RATE_LIMIT_MACHINE_PER_MINUTE: unlimited,
  },
  4,
);
try {
  await seedDemoData(bench.ctx.db, systemClock.today());
  const app = await buildApp(bench.ctx, { serveWebUi: false });
  await app.ready();
  const started = Date.now();
  try {
    const report = await runApiFuzz({
      app,
      db: bench.ctx.db,
      requests: Number(values.requests),
      seed: Number(values.seed),
      ingestToken: INGEST_TOKEN,
      callbackToken: bench.ctx.config.VA_NOTIFY_CALLBACK_BEARER_TOKEN,
      onProgress: (done, r) => {
        if (done % 10_000 === 0)
          process.stderr.write(`${done} requests, ${r.fiveXx} 5xx, ${r.schemaViolations} schema violations, ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
      },
    });
    process.stdout.write(`${formatFuzzReport(report)}\n`);
    process.stdout.write(`seconds: ${((Date.now() - started) / 1000).toFixed(1)}\n`);
    process.stdout.write('by operation:\n');
    for (const [op, statuses] of Object.entries(report.byOperation))
      process.stdout.write(
        `  ${op}: ${Object.entries(statuses)
          .map(([s, n]) => `${s}×${n}`)
          .join(' ')}\n`,
      );
    process.exitCode = report.fiveXx || report.schemaViolations ? 1 : 0;
  } finally {
    await app.close();
  }
} finally {
  await bench.close();
}
