/**
 * E-mail dispatch rate vs the configured VA Notify limit (issue 8.5):
 *   npm run bench:dispatch -- [--limit 600] [--minutes 3] [--window-seconds 60]
 * The VA Notify stand-in enforces `limit` requests per 60 s (sliding window, as VA Notify does);
 * our client's limiter is set to the same figure. Enough shipments are queued to keep the workers
 * busy for the whole run. Prints the accepted rate over whole 60 s windows after the first (the
 * first minute may burst, as the rule allows), its ratio to the limit, and the 429s received.
 * --window-seconds W (short runs, `npm run bench`): the stand-in's window and our limiter's are W s
 * instead of 60 and `--limit` is per W s; `--minutes` then counts windows (e.g. --limit 100
 * --window-seconds 10 --minutes 3: 600/min in proportion, 31 s).
 */
import { SANDBOX_API_KEY } from '../src/shared/local-defaults.js';
import { startSandboxes } from '../sandbox/start.js';
import { VaNotifyClient } from '../src/integrations/va-notify/client.js';
import { startWorker } from '../src/worker/runner.js';
import { pipelineDeps } from '../src/tracking/pipeline.js';
import { ingestBatch } from '../src/tracking/ingest/ingest.service.js';
import { cmopMessage } from './cmop-corpus.js';
import os from 'node:os';
import { arg, openBenchDb, rng } from './support.js';
import { figure, reportFigures } from './report.js';

const limit = arg('limit', 600);
const minutes = arg('minutes', 3);
const windowMs = arg('window-seconds', 60) * 1000;
const shipments = Math.ceil(limit * (minutes + 1));
const bench = await openBenchDb({ TRACKING_DEBOUNCE_SECONDS: '0', WORKER_CONCURRENCY: '16' }, 24);
const sandboxes = await startSandboxes({ stepDelayMs: 50, rateLimitPerMinute: limit, ...(windowMs !== 60_000 ? { rateLimitWindowMs: windowMs } : {}) });
try {
  const { ctx } = bench;
  await ctx.db
    .insertInto('station_email_senders')
    .values([
      { station_number: '442', sender: 'va_notify', changed_by: 'bench' },
      { station_number: '554', sender: 'va_notify', changed_by: 'bench' },
    ])
    .execute();
  const random = rng(3);
  for (let i = 0; i < shipments; i += 1000) {
    const batch = Array.from({ length: Math.min(1000, shipments - i) }, (_, k) =>
      cmopMessage(i + k, random, 1).raw.replace(/^PID\|1\|\|[^|]*/m, 'PID|1||1012345678V123456^^^USVHA^NI'),
    );
    await ingestBatch(
      ctx,
      batch.map((raw) => ({ raw, format: 'hl7v2' as const, source: 'cli' as const })),
      pipelineDeps(ctx, 'hl7v2'),
    );
  }
  ctx.notify = new VaNotifyClient({ baseUrl: sandboxes.notifyUrl, apiKey: SANDBOX_API_KEY, rateLimitPerMinute: limit, rateLimitWindowMs: windowMs + 250 });
  process.stdout.write(`queued ${shipments} shipments; limit ${limit}/${windowMs / 1000} s; running ${minutes} windows of ${windowMs / 1000} s…\n`);
  const worker = await startWorker(ctx, '');
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, minutes * windowMs + 1000));
  await worker.stop();
  const accepted = sandboxes.notify.notifications.map((n) => n.createdAt.getTime() - t0);
  const perMinute = Array.from({ length: minutes }, (_, m) => accepted.filter((t) => t >= m * windowMs && t < (m + 1) * windowMs).length);
  const steady = perMinute.slice(1);
  const rate = steady.reduce((a, b) => a + b, 0) / Math.max(steady.length, 1);
  const stats = sandboxes.notify.stats();
  process.stdout.write(
    [
      `accepted per ${windowMs / 1000} s window: ${perMinute.join(', ')}`,
      `steady-state rate (windows 2..${minutes}): ${rate.toFixed(0)}/window = ${((rate / limit) * 100).toFixed(1)}% of the limit`,
      `429 RateLimitError responses: ${stats.rejected429}`,
    ].join('\n') + '\n',
  );
  const context = `limit ${limit} per ${windowMs / 1000} s window, ${minutes} windows (${perMinute.join(', ')}); ${stats.rejected429} × 429; load ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
  reportFigures([
    figure({
      figure: `e-mail dispatch rate vs VA Notify limit (${limit}/${windowMs / 1000} s)`,
      result: rate,
      unit: '/window',
      baseline: limit,
      baselineLabel: 'the limit',
      goal: '≥ 0.95× the limit (429s in context)',
      pass: rate >= 0.95 * limit,
      context,
    }),
  ]);
} finally {
  await sandboxes.stop();
  await bench.close();
}
