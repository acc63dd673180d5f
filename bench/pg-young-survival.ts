/**
 * How much of what a query allocates outlives a young-generation GC, with the pool's client
 * (src/platform/db/callback-form-client.ts) against pg's own Client, same workload, same run.
 *
 *   npx tsx bench/pg-young-survival.ts [--queries 20000]
 *
 * Workload: pool.connect(), `await client.query({ text, values })` (the promise form Kysely and
 * graphile-worker use), release; 10 rows × 8 columns; 4 in flight. Each client class runs in its
 * own node process with --trace-gc-nvp; the figure is bytes that survived scavenges (copied +
 * promoted) per query, summed over the timed part. Why it matters: surviving bytes are what a
 * scavenge copies (its pause) and what fills old space into mark-compacts (issue 16: the list's
 * p99 at 200 req/s).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { arg, openBenchDb } from './support.js';
import { CallbackFormClient } from '../src/platform/db/callback-form-client.js';
import { figure, reportFigures } from './report.js';

const QUERIES = arg('queries', 20_000);
const SQL = `select g as id, md5(g::text) as name, now() as at, g * 1.5 as quantity, 'Active' as status,
  md5((g + 1)::text) as instructions, current_date as issued, g % 3 = 0 as non_va
  from generate_series(1, 10) g where $1::int > 0`;

async function child(kind: 'pg' | 'rxbridge', url: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 4, Client: kind === 'pg' ? pg.Client : CallbackFormClient });
  const one = async () => {
    const c = await pool.connect();
    try {
      await c.query({ text: SQL, values: [1] });
    } finally {
      c.release();
    }
  };
  const run = async (n: number) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next++ < n) await one();
      }),
    );
  };
  await run(2000); // warm-up: JIT, connections
  process.stdout.write('TIMED\n');
  await run(QUERIES);
  process.stdout.write('END\n');
  await pool.end();
}

async function measure(kind: 'pg' | 'rxbridge', url: string): Promise<{ survivedPerQuery: number; scavenges: number; pauseMs: number }> {
  const script = fileURLToPath(import.meta.url);
  const proc = spawn(process.execPath, ['--trace-gc-nvp', '--import', 'tsx', script, '--child', kind, url, '--queries', String(QUERIES)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => proc.on('exit', resolve));
  if (code !== 0) throw new Error(`${kind} child exited ${code}`);
  const timed = out.slice(out.indexOf('TIMED\n'), out.indexOf('END\n'));
  const scavenges = timed.split('\n').filter((l) => / gc=s /.test(l));
  const num = (l: string, k: string) => Number(new RegExp(`\\b${k}=([0-9.]+)`).exec(l)?.[1] ?? 0);
  // new_space_survived: copied within new space; promoted: moved to old space. Both are copied by the scavenge.
  const survived = scavenges.reduce((a, l) => a + num(l, 'new_space_survived') + num(l, 'promoted'), 0);
  const pauseMs = scavenges.reduce((a, l) => a + num(l, 'pause'), 0);
  return { survivedPerQuery: survived / QUERIES, scavenges: scavenges.length, pauseMs };
}

if (process.argv[2] === '--child') {
  await child(process.argv[3] as 'pg' | 'rxbridge', process.argv[4]!);
} else {
  const bench = await openBenchDb();
  try {
    const base = await measure('pg', bench.url);
    const ours = await measure('rxbridge', bench.url);
    const ctx = (m: typeof base) => `${m.scavenges} scavenges, ${m.pauseMs.toFixed(0)} ms paused`;
    process.stdout.write(
      `pg.Client: ${base.survivedPerQuery.toFixed(0)} B/query surviving (${ctx(base)})\nCallbackFormClient: ${ours.survivedPerQuery.toFixed(0)} B/query (${ctx(ours)})\n`,
    );
    reportFigures([
      figure({
        figure: `bytes surviving young GCs per promise-form query (${QUERIES.toLocaleString('en-US')} queries)`,
        result: ours.survivedPerQuery,
        unit: 'B',
        baseline: base.survivedPerQuery,
        baselineLabel: 'pg.Client, same queries',
        goal: '≤ 0.2× pg.Client',
        pass: ours.survivedPerQuery <= 0.2 * base.survivedPerQuery,
        context: `pool's client: ${ctx(ours)}; pg.Client: ${ctx(base)}`,
      }),
    ]);
  } finally {
    await bench.close();
  }
}
