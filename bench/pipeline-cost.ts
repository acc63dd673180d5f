/**
 * Pipeline cost without faults (issue 19.3):
 *   npm run bench:pipeline -- [--shipments 3000] [--warmup 1000 (per worker process)] [--workers 1] [--concurrency 16] [--compare-workers 1]
 *                             [--cpu-prof DIR]
 *
 * N one-item shipments go the whole way: HL7 ingest (this process, the app), the send job in
 * graphile-worker process(es), VA Notify (stand-in in a process of its own, no faults, its rate
 * limit out of the way, our client's rate limit off), the delivered callback to the app, the AAL
 * event and its job posting to the MHV AAL stand-in. First a warm-up of --warmup shipments (1,000)
 * per worker process goes the same way and is not counted: the first shipments on fresh processes
 * pay for JIT compilation (its threads count in the process's CPU), connections and first-use
 * caches, a one-off that a small N spreads over few shipments. Then N new shipments are measured,
 * the workers already running; the warm-up's own cost per shipment is printed as context.
 * Measured (2026-12-04): cold, the figure fell with N (1 worker: 7.09 ms/shipment at 600, 6.33 at
 * 1,500, 4.76 at 3,000); 1 worker after 300 warm-up shipments 5.10 at 600, after 1,000 4.16 at 600
 * and 4.08 at 2,000; 2 workers after 1,000 each 5.28 at 600 and 4.12 at 2,000 (probably each
 * process's idle work — polling, heartbeats — spread over fewer shipments; not profiled), hence
 * N = 1,500 in `npm run bench` (2,000 took its total to 295 s of the 5 minutes). Reported:
 *  - CPU-ms per shipment of the app and worker processes only (app: process.cpuUsage() of this
 *    process during the measured ingest and delivery, which includes this harness's progress
 *    queries, so it errs high; workers: utime+stime from /proc/<pid>/stat over the same span).
 *    Not the stand-in, not PostgreSQL (both reported as context, from /proc).
 *  - sends per second: N / (time from the measured ingest's start to the stand-in counting every
 *    POST), so the ingest's own time counts against it.
 * Same-run baseline: the bare HTTP calls a shipment cannot avoid — one VA Notify POST and one AAL
 * POST through the same clients to a second copy of the stand-in (no callbacks), at the same
 * concurrency — as client CPU-ms per shipment and POSTs per second. The ratio says how much the
 * pipeline costs on top of those calls; the goals (≤ 5 ms, ≥ 1,000/s) are absolute.
 * --compare-workers 1 runs the whole thing with 1 and then 2 worker processes (one PostgreSQL).
 * --cpu-prof DIR: V8 CPU profiles per run under DIR/<n>w/: app.cpuprofile (this process, the
 * measured phase: its ingest and the callbacks), CPU.*.cpuprofile of each worker process and
 * stand-in/CPU.*.cpuprofile of the stand-in process (context; written when they stop). Profiling
 * costs CPU in the profiled processes (the app's own profiler start/stop shows as `dispatch`), so
 * take CPU figures from a run without it. Summarise a profile: `npx tsx bench/cpuprofile-top.ts FILE`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import { sql } from 'kysely';
import type { ChildProcess } from 'node:child_process';
import { buildClients, callbackUrl } from '../src/integrations/clients.js';
import { SANDBOX_AAL_API_KEY, SANDBOX_API_KEY, DEMO_PATIENTS } from '../src/shared/local-defaults.js';
import { enableVaNotifyStations, getJson, ingestShipments, spawnWorker, startApp, startStandInProcess, workerEnv } from './pipeline-processes.js';
import { loadConfig } from '../src/platform/config.js';
import { arg, openBenchDb, rng, type BenchDb } from './support.js';
import { figure, reportFigures, type BenchFigure } from './report.js';

const shipments = arg('shipments', 3000);
const concurrency = arg('concurrency', 16);
const compare = arg('compare-workers', 0) === 1;
const warmup = arg('warmup', 1000);
const profIdx = process.argv.indexOf('--cpu-prof');
const profDir = profIdx >= 0 ? process.argv[profIdx + 1] : undefined;
const TICK_MS = 1000 / 100; // CLK_TCK is 100 on Linux x86-64

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
function procCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * TICK_MS; // utime, stime (fields 14, 15)
}

/**
 * PostgreSQL's CPU (context for sizing; not part of the goal): the postmaster's own, its reaped
 * children's (cutime + cstime: backends that exited) and its live children's. Local server only.
 */
