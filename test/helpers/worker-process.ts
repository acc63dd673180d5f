/**
 * A graphile-worker process on its own, for tests and proofs that kill workers with SIGKILL.
 * Env: DATABASE_URL, VA_NOTIFY_URL, AAL_URL (+ any config variable). Prints "ready" once running.
 */
import { buildClients } from '../../src/integrations/clients.js';
import { loadConfig } from '../../src/platform/config.js';
import { systemClock, type AppContext } from '../../src/platform/context.js';
import { createDb, createPool } from '../../src/platform/db/pool.js';
import { startWorker } from '../../src/worker/runner.js';
import { createLogger } from '../../src/platform/logging/logger.js';

const config = loadConfig({ LOG_LEVEL: 'silent', ...process.env, NODE_ENV: 'test' });
const pool = createPool(process.env.DATABASE_URL!, 10);
const ctx: AppContext = { config, pool, db: createDb(pool), log: createLogger({ level: config.LOG_LEVEL }), clock: systemClock, ...buildClients(config) };
const runner = await startWorker(ctx);
process.stdout.write('ready\n');
// SIGTERM: stop cleanly (benchmarks run it with --cpu-prof, whose profile is written on a normal exit).
process.once('SIGTERM', () => {
  void runner
    .stop()
    .catch(() => undefined)
    .then(() => pool.end())
    .finally(() => process.exit(0));
});
