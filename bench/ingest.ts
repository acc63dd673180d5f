/**
 * Ingest benchmark (issue 19 part 1).
 *   npm run bench:ingest -- [--messages 500000] [--batch 1000] [--concurrency 2]
 * Streams N CMOP RDS^R06 messages (≈1.5 Rx per package) from a generator in batches — the corpus
 * is never held in memory — through the real batch ingest (`ingestDispenseMessages`: raw storage,
 * parse, dispense events, shipments, items, e-mail jobs), batched as `rxbridge ingest` batches
 * (runInBatches, BULK_INGEST: 1,000 per batch, 2 at once). Two same-run baselines:
 *  - the goal's: a raw COPY of the same rows — every row the ingest wrote, found by counting each
 *    table before and after, dumped to files (not timed) and loaded with COPY FROM STDIN into empty
 *    copies of those tables (`like … including all`: same columns, defaults, checks, indexes;
 *    logged, as the real tables are). What it leaves out is what the ingest adds on top of storing
 *    its rows: parsing, deciding, grouping, foreign-key checks, triggers, conflict handling, the
 *    round trips. Run twice after the ingest; the faster is the baseline.
 *  - context: the minimal COPY of earlier runs — raw messages and one narrow row per prescription,
 *    regenerated from the same seed and streamed into two unlogged tables without indexes, before
 *    and after the ingest (the faster counts). It is the floor of the machine, not of the job: the
 *    real tables are logged and indexed, so no ingest that stores them can get near it.
 * Reports through bench/report.ts: ingest time vs the same-rows COPY (goal ≤ 1.5×), vs the minimal
 * COPY (context), CPU, and peak RSS of this process (goal < 300 MB; the COPY phase's peak is the
 * baseline). Embedded PostgreSQL unless DATABASE_URL is set.
 */
import { createReadStream, createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { sql } from 'kysely';
import { BULK_INGEST, ingestDispenseMessages } from '../src/tracking/pipeline.js';
import { runInBatches } from '../src/tracking/ingest/batches.js';
import { arg, openBenchDb, rng, withPeakRss } from './support.js';
import { cmopMessage, type CorpusMessage } from './cmop-corpus.js';
import { figure, reportFigures } from './report.js';

const N = arg('messages', 500_000);
const CONCURRENCY = arg('concurrency', BULK_INGEST.concurrency);
const BATCH = arg('batch', BULK_INGEST.size);
const SEED = 42;

/** The corpus, lazily: the same seed always yields the same messages. */
function* corpus(): Generator<CorpusMessage> {
  const random = rng(SEED);
  for (let i = 0; i < N; i++) yield cmopMessage(i, random);
}

/**
 * CPU seconds used so far by this process and its descendants (the embedded PostgreSQL server and
 * its backends), from /proc: a figure that load on the shared machine disturbs much less than
 * wall time. (With DATABASE_URL, PostgreSQL is not a descendant and only this process counts.)
 */
function treeCpuSeconds(): number {
  const parent = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(d), Number(f[1]));
      // utime + stime, and cutime + cstime: a backend or autovacuum worker that exited counts in its parent.
      ticks.set(Number(d), Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]));
    } catch {
      /* exited meanwhile */
    }
  }
  let total = 0;
  for (const [pid, t] of ticks) {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = parent.get(p)) {
      if (p === process.pid) {
        total += t;
        break;
      }
    }
  }
  return total / 100; // USER_HZ
}

