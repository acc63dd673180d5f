/**
 * Processes and data that the exactly-once proof and the pipeline-cost benchmark both start: the
 * real app (for VA Notify's callbacks), graphile-worker processes, the stand-ins in a process of
 * their own, and a corpus of one-item shipments ingested through the real batch ingest.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SANDBOX_AAL_API_KEY, SANDBOX_API_KEY } from '../src/shared/local-defaults.js';
import type { StartSandboxesOptions } from '../sandbox/start.js';
import type { Faults } from '../sandbox/va-notify/model.js';
import { freePort } from '../src/platform/db/embedded.js';
import { buildApp } from '../src/server/app.js';
import type { AppContext } from '../src/platform/context.js';
import { pipelineDeps } from '../src/tracking/pipeline.js';
import { ingestBatch } from '../src/tracking/ingest/ingest.service.js';
import { cmopMessage } from './cmop-corpus.js';

/** The real app (HTTP only: VA Notify's callbacks land here), listening on a free local port. */
export async function startApp(ctx: AppContext): Promise<{ url: string; close(): Promise<void> }> {
  const app = await buildApp(ctx, { serveWebUi: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`, close: () => app.close() };
}

/** The corpus's stations send through VA Notify (rxbridge owns their e-mails). */
export async function enableVaNotifyStations(ctx: AppContext): Promise<void> {
  await ctx.db
    .insertInto('station_email_senders')
    .values([
      { station_number: '442', sender: 'va_notify', changed_by: 'proof' },
      { station_number: '554', sender: 'va_notify', changed_by: 'proof' },
    ])
    .onConflict((oc) => oc.column('station_number').doUpdateSet({ sender: 'va_notify' }))
    .execute();
}

/**
 * N one-item shipments of the CMOP corpus, ingested in batches of 1,000 through the real ingest.
 * Every ICN in the corpus exists in VA Profile with an e-mail: the demo Veteran is used for all.
 * `from`: index of the first corpus message (control ids and tracking numbers follow the index), so
 * a second call with `from` = the first call's count adds new shipments instead of repeats.
 */
export async function ingestShipments(ctx: AppContext, shipments: number, random: () => number, from = 0): Promise<void> {
  for (let i = from; i < from + shipments; i += 1000) {
    const batch = Array.from({ length: Math.min(1000, from + shipments - i) }, (_, k) =>
      cmopMessage(i + k, random, 1).raw.replace(/^PID\|1\|\|[^|]*/m, 'PID|1||1012345678V123456^^^USVHA^NI'),
    );
    const results = await ingestBatch(
      ctx,
      batch.map((raw) => ({ raw, format: 'hl7v2' as const, source: 'cli' as const })),
      pipelineDeps(ctx, 'hl7v2'),
    );
    if (results.some((r) => r.ack !== 'AA')) throw new Error('ingest rejected a generated message');
  }
}

/** The environment of a worker process (test/helpers/worker-process.ts) against the stand-ins, the client's rate limit off. */
export function workerEnv(
  ctx: AppContext,
  o: { databaseUrl: string; notifyUrl: string; aalUrl: string; leaseSeconds: number; concurrency?: number },
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: o.databaseUrl,
    VA_NOTIFY_URL: o.notifyUrl,
    VA_NOTIFY_API_KEY: SANDBOX_API_KEY,
    VA_NOTIFY_TIMEOUT_MS: String(ctx.config.VA_NOTIFY_TIMEOUT_MS),
    VA_NOTIFY_RATE_LIMIT_PER_MINUTE: '0',
    AAL_URL: `${o.aalUrl}/mhvapi/v1`,
    AAL_API_KEY: SANDBOX_AAL_API_KEY,
    TRACKING_SEND_LEASE_SECONDS: String(o.leaseSeconds),
    TRACKING_STATUS_POLL_AFTER_MINUTES: String(ctx.config.TRACKING_STATUS_POLL_AFTER_MINUTES),
    TRACKING_RESEND_MAX: String(ctx.config.TRACKING_RESEND_MAX),
    TRACKING_RETRY_BASE_SECONDS: String(ctx.config.TRACKING_RETRY_BASE_SECONDS),
    TRACKING_RESEND_BASE_SECONDS: String(ctx.config.TRACKING_RESEND_BASE_SECONDS),
    WORKER_CONCURRENCY: String(o.concurrency ?? 16),
    SANDBOX: 'false',
    LOG_LEVEL: 'silent',
  };
}

/** One graphile-worker process (test/helpers/worker-process.ts); `onReady` once it runs jobs. `nodeArgs` e.g. --cpu-prof. */
export function spawnWorker(env: NodeJS.ProcessEnv, onReady: () => void, nodeArgs: string[] = []): ChildProcess {
  const script = fileURLToPath(new URL('../test/helpers/worker-process.ts', import.meta.url));
  const p = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  p.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && onReady());
  return p;
}

export async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/**
 * The stand-ins in a process of their own (sandbox/main.ts), as in a deployment where VA Notify is
 * another system: they get a core's worth of event loop instead of sharing the proof's, and the
 * proof can only count what they report over HTTP. `nodeArgs` e.g. --cpu-prof (written when it stops).
 */
export async function startStandInProcess(
  serviceCallbackUrl: string | null,
  faults: Partial<Faults>,
  overrides: Partial<StartSandboxesOptions> = {},
  nodeArgs: string[] = [],
): Promise<{ notifyUrl: string; aalUrl: string; pid: number; stop(): Promise<void> }> {
  const [notifyPort, profilePort, aalPort] = [await freePort(), await freePort(), await freePort()];
  const options: StartSandboxesOptions = {
    stepDelayMs: 20,
    rateLimitPerMinute: 1_000_000,
    // VA Notify retries a callback up to 60 times with backoff capped at 300 s (A9); ~6 minutes here.
    callbackRetryDelaysMs: [100, 250, 500, 1000, 2000, 4000, 8000, 16_000, 30_000, 60_000, 60_000, 60_000, 60_000, 60_000],
    faults: { timeoutMs: 2500, ...faults },
    // VA Profile look-ups are retried as VA Notify does (2886 times, ≤ 60 s apart ≈ 2 days),
    // compressed 100× (≈ 30 min): a loaded machine's hiccups are retried, never turned into failures.
    recipientLookupTimeScale: 0.01,
    ...overrides,
  };
  const script = fileURLToPath(new URL('../sandbox/main.ts', import.meta.url));
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], {
    env: {
      ...process.env,
      SANDBOX_NOTIFY_PORT: String(notifyPort),
      SANDBOX_PROFILE_PORT: String(profilePort),
      SANDBOX_AAL_PORT: String(aalPort),
      ...(serviceCallbackUrl ? { SANDBOX_CALLBACK_URL: serviceCallbackUrl } : {}),
      SANDBOX_OPTIONS: JSON.stringify(options),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const notifyUrl = `http://127.0.0.1:${notifyPort}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`stand-in process exited with ${child.exitCode}`);
    const up = await fetch(`${notifyUrl}/_sandbox/stats`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (i > 300) throw new Error('stand-in process did not start within 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    notifyUrl,
    aalUrl: `http://127.0.0.1:${aalPort}`,
    pid: child.pid!,
    async stop() {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
