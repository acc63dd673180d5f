/**
 * `rxbridge ingest <files…>` and `rxbridge replay [--all | <message id>…]`.
 *
 * ingest: reads HL7 v2 files (single messages or FHS/BHS batch files) or FHIR JSON (*.json), stores
 * and processes each message exactly as the MLLP listener would, shows a progress bar, and prints a
 * summary (accepted / duplicates / rejected with reasons). Exit code 1 if anything was rejected.
 * replay: processes rejected or unfinished messages again with the current code.
 */
import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { openCliDatabase } from '../platform/cli/database.js';
import type { CliCommand } from '../platform/cli/command.js';
import { buildClients } from '../integrations/clients.js';
import { loadConfig } from '../platform/config.js';
import { systemClock, type AppContext } from '../platform/context.js';
import { createDb, createPool } from '../platform/db/pool.js';
import { createLogger } from '../platform/logging/logger.js';
import { decoders } from './ingest/decoders.js';
import { runInBatches } from './ingest/batches.js';
import type { IngestInput, IngestResult } from './ingest/ingest.service.js';
import { BULK_INGEST, ingestDispenseMessages, replayDispenseMessage } from './pipeline.js';

async function withContext<T>(fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  const database = await openCliDatabase(config);
  const pool = createPool(database.url, 4);
  const ctx: AppContext = { config, pool, db: createDb(pool), log: createLogger({ level: config.LOG_LEVEL }), clock: systemClock, ...buildClients(config) };
  try {
    return await fn(ctx);
  } finally {
    await ctx.db.destroy();
    await database.close();
  }
}

export interface Summary {
  files: number;
  messages: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  newDispenses: number;
  reasons: Map<string, number>;
}

export function summarise(results: IngestResult[], files: number): Summary {
  return addToSummary({ files, messages: 0, accepted: 0, duplicates: 0, rejected: 0, newDispenses: 0, reasons: new Map() }, results);
}

/** Counts one batch's results into `s` (the CLI keeps counts, not every result: 500,000 of them are memory). */
export function addToSummary(s: Summary, results: IngestResult[]): Summary {
  s.messages += results.length;
  for (const r of results) {
    if (r.ack === 'AA') {
      if (r.duplicate) s.duplicates += 1;
      else s.accepted += 1;
      s.newDispenses += r.newEvents;
    } else {
      s.rejected += 1;
      const key = `${r.errorCode ?? 'ERROR'}${r.errorLocation ? ` at ${r.errorLocation}` : ''}`;
      s.reasons.set(key, (s.reasons.get(key) ?? 0) + 1);
    }
  }
  return s;
}

export function formatSummary(s: Summary): string {
  const lines = [
    `${s.files} file(s), ${s.messages} message(s): ${s.accepted} accepted, ${s.duplicates} duplicate(s), ${s.rejected} rejected; ${s.newDispenses} new dispense(s)`,
  ];
  for (const [reason, n] of [...s.reasons].sort((a, b) => b[1] - a[1])) lines.push(`  rejected ${n} × ${reason}`);
  if (s.rejected) lines.push('Rejected messages are stored; fix the cause and run `rxbridge replay --all`.');
  return lines.join('\n');
}

/** Null when `file` is a readable regular file; else the name with the reason (a directory passes an access check). */
async function unreadableFile(file: string): Promise<string | null> {
  try {
    if (!(await stat(file)).isFile()) return `${file} (not a file)`;
    await access(file, constants.R_OK);
    return null;
  } catch {
    return `${file} (no such file or no permission)`;
  }
}

const ingest: CliCommand = {
  name: 'ingest',
  summary: 'Ingest CMOP HL7 v2 files (or FHIR JSON) from disk: rxbridge ingest <files…>',
  async run(args) {
    if (args.length === 0) {
      process.stderr.write('Usage: rxbridge ingest <file.hl7|file.json>…\n');
      return 2;
    }
    // Files are read one at a time while ingesting: check them all first, so a typo in the last
    // name does not stop the run halfway with the earlier files stored.
    const unreadable = (await Promise.all(args.map(unreadableFile))).filter((f) => f !== null);
    if (unreadable.length > 0) {
      process.stderr.write(`rxbridge ingest: cannot read ${unreadable.join(', ')}; nothing was ingested\n`);
      return 2;
    }
    return withContext(async (ctx) => {
      const bar = new SingleBar(
        { format: 'ingest [{bar}] {value}/{total} messages | {rate} msg/s', hideCursor: true, noTTYOutput: false, stream: process.stderr },
        Presets.shades_classic,
      );
      const started = Date.now();
      let read = 0;
      // One file in memory at a time (the total grows as files are read); batches still span files.
      async function* messages(): AsyncGenerator<IngestInput> {
        for (const file of args) {
          const json = path.extname(file).toLowerCase() === '.json';
          const text = await readFile(file, json ? 'utf8' : 'latin1');
          const raws = json ? [text] : decoders.splitHl7(text);
          // Started at the first file's count: a bar started at 0 of 0 would show full.
          if (read === 0) bar.start(raws.length, 0, { rate: '0' });
          else bar.setTotal(read + raws.length);
          read += raws.length;
          for (const raw of raws) yield { raw, format: json ? 'fhir' : 'hl7v2', source: 'cli' };
        }
      }
      const summary = summarise([], args.length);
      await runInBatches(
        messages(),
        (batch) => ingestDispenseMessages(ctx, batch),
        BULK_INGEST,
        (_batch, results) => {
          addToSummary(summary, results);
          bar.increment(results.length, { rate: (summary.messages / Math.max((Date.now() - started) / 1000, 0.001)).toFixed(0) });
        },
      );
      bar.stop();
      process.stdout.write(`${formatSummary(summary)}\n`);
      return summary.rejected ? 1 : 0;
    });
  },
};

const replay: CliCommand = {
  name: 'replay',
  summary: 'Process rejected or unfinished dispense messages again: rxbridge replay --all | <message id>…',
  async run(args) {
    if (args.length === 0) {
      process.stderr.write('Usage: rxbridge replay --all | <message id>…\n');
      return 2;
    }
    return withContext(async (ctx) => {
      const ids = args.includes('--all')
        ? (await ctx.db.selectFrom('dispense_messages').select('id').where('status', 'in', ['rejected', 'received']).orderBy('id').execute()).map((r) => r.id)
        : args.map(Number).filter((n) => Number.isInteger(n) && n > 0);
      const results: IngestResult[] = [];
      for (const id of ids) results.push(await replayDispenseMessage(ctx, id));
      const summary = summarise(results, 0);
      process.stdout.write(
        `replayed ${ids.length} message(s): ${summary.accepted} now accepted, ${summary.rejected} still rejected\n${formatSummary(summary).split('\n').slice(1).join('\n')}\n`,
      );
      return summary.rejected ? 1 : 0;
    });
  },
};

export const trackingCommands: CliCommand[] = [ingest, replay];
