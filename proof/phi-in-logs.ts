/**
 * PHI-in-logs proof (issue 8, item 4):
 *   npm run proof:phi -- [--no-browser] [--show 5] [--dump lines.jsonl]
 * Runs the real system at LOG_LEVEL=debug with every log line captured, drives the browser journey
 * (Alex: Medications → renewal → interstitial → care team → send; Dr. Shah replies; Alex reads it —
 * the message text itself names Alex, her e-mail and the drug; with --no-browser the same over the
 * API instead), error paths (malformed HL7, forged callback, invalid bodies; VA Notify answers 25 %
 * of sends with 500 and 15 % with 429) and the tracking pipeline (HL7 over
 * MLLP → VA Notify stand-in → delivery callbacks → AAL), then scans every line for the demo data's
 * names, e-mails, ICNs, Rx names, Rx numbers and tracking numbers. Prints lines scanned and hits;
 * exits 1 on any hit. Uses embedded PostgreSQL unless DATABASE_URL is set.
 */
import { writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { openBenchDb } from '../bench/support.js';
import { buildWebUi, webBuildIsStale } from '../src/platform/web-build.js';
import { chromiumLaunchOptions } from '../test/helpers/chromium-path.js';
import {
  demoPhiTerms,
  runErrorPaths,
  runMessagingOverApi,
  runRenewalJourney,
  runTrackingPipeline,
  scanForPhi,
  startObservedSystem,
} from '../test/helpers/phi-in-logs.js';

const withBrowser = !process.argv.includes('--no-browser');
const showIndex = process.argv.indexOf('--show');
const show = showIndex >= 0 ? Number(process.argv[showIndex + 1]) : 5;
const out = process.stdout;

const bench = await openBenchDb({}, 2);
try {
  if (withBrowser && webBuildIsStale()) {
    out.write('building web UI…\n');
    await buildWebUi();
  }
  // Some VA Notify faults, so retry and failure logging is exercised too.
  const observed = await startObservedSystem(bench.url, { faults: { error500Rate: 0.25, rate429Rate: 0.15 } });
  try {
    if (withBrowser) {
      const started = Date.now();
      const { executablePath, env } = await chromiumLaunchOptions();
      const browser = await chromium.launch({
        executablePath,
        ...(env && { env }),
        headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
      });
      try {
        await runRenewalJourney(browser, observed.system.url);
      } finally {
        await browser.close();
      }
      out.write(`browser journey: done in ${((Date.now() - started) / 1000).toFixed(1)} s (${observed.lines.length} log lines so far)\n`);
    }
    const started = Date.now();
    const p = await runTrackingPipeline(observed);
    if (!withBrowser) out.write(`messaging over the API: HTTP ${(await runMessagingOverApi(observed)).join(',')}\n`);
    const e = await runErrorPaths(observed);
    out.write(`error paths: MLLP ACKs ${e.acks.join(',')}; HTTP ${e.statuses.join(',')}\n`);
    out.write(
      `tracking pipeline: ACKs ${p.acks.join(',')}; ${p.emails} e-mails final, ${p.aalPosted} AAL entries; ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
  } finally {
    await observed.stop();
  }
  const terms = demoPhiTerms();
  const lines = observed.lines;
  const hits = scanForPhi(lines, terms);
  const dumpIndex = process.argv.indexOf('--dump');
  if (dumpIndex >= 0) writeFileSync(process.argv[dumpIndex + 1]!, lines.map((l) => `${l}\n`).join(''));
  const levels = lines.reduce<Record<string, number>>((a, l) => {
    const level = (() => {
      try {
        return String((JSON.parse(l) as { level?: number }).level);
      } catch {
        return 'unparsed';
      }
    })();
    a[level] = (a[level] ?? 0) + 1;
    return a;
  }, {});
  out.write(`terms: ${terms.length} (${[...new Set(terms.map((t) => t.kind))].map((k) => `${terms.filter((t) => t.kind === k).length} ${k}`).join(', ')})\n`);
  out.write(
    `log lines scanned: ${lines.length} (by pino level: ${Object.entries(levels)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ')})\n`,
  );
  const byTerm = hits.reduce<Record<string, number>>((a, h) => ((a[`${h.kind}:${h.term}`] = (a[`${h.kind}:${h.term}`] ?? 0) + 1), a), {});
  for (const [k, n] of Object.entries(byTerm)) out.write(`  hit ${k} × ${n}\n`);
  for (const h of hits.slice(0, show)) out.write(`  e.g. [${h.term}] ${h.line.slice(0, 400)}\n`);
  out.write(`hits: ${hits.length}\n`);
  process.exitCode = hits.length ? 1 : 0;
} finally {
  await bench.close();
}