async function pgCpuMs(bench: BenchDb): Promise<number | null> {
  if (process.env.DATABASE_URL) return null;
  try {
    const backend = (await sql<{ pid: number }>`select /* bench-harness */ pg_backend_pid() as pid`.execute(bench.ctx.db)).rows[0]!.pid;
    const fields = (pid: number | string) => {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    };
    const postmaster = fields(backend)[1]!;
    const pm = fields(postmaster);
    let ticks = Number(pm[11]) + Number(pm[12]) + Number(pm[13]) + Number(pm[14]);
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const f = fields(d);
        if (f[1] === postmaster) ticks += Number(f[11]) + Number(f[12]);
      } catch {
        /* exited meanwhile */
      }
    }
    return ticks * TICK_MS;
  } catch {
    return null;
  }
}

interface RunResult {
  workers: number;
  shipments: number;
  appIngestMs: number;
  appDeliveryMs: number;
  workerMs: number;
  cpuPerShipment: number;
  sendsPerSecond: number;
  seconds: number;
  delivered: number;
  aalPosted: number;
  load: string;
  /**
   * PostgreSQL write transactions (xids used) and WAL per shipment: load-independent. "Ingest" is
   * until the measured ingest returns; the running workers may already have begun delivering.
   */
  ingestXactsPerShipment: number;
  deliveryXactsPerShipment: number;
  walKbPerShipment: number;
  /** PostgreSQL server CPU-ms per shipment, ingest + delivery (null with an external server). */
  pgMsPerShipment: number | null;
  /** Statements (round trips, BEGIN/COMMIT included) per shipment over the measured phase (ingest and delivery), harness queries excluded. */
  statementsPerShipment: number | null;
  /** The stand-in process's CPU-ms per shipment over the measured phase (context, not counted). */
  standInMsPerShipment: number;
  /** App + worker CPU-ms per shipment of the warm-up shipments, on fresh processes (context, not counted). */
  warmPerShipment: number | null;
  warmShipments: number;
}

/** Transaction ids consumed (= write transactions) and WAL position: exact, no statistics delay. */
async function dbCounters(bench: BenchDb): Promise<{ xid: number; walBytes: number }> {
  const r = (
    await sql<{
      xid: string;
      wal: string;
    }>`select /* bench-harness */ txid_current()::text as xid, pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::text as wal`.execute(bench.ctx.db)
  ).rows[0]!;
  return { xid: Number(r.xid) - 1, walBytes: Number(r.wal) }; // minus this call's own xid: counted once per reading
}

/** pg_stat_statements of the bench database since the reset, without the harness's own queries. */
async function statementCounts(bench: BenchDb): Promise<Array<{ calls: number; meanMs: number; query: string }>> {
  const rows = await sql<{ calls: string; mean: number; query: string }>`
    select /* bench-harness */ calls::text as calls, mean_exec_time as mean, query from pg_stat_statements s
     where dbid = (select oid from pg_database where datname = current_database())
       and query not like '%bench-harness%'
     order by s.calls desc, s.total_exec_time desc`.execute(bench.ctx.db);
  return rows.rows.map((r) => ({ calls: Number(r.calls), meanMs: r.mean, query: r.query }));
}

async function bareCalls(n: number): Promise<{ cpuPerShipment: number; postsPerSecond: number }> {
  const standIn = await startStandInProcess(null, {}, { stepDelayMs: 20 });
  try {
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      VA_NOTIFY_API_KEY: SANDBOX_API_KEY,
      VA_NOTIFY_RATE_LIMIT_PER_MINUTE: '0',
      AAL_API_KEY: SANDBOX_AAL_API_KEY,
    });
    const { notify, aal } = buildClients(config, { notifyUrl: standIn.notifyUrl, aalUrl: `${standIn.aalUrl}/mhvapi/v1` });
    const one = async (i: number) => {
      await notify.sendEmail({
        template_id: config.RX_SHIPMENT_TEMPLATE_ID,
        recipient_identifier: { id_type: 'ICN', id_value: DEMO_PATIENTS[0].icn },
        personalisation: {
          carrier: 'UPS',
          tracking_number: `1Z${i}`,
          tracking_link: 'Track your package with UPS: https://www.ups.com/track',
          shipped_date: 'December 4, 2026',
          prescription_count: '1',
          prescription_list: '* Rx ending in 1234: METFORMIN 500MG TAB',
        },
        reference: `bare-${i}`,
      });
      await aal.postActivity({
        userProfileId: String(DEMO_PATIENTS[0].mhv_correlation_id),
        activityType: config.AAL_RX_TRACKING_ACTIVITY_TYPE,
        action: config.AAL_RX_TRACKING_ACTION,
        completionTime: new Date().toUTCString(),
        performerType: config.AAL_RX_TRACKING_PERFORMER_TYPE,
        detailValue: null,
        status: 1,
      });
    };
    await Promise.all(Array.from({ length: 20 }, (_, i) => one(-i - 1))); // warm-up (connections, JIT)
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < n) await one(next++);
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    return { cpuPerShipment: cpuMs(process.cpuUsage(cpu0)) / n, postsPerSecond: n / seconds };
  } finally {
    await standIn.stop();
  }
}

