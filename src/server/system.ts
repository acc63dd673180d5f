/**
 * Starts the running system against a migrated database: API + web UI, and the job worker.
 * Used by `main.ts` (npm start) and by browser tests, so both run the same wiring.
 */
import type { FastifyInstance } from 'fastify';
import type { Runner } from 'graphile-worker';
import type { Config } from '../platform/config.js';
import { systemClock, type AppContext, type Clock } from '../platform/context.js';
import { createDb, createPool, warmPool } from '../platform/db/pool.js';
import { buildApp } from './app.js';
import { startWorker } from '../worker/runner.js';
import { startEventBus, startTrackingMllp, type MllpListener, type RunningEventBus } from '../tracking/index.js';
import { createLogger, type Logger } from '../platform/logging/logger.js';
import { unconfiguredEmailSender, type EmailSender } from '../platform/notify-port.js';
import { unconfiguredActivityLog, type ActivityLog } from '../platform/activity-log-port.js';

export interface RunningSystem {
  ctx: AppContext;
  app: FastifyInstance;
  worker: Runner | null;
  url: string;
  /** HL7 MLLP listener (null when MLLP_HOST is empty). */
  mllp: MllpListener | null;
  /** Outbox relay + dispense consumer (TRACKING_PATH=event_bus with KAFKA_BROKERS), else null. */
  eventBus: RunningEventBus | null;
  stop(): Promise<void>;
}

export interface StartSystemOptions {
  config: Config;
  databaseUrl: string;
  log?: Logger;
  clock?: Clock;
  notify?: EmailSender;
  aal?: ActivityLog;
  /** Start the graphile-worker runner (default true). */
  worker?: boolean;
}

export async function startSystem(opts: StartSystemOptions): Promise<RunningSystem> {
  const log = opts.log ?? createLogger({ level: opts.config.LOG_LEVEL });
  const pool = createPool(opts.databaseUrl, opts.config.DATABASE_POOL_MAX, undefined, opts.config.DATABASE_POOL_MIN);
  await warmPool(pool);
  const ctx: AppContext = {
    config: opts.config,
    pool,
    db: createDb(pool),
    log,
    clock: opts.clock ?? systemClock,
    notify: opts.notify ?? unconfiguredEmailSender,
    aal: opts.aal ?? unconfiguredActivityLog,
  };
  const app = await buildApp(ctx);
  await app.listen({ host: opts.config.HOST, port: opts.config.PORT });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.config.PORT;
  const url = `http://${opts.config.HOST === '0.0.0.0' ? '127.0.0.1' : opts.config.HOST}:${port}`;
  const worker = opts.worker === false ? null : await startWorker(ctx);
  const mllp = opts.config.MLLP_HOST ? await startTrackingMllp(ctx) : null;
  const eventBusOn = opts.config.TRACKING_PATH === 'event_bus';
  if (eventBusOn && !opts.config.KAFKA_BROKERS) log.warn('TRACKING_PATH=event_bus without KAFKA_BROKERS: dispense events wait in the outbox');
  const eventBus = eventBusOn && opts.config.KAFKA_BROKERS ? await startEventBus(ctx) : null;
  return {
    ctx,
    app,
    worker,
    url,
    mllp,
    eventBus,
    async stop() {
      // Each step is bounded so one stuck connection or job cannot hold shutdown (orchestrators
      // kill the process after ~30 s anyway); work left unfinished is retried from the database.
      await bounded(log, 'MLLP listener', mllp?.close());
      await bounded(log, 'event bus', eventBus?.stop());
      await bounded(log, 'HTTP server', app.close());
      // Before the worker: a send waiting up to a minute for a VA Notify rate-limit slot would
      // otherwise hold the worker's stop; closed, it fails as retryable and its job runs again later.
      ctx.notify.close?.();
      await bounded(log, 'job worker', worker?.stop());
      await bounded(log, 'database pool', ctx.db.destroy()); // ends the shared pool
    },
  };
}

const STOP_STEP_MS = 8_000;

async function bounded(log: Logger, what: string, step: Promise<unknown> | undefined): Promise<void> {
  if (!step) return;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), STOP_STEP_MS)));
  try {
    const r = await Promise.race([step.then(() => 'done' as const), late]);
    if (r === 'late') log.warn({ step: what, afterMs: STOP_STEP_MS }, 'shutdown step did not finish in time; continuing');
  } catch (err) {
    log.warn({ step: what, err }, 'shutdown step failed; continuing');
  } finally {
    clearTimeout(timer);
  }
}
