/**
 * Ingest benchmark (issue: Rx tracking, item 11).
 *   npm run bench:ingest -- [--messages 500000] [--batch 1000] [--concurrency 2]
 * Generates N CMOP RDS^R06 messages (≈1.5 Rx per package), ingests and groups them through the
 * real ingest service (raw storage, parse, dispense events, shipments, items, e-mail jobs), then
 * loads the same rows with a raw COPY into plain tables on the same server. Prints messages/s,
 * seconds, the ratio to COPY, and peak memory. Uses embedded PostgreSQL unless DATABASE_URL is set.
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import { sql } from 'kysely';
import { pipelineDeps } from '../src/tracking/pipeline.js';
import { ingestBatch } from '../src/tracking/ingest/ingest.service.js';
import { arg, openBenchDb, rng, withPeakRss } from './support.js';
import { cmopMessage } from './cmop-corpus.js';

const N = arg('messages', 500_000);
const CONCURRENCY = arg('concurrency', 2);
const BATCH = arg('batch', 1000);

const bench = await openBenchDb({ TRACKING_DEBOUNCE_SECONDS: '30' }, CONCURRENCY + 4);
const { ctx } = bench;
try {
  await ctx.db.insertInto('station_email_senders').values([{ station_number: '442', sender: 'va_notify', changed_by: 'bench' }, { station_number: '554', sender: 'va_notify', changed_by: 'bench' }]).execute();
  const random = rng(42);
  const corpus = Array.from({ length: N }, (_, i) => cmopMessage(i, random));
  const totalItems = corpus.reduce((a, m) => a + m.items, 0);
  process.stdout.write(`corpus: ${N} messages, ${totalItems} prescriptions (${(totalItems / N).toFixed(2)} per package)\n`);

  const { result: ingestSeconds, peakRssMb } = await withPeakRss(async () => {
    const started = process.hrtime.bigint();
    let next = 0;
    let rejected = 0;
    const worker = async () => {
      while (next < N) {
        const chunk = corpus.slice(next, (next += BATCH));
        const results = await ingestBatch(ctx, chunk.map((m) => ({ raw: m.raw, format: 'hl7v2' as const, source: 'cli' as const })), pipelineDeps(ctx, 'hl7v2'));
        rejected += results.filter((r) => r.ack !== 'AA').length;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    if (rejected) throw new Error(`${rejected} messages rejected`);
    return Number(process.hrtime.bigint() - started) / 1e9;
  });

  const counts = (await sql<{ shipments: number; items: number; jobs: number }>`
    select (select count(*) from shipments)::int as shipments, (select count(*) from shipment_items)::int as items,
           (select count(*) from graphile_worker.jobs where task_identifier = 'send_shipment_email')::int as jobs`.execute(ctx.db)).rows[0]!;
  if (counts.shipments !== N || counts.items !== totalItems || counts.jobs !== N) throw new Error(`unexpected counts ${JSON.stringify(counts)}`);

  // Baseline: the same rows (raw messages and one row per prescription) loaded with COPY.
  await sql`create unlogged table if not exists bench_raw (raw text)`.execute(ctx.db);
  await sql`create unlogged table if not exists bench_rows (station text, icn text, rx text, drug text, carrier text, tracking text)`.execute(ctx.db);
  const copySeconds = await (async () => {
    const client = await ctx.pool.connect();
    const started = process.hrtime.bigint();
    try {
      const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
      await pipeline(Readable.from((function* () { for (const m of corpus) yield `${esc(m.raw)}\n`; })()), client.query(copyFrom('copy bench_raw (raw) from stdin')));
      await pipeline(
        Readable.from((function* () {
          for (const m of corpus) {
            const lines = m.raw.split('\r');
            const station = lines[0]!.split('|')[5]!;
            const icn = lines[1]!.split('|')[3]!.split('^')[0]!;
            for (const l of lines) if (l.startsWith('ZR2')) {
              const [, carrier, tracking, rx] = l.split('|');
              yield `${station}\t${icn}\t${rx}\tdrug\t${carrier}\t${tracking}\n`;
            }
          }
        })()),
        client.query(copyFrom('copy bench_rows from stdin')),
      );
    } finally {
      client.release();
    }
    return Number(process.hrtime.bigint() - started) / 1e9;
  })();

  process.stdout.write(
    [
      `ingest+group: ${N} messages in ${ingestSeconds.toFixed(2)} s = ${(N / ingestSeconds).toFixed(0)} messages/s (batches of ${BATCH}, ${CONCURRENCY} concurrent)`,
      `raw COPY of the same rows: ${copySeconds.toFixed(2)} s = ${(N / copySeconds).toFixed(0)} messages/s`,
      `ratio ingest/COPY time: ${(ingestSeconds / copySeconds).toFixed(1)}x`,
      `checked: ${counts.shipments} shipments, ${counts.items} items, ${counts.jobs} e-mail jobs`,
      `peak RSS: ${peakRssMb.toFixed(0)} MB`,
    ].join('\n') + '\n',
  );
} finally {
  await bench.close();
}