/** Baseline: the same rows (raw messages and one row per prescription) loaded with COPY into plain tables, streamed. */
async function copyBaseline(): Promise<{ seconds: number; peakRssMb: number; cpu: number }> {
  await sql`create unlogged table if not exists bench_raw (raw text)`.execute(ctx.db);
  await sql`create unlogged table if not exists bench_rows (station text, icn text, rx text, drug text, carrier text, tracking text)`.execute(ctx.db);
  await sql`truncate bench_raw, bench_rows`.execute(ctx.db);
  const cpu0 = treeCpuSeconds();
  const { result: seconds, peakRssMb } = await withPeakRss(async () => {
    const client = await ctx.pool.connect();
    const started = process.hrtime.bigint();
    try {
      const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
      await pipeline(
        Readable.from(
          (function* () {
            for (const m of corpus()) yield `${esc(m.raw)}\n`;
          })(),
        ),
        client.query(copyFrom('copy bench_raw (raw) from stdin')),
      );
      await pipeline(
        Readable.from(
          (function* () {
            for (const m of corpus()) {
              const lines = m.raw.split('\r');
              const station = lines[0]!.split('|')[5]!;
              const icn = lines[1]!.split('|')[3]!.split('^')[0]!;
              for (const l of lines)
                if (l.startsWith('ZR2')) {
                  const [, carrier, tracking, rx] = l.split('|');
                  yield `${station}\t${icn}\t${rx}\tdrug\t${carrier}\t${tracking}\n`;
                }
            }
          })(),
        ),
        client.query(copyFrom('copy bench_rows from stdin')),
      );
    } finally {
      client.release();
    }
    return Number(process.hrtime.bigint() - started) / 1e9;
  });
  return { seconds, peakRssMb, cpu: treeCpuSeconds() - cpu0 };
}