/** V8 CPU profile of this process (the app) from start() to stop(); no-op without --cpu-prof. */
async function appProfiler(dir: string | undefined): Promise<{ stop(): Promise<void> }> {
  if (!dir) return { stop: async () => undefined };
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      await writeFile(`${dir}/app.cpuprofile`, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

async function pipeline(workers: number): Promise<RunResult> {
  const runProfDir = profDir ? `${profDir}/${workers}w` : undefined;
  if (runProfDir) await mkdir(`${runProfDir}/stand-in`, { recursive: true });
  const bench = await openBenchDb(
    { TRACKING_DEBOUNCE_SECONDS: '0', TRACKING_STATUS_POLL_AFTER_MINUTES: '60', VA_NOTIFY_TIMEOUT_MS: '20000', TRACKING_RETRY_BASE_SECONDS: '2' },
    12,
    { statementStats: true },
  );
  const started = performance.now();
  const app = await startApp(bench.ctx);
  const standIn = await startStandInProcess(
    callbackUrl(bench.ctx.config, app.url),
    {},
    { stepDelayMs: 20 },
    runProfDir ? ['--cpu-prof', '--cpu-prof-dir', `${runProfDir}/stand-in`] : [],
  );
  const children: ChildProcess[] = [];
  try {
    const alex = DEMO_PATIENTS[0];
    await bench.ctx.db
      .insertInto('patients')
      .values({
        icn: alex.icn,
        first_name: alex.first_name,
        last_name: alex.last_name,
        va_profile_id: alex.va_profile_id,
        mhv_correlation_id: alex.mhv_correlation_id,
      })
      .execute();
    await enableVaNotifyStations(bench.ctx);
    const random = rng(7);
    const progress = async () => {
      const r = (
        await sql<{ emails: string; delivered: string; aal: string }>`select /* bench-harness */ (select count(*) from shipment_emails) as emails,
          (select count(*) from shipment_emails where status = 'delivered') as delivered,
          (select count(*) from aal_events where status = 'posted') as aal`.execute(bench.ctx.db)
      ).rows[0]!;
      return { emails: Number(r.emails), delivered: Number(r.delivered), aal: Number(r.aal) };
    };
    /** Waits until every shipment e-mail so far is delivered with its AAL event posted; `onPoll` sees each reading. */
    const allDone = async (phase: string, onPoll: (p: { emails: number; delivered: number; aal: number }) => Promise<void> = async () => undefined) => {
      let lastLog = Date.now();
      const deadline = Date.now() + Math.max(90_000, shipments * 60);
      for (;;) {
        await new Promise((r) => setTimeout(r, 250));
        const p = await progress();
        await onPoll(p);
        if (p.delivered >= p.emails && p.aal >= p.emails) return p;
        if (Date.now() - lastLog > 10_000) {
          process.stdout.write(`    ${phase}: ${p.delivered} delivered, ${p.aal} AAL posted of ${p.emails}; load ${load()}\n`);
          lastLog = Date.now();
        }
        if (Date.now() > deadline) {
          const by = await sql<{
            status: string;
            status_reason: string | null;
            last_error: string | null;
            n: string;
          }>`select /* bench-harness */ status, status_reason, last_error, count(*) as n from shipment_emails group by 1, 2, 3`.execute(bench.ctx.db);
          const standInStats = await getJson<Record<string, unknown>>(`${standIn.notifyUrl}/_sandbox/stats`).catch(() => ({}));
          throw new Error(`${phase} timed out: ${JSON.stringify(p)}: ${JSON.stringify(by.rows)}; stand-in: ${JSON.stringify(standInStats)}`);
        }
      }
    };

    // Warm-up, not counted: the first shipments on fresh processes pay for JIT compilation,
    // connection set-up and first-use caches (the bare baseline warms up too). Reported as context.
    // Per worker process: each one compiles its own code.
    const warmShipments = warmup * workers;
    const warmCpu0 = process.cpuUsage();
    await ingestShipments(bench.ctx, warmShipments, random, 0);
    const warmEmails = (await progress()).emails;
    const env = workerEnv(bench.ctx, { databaseUrl: bench.url, notifyUrl: standIn.notifyUrl, aalUrl: standIn.aalUrl, leaseSeconds: 30, concurrency });
    const readyAt = new Map<number, number>();
    await new Promise<void>((resolve, reject) => {
      for (let i = 0; i < workers; i++) {
        const p: ChildProcess = spawnWorker(
          env,
          () => {
            readyAt.set(p.pid!, procCpuMs(p.pid!));
            if (readyAt.size === workers) resolve();
          },
          runProfDir ? ['--cpu-prof', '--cpu-prof-dir', runProfDir] : [],
        );
        p.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
        children.push(p);
      }
    });
    await allDone('warm-up');
    const workersCpu = () => new Map(children.map((p) => [p.pid!, procCpuMs(p.pid!)]));
    const warmed = workersCpu();
    const warmMs = cpuMs(process.cpuUsage(warmCpu0)) + children.reduce((a, p) => a + warmed.get(p.pid!)! - readyAt.get(p.pid!)!, 0);
    const warmPerShipment = warmEmails > 0 ? warmMs / warmEmails : null;

    // Measured: N new shipments through warm processes, from their ingest to the last AAL post.
    const db0 = await dbCounters(bench);
    const pg0 = await pgCpuMs(bench);
    const statementsCounted = await sql`select /* bench-harness */ pg_stat_statements_reset()`.execute(bench.ctx.db).then(
      () => true,
      () => false, // external server without the extension
    );
    const appProfile = await appProfiler(runProfDir);
    const standInCpu0 = procCpuMs(standIn.pid);
    const worker0 = workersCpu();
    const t0 = performance.now();
    const ingestCpu0 = process.cpuUsage();
    await ingestShipments(bench.ctx, shipments, random, warmShipments);
    const appIngestMs = cpuMs(process.cpuUsage(ingestCpu0));
    const appCpu0 = process.cpuUsage();
    const db1 = await dbCounters(bench);
    // The corpus repeats a tracking number now and then (two items, one shipment): count shipments.
    const totalEmails = (await progress()).emails;
    const target = totalEmails - warmEmails;
    let tSends = 0;
    const { delivered: deliveredAll, aal: aalAll } = await allDone('measured', async () => {
      if (tSends) return;
      const { posts } = await getJson<{ posts: number }>(`${standIn.notifyUrl}/_sandbox/stats`);
      if (posts >= totalEmails) tSends = performance.now();
    });
    if (!tSends) tSends = performance.now();
    const delivered = deliveredAll - warmEmails;
    const aalPosted = aalAll - warmEmails;
    const appDeliveryMs = cpuMs(process.cpuUsage(appCpu0));
    const standInMs = procCpuMs(standIn.pid) - standInCpu0;
    await appProfile.stop();
    const db2 = await dbCounters(bench);
    const pg2 = await pgCpuMs(bench);
    const statements = statementsCounted ? await statementCounts(bench) : null;
    const workerMs = children.reduce((a, p) => a + procCpuMs(p.pid!) - worker0.get(p.pid!)!, 0);
    const result: RunResult = {
      workers,
      appIngestMs,
      appDeliveryMs,
      workerMs,
      shipments: target,
      cpuPerShipment: (appIngestMs + appDeliveryMs + workerMs) / target,
      sendsPerSecond: target / ((tSends - t0) / 1000),
      seconds: (performance.now() - started) / 1000,
      delivered,
      aalPosted,
      load: load(),
      ingestXactsPerShipment: (db1.xid - db0.xid) / target,
      deliveryXactsPerShipment: (db2.xid - db1.xid) / target,
      walKbPerShipment: (db2.walBytes - db0.walBytes) / 1024 / target,
      pgMsPerShipment: pg0 !== null && pg2 !== null ? (pg2 - pg0) / target : null,
      standInMsPerShipment: standInMs / target,
      statementsPerShipment: statements ? statements.reduce((a, r) => a + r.calls, 0) / target : null,
      warmPerShipment,
      warmShipments: warmEmails,
    };
    if (statements) {
      process.stdout.write(`    statements per shipment (measured phase: ingest and delivery), most frequent first:\n`);
      for (const r of statements.slice(0, 20))
        process.stdout.write(`      ${(r.calls / target).toFixed(2).padStart(6)}  ${r.meanMs.toFixed(3)} ms  ${r.query.replace(/\s+/g, ' ').slice(0, 110)}\n`);
    }
    process.stdout.write(
      `  ${workers} worker process(es): ${target} shipments delivered + AAL in ${((performance.now() - t0) / 1000).toFixed(1)} s; ` +
        `CPU-ms/shipment ${result.cpuPerShipment.toFixed(2)} (app ingest ${(appIngestMs / target).toFixed(2)}, app callbacks ${(appDeliveryMs / target).toFixed(2)}, workers ${(workerMs / target).toFixed(2)}); ` +
        `${result.sendsPerSecond.toFixed(0)} sends/s; PostgreSQL write transactions/shipment: ingest ${result.ingestXactsPerShipment.toFixed(2)}, delivery ${result.deliveryXactsPerShipment.toFixed(2)}; WAL ${result.walKbPerShipment.toFixed(1)} kB/shipment; PostgreSQL CPU ${result.pgMsPerShipment?.toFixed(2) ?? '?'} ms/shipment; stand-in CPU ${result.standInMsPerShipment.toFixed(2)} ms/shipment; statements/shipment ${result.statementsPerShipment?.toFixed(2) ?? '?'}; load ${result.load}\n`,
    );
    return result;
  } finally {
    for (const p of children) {
      p.removeAllListeners('exit');
      p.kill('SIGTERM');
    }
    await Promise.all(children.map((p) => (p.exitCode !== null ? Promise.resolve() : new Promise((r) => p.once('exit', r)))));
    await app.close();
    await standIn.stop();
    await bench.close();
  }
}

process.stdout.write(`pipeline cost: ${shipments} shipments, concurrency ${concurrency} per worker process; nproc ${os.cpus().length}, load ${load()}\n`);
const bare = await bareCalls(Math.min(shipments, 2000));
process.stdout.write(
  `  bare calls (1 VA Notify POST + 1 AAL POST): ${bare.cpuPerShipment.toFixed(2)} CPU-ms per shipment, ${bare.postsPerSecond.toFixed(0)} POSTs/s; load ${load()}\n`,
);
const runs: RunResult[] = [];
for (const w of compare ? [1, 2] : [arg('workers', 1)]) runs.push(await pipeline(w));

const rows: BenchFigure[] = [];
for (const r of runs) {
  const ctx = `${r.shipments} shipments (${shipments} messages), ${r.workers} worker process(es) × concurrency ${concurrency}; app ingest ${(r.appIngestMs / r.shipments).toFixed(2)} + app callbacks ${(r.appDeliveryMs / r.shipments).toFixed(2)} + workers ${(r.workerMs / r.shipments).toFixed(2)} ms; PostgreSQL write transactions/shipment ${(r.ingestXactsPerShipment + r.deliveryXactsPerShipment).toFixed(2)} (ingest ${r.ingestXactsPerShipment.toFixed(2)}), WAL ${r.walKbPerShipment.toFixed(1)} kB/shipment, PostgreSQL CPU ${r.pgMsPerShipment?.toFixed(2) ?? '?'} ms/shipment, stand-in CPU ${r.standInMsPerShipment.toFixed(2)} ms/shipment, statements/shipment ${r.statementsPerShipment?.toFixed(2) ?? '?'}; ${r.delivered} delivered, ${r.aalPosted} AAL posted; after a warm-up of ${r.warmShipments} shipments (not counted; on the fresh processes they cost ${r.warmPerShipment?.toFixed(2) ?? '?'} ms each); load ${r.load}`;
  rows.push(
    figure({
      figure: `pipeline CPU per shipment (app + ${r.workers} worker)`,
      result: r.cpuPerShipment,
      unit: 'ms',
      baseline: bare.cpuPerShipment,
      baselineLabel: 'bare VA Notify + AAL POST',
      goal: '≤ 5 ms',
      pass: r.cpuPerShipment <= 5,
      context: ctx,
    }),
    figure({
      figure: `sends/s to VA Notify stand-in (${r.workers} worker)`,
      result: r.sendsPerSecond,
      unit: '/s',
      baseline: bare.postsPerSecond,
      baselineLabel: 'bare POST round trips',
      goal: '≥ 1,000/s',
      pass: r.sendsPerSecond >= 1000,
      context: `client rate limit off; ${ctx}`,
    }),
  );
}
reportFigures(rows);
