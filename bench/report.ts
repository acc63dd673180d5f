/**
 * One shape for every benchmark's result, so `npm run bench` can print one table.
 *
 * A figure is always a ratio against a baseline measured in the same run on the same machine
 * (absolute numbers are context only: the machine is shared and they drift). `direction` says
 * which way is better for the ratio, so the goal check is explicit instead of implied.
 *
 * A bench script calls `reportFigures([...])` once at the end. It prints the rows as a table on
 * stdout and, when the runner sets BENCH_RESULTS_FILE, appends them there as JSON lines.
 */
import { appendFileSync } from 'node:fs';

export interface BenchFigure {
  /** What is measured, e.g. "ingest 500,000 HL7 messages vs raw COPY". */
  figure: string;
  /** The measured value, in `unit`. */
  result: number;
  unit: string;
  /** The same-run baseline and its label (e.g. "raw COPY of the same rows"); null when the figure is absolute (then say why in `context`). */
  baseline: number | null;
  baselineLabel: string;
  /** result / baseline, or null without a baseline. */
  ratio: number | null;
  /** Human-readable goal, e.g. "≤ 1.5× COPY". */
  goal: string;
  /** Whether the goal is met; null when the figure has no goal (context only). */
  pass: boolean | null;
  /** Absolute figures and conditions worth reading next to the ratio (RSS, seconds, load average). */
  context?: string;
}

export function figure(f: Omit<BenchFigure, 'ratio'> & { ratio?: number | null }): BenchFigure {
  const ratio = f.ratio !== undefined ? f.ratio : f.baseline ? f.result / f.baseline : null;
  return { ...f, ratio };
}

const fmt = (n: number | null, unit = '') =>
  n === null ? '–' : `${Number.isInteger(n) ? n.toLocaleString('en-US') : n.toFixed(n < 10 ? 2 : 1)}${unit ? ` ${unit}` : ''}`;

export function formatFigures(rows: BenchFigure[]): string {
  const head = '| figure | result | baseline | ratio | goal | pass |\n| --- | --- | --- | --- | --- | --- |';
  const body = rows.map(
    (r) =>
      `| ${r.figure} | ${fmt(r.result, r.unit)} | ${r.baseline === null ? '–' : `${fmt(r.baseline, r.unit)} (${r.baselineLabel})`} | ${r.ratio === null ? '–' : `${r.ratio.toFixed(2)}×`} | ${r.goal} | ${r.pass === null ? '–' : r.pass ? 'pass' : '**FAIL**'} |`,
  );
  return [head, ...body].join('\n');
}

export function reportFigures(rows: BenchFigure[]): void {
  process.stdout.write(`\n${formatFigures(rows)}\n`);
  for (const r of rows) if (r.context) process.stdout.write(`  ${r.figure}: ${r.context}\n`);
  const file = process.env.BENCH_RESULTS_FILE;
  if (file) appendFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
}