/** Rows per table in the schemas the ingest writes to (public and graphile-worker's). */
async function tableCounts(): Promise<Map<string, number>> {
  const tables = (
    await sql<{ name: string }>`
      select format('%I.%I', schemaname, relname) as name from pg_stat_user_tables
      where schemaname in ('public', 'graphile_worker') and relname not like 'bench\_%'`.execute(ctx.db)
  ).rows;
  const counts = new Map<string, number>();
  for (const { name } of tables) {
    const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.raw(name)}`.execute(ctx.db);
    counts.set(name, r.rows[0]!.n);
  }
  return counts;
}

interface SameRowsDump {
  dir: string;
  tables: Array<{ table: string; copyOf: string; columns: string; file: string; rows: number }>;
}

/**
 * Dumps every row of the tables the ingest grew (they were empty of ingest rows before it) to
 * files, and creates an empty copy of each table beside it. Not timed.
 */
async function dumpSameRows(before: Map<string, number>, after: Map<string, number>): Promise<SameRowsDump> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rxbridge-ingest-bench-'));
  const tables: SameRowsDump['tables'] = [];
  for (const [table, n] of after) {
    const grew = n - (before.get(table) ?? 0);
    if (grew <= 0) continue;
    if (grew !== n) throw new Error(`${table} held ${n - grew} rows before the ingest; the same-rows baseline needs it empty`);
    const [schema, rel] = table.split('.').map((x) => x.replace(/^"|"$/g, '')) as [string, string];
    // Generated columns cannot be loaded by COPY: the copy computes them, as the table does.
    const cols = (
      await sql<{ c: string }>`
        select quote_ident(column_name) as c from information_schema.columns
        where table_schema = ${schema} and table_name = ${rel} and is_generated = 'NEVER' order by ordinal_position`.execute(ctx.db)
    ).rows.map((r) => r.c);
    const columns = cols.join(', ');
    const copyOf = `public.${`bench_same_${schema}_${rel}`.replace(/[^a-z0-9_]/g, '_')}`;
    await sql.raw(`drop table if exists ${copyOf}; create table ${copyOf} (like ${table} including all)`).execute(ctx.db);
    const file = path.join(dir, `${schema}.${rel}.copy`);
    const client = await ctx.pool.connect();
    try {
      await pipeline(client.query(copyTo(`copy (select ${columns} from ${table}) to stdout`)), createWriteStream(file));
    } finally {
      client.release();
    }
    tables.push({ table, copyOf, columns, file, rows: n });
  }
  return { dir, tables };
}

/** Loads the dumped rows into the empty copies with COPY FROM STDIN, one table after another, timed. */
async function sameRowsCopy(dump: SameRowsDump): Promise<{ seconds: number; cpu: number }> {
  await sql.raw(`truncate ${dump.tables.map((t) => t.copyOf).join(', ')}`).execute(ctx.db);
  await sql`checkpoint`.execute(ctx.db).catch(() => undefined); // needs superuser; evens the start where allowed
  const cpu0 = treeCpuSeconds();
  const client = await ctx.pool.connect();
  const started = process.hrtime.bigint();
  try {
    for (const t of dump.tables) await pipeline(createReadStream(t.file), client.query(copyFrom(`copy ${t.copyOf} (${t.columns}) from stdin`)));
  } finally {
    client.release();
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, cpu: treeCpuSeconds() - cpu0 };
}

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

const bench = await openBenchDb({ TRACKING_DEBOUNCE_SECONDS: '30' }, CONCURRENCY + 4);
const { ctx } = bench;
try {
  await ctx.db
    .insertInto('station_email_senders')
    .values([
      { station_number: '442', sender: 'va_notify', changed_by: 'bench' },
      { station_number: '554', sender: 'va_notify', changed_by: 'bench' },
    ])
    .execute();
  const loadBefore = load();
  const copy1 = await copyBaseline();
  const countsBefore = await tableCounts();
  await sql`checkpoint`.execute(ctx.db).catch(() => undefined); // as before each same-rows COPY

  let totalItems = 0;
  const ingestCpu0 = treeCpuSeconds();
  const {
    result: ingestSeconds,
    peakRssMb: ingestRss,
    atPeak: ingestAtPeak,
  } = await withPeakRss(async () => {
    const started = process.hrtime.bigint();
    let rejected = 0;
    // The same batching as `rxbridge ingest` (src/tracking/ingest/batches.ts), pulling the corpus lazily.
    await runInBatches(
      (function* () {
        for (const m of corpus()) {
          totalItems += m.items;
          yield { raw: m.raw, format: 'hl7v2' as const, source: 'cli' as const };
        }
      })(),
      (batch) => ingestDispenseMessages(ctx, batch),
      { size: BATCH, concurrency: CONCURRENCY },
      (_batch, results) => {
        for (const r of results) if (r.ack !== 'AA') rejected += 1;
      },
    );
    if (rejected) throw new Error(`${rejected} messages rejected`);
    return Number(process.hrtime.bigint() - started) / 1e9;
  });
  const ingestCpu = treeCpuSeconds() - ingestCpu0;
  process.stdout.write(
    `corpus: ${N} messages, ${totalItems} prescriptions (${(totalItems / N).toFixed(2)} per package), streamed in batches of ${BATCH}, ${CONCURRENCY} concurrent\n`,
  );

  const counts = (
    await sql<{ shipments: number; items: number; events: number; jobs: number; accepted: number }>`
    select (select count(*) from shipments)::int as shipments, (select count(*) from shipment_items)::int as items,
           (select count(*) from dispense_events)::int as events,
           (select count(*) from dispense_messages where status = 'accepted')::int as accepted,
           (select count(*) from graphile_worker.jobs where task_identifier = 'send_shipment_email')::int as jobs`.execute(ctx.db)
  ).rows[0]!;
  if (counts.shipments !== N || counts.items !== totalItems || counts.events !== totalItems || counts.jobs !== N || counts.accepted !== N)
    throw new Error(`unexpected counts ${JSON.stringify(counts)}`);

  // The baseline is measured before and after the ingest (load on the shared machine drifts); the
  // faster of the two is the baseline, so the ratio is never flattered by a slow COPY.
  const copy2 = await copyBaseline();
  const dump = await dumpSameRows(countsBefore, await tableCounts());
  const same1 = await sameRowsCopy(dump);
  const same2 = await sameRowsCopy(dump);
  await rm(dump.dir, { recursive: true, force: true });
  await sql.raw(dump.tables.map((t) => `drop table ${t.copyOf};`).join(' ')).execute(ctx.db);
  const sameSeconds = Math.min(same1.seconds, same2.seconds);
  const sameCpu = Math.min(same1.cpu, same2.cpu);
  const sameRows = dump.tables.map((t) => `${t.table.replace(/^public\./, '')} ${t.rows}`).join(', ');
  const copySeconds = Math.min(copy1.seconds, copy2.seconds);
  const copyCpu = Math.min(copy1.cpu, copy2.cpu);
  const copyRss = Math.max(copy1.peakRssMb, copy2.peakRssMb);
  const loadAfter = load();

  process.stdout.write(
    [
      `ingest+group: ${N} messages in ${ingestSeconds.toFixed(2)} s = ${(N / ingestSeconds).toFixed(0)} messages/s`,
      `raw COPY of the same rows into copies of their tables: ${sameSeconds.toFixed(2)} s (runs ${same1.seconds.toFixed(2)} / ${same2.seconds.toFixed(2)} s; the faster is the baseline) → ${(ingestSeconds / sameSeconds).toFixed(2)}x; rows: ${sameRows}`,
      `minimal COPY (raw text + one narrow row per Rx, unlogged, no index): ${copySeconds.toFixed(2)} s (before ingest ${copy1.seconds.toFixed(2)} s, after ${copy2.seconds.toFixed(2)} s) → ${(ingestSeconds / copySeconds).toFixed(2)}x`,
      `checked: ${counts.accepted} accepted messages, ${counts.events} dispense events, ${counts.shipments} shipments, ${counts.items} items, ${counts.jobs} e-mail jobs`,
      `CPU (this process + PostgreSQL): ingest ${ingestCpu.toFixed(1)} s; same-rows COPY ${same1.cpu.toFixed(1)} / ${same2.cpu.toFixed(1)} s → ${(ingestCpu / sameCpu).toFixed(2)}x; minimal COPY ${copy1.cpu.toFixed(1)} / ${copy2.cpu.toFixed(1)} s → ${(ingestCpu / copyCpu).toFixed(2)}x`,
      `peak RSS: ingest ${ingestRss.toFixed(0)} MB, COPY ${copyRss.toFixed(0)} MB; load average before ${loadBefore}, after ${loadAfter}`,
    ].join('\n') + '\n',
  );
  const n = N.toLocaleString('en-US');
  reportFigures([
    figure({
      figure: `ingest + grouping, ${n} CMOP messages, vs raw COPY of the same rows`,
      result: ingestSeconds,
      unit: 's',
      baseline: sameSeconds,
      baselineLabel: 'COPY of every row the ingest wrote into copies of its tables (same indexes, logged), faster of 2',
      goal: '≤ 1.5× COPY',
      pass: ingestSeconds / sameSeconds <= 1.5,
      context: `${(N / ingestSeconds).toFixed(0)} messages/s; same-rows COPY ${same1.seconds.toFixed(2)} / ${same2.seconds.toFixed(2)} s (${sameRows}); ${totalItems} Rx; batches of ${BATCH}, ${CONCURRENCY} concurrent; load ${loadBefore} → ${loadAfter}`,
    }),
    figure({
      figure: `ingest + grouping, ${n} CMOP messages, vs minimal COPY`,
      result: ingestSeconds,
      unit: 's',
      baseline: copySeconds,
      baselineLabel: 'raw text + one narrow row per Rx into 2 unlogged tables without indexes, faster of before/after',
      goal: 'context (the machine’s floor, not the job’s)',
      pass: null,
      context: `COPY ${copy1.seconds.toFixed(2)} s before, ${copy2.seconds.toFixed(2)} s after`,
    }),
    figure({
      figure: `ingest + grouping CPU (bench process + PostgreSQL), ${n} messages, vs same-rows COPY`,
      result: Math.round(ingestCpu * 10) / 10,
      unit: 'CPU-s',
      baseline: Math.round(sameCpu * 10) / 10,
      baselineLabel: 'same-rows COPY, lower of 2',
      goal: 'context (less disturbed by load than wall time)',
      pass: null,
      context: `${((ingestCpu / N) * 1e6).toFixed(0)} µs of CPU per message; minimal COPY ${copyCpu.toFixed(1)} CPU-s`,
    }),
    figure({
      figure: `ingest peak RSS, ${n} messages (streamed corpus)`,
      result: Math.round(ingestRss),
      unit: 'MB',
      baseline: Math.round(copyRss),
      baselineLabel: 'same process during the streamed COPY',
      goal: '< 300 MB',
      pass: ingestRss < 300,
      context: `RSS of the bench process (PostgreSQL runs in its own processes); sampled every 100 ms; at the peak: ${ingestAtPeak}`,
    }),
  ]);
} finally {
  await bench.close();
}
