/**
 * Authorization matrix proof (issue 8, item 3):
 *   npm run proof:authz
 * Starts the real Fastify app on a throw-away database with the demo data (embedded PostgreSQL
 * unless DATABASE_URL is set), reads every API route from the OpenAPI document and calls each one
 * with no session, as another Veteran with Alex's ids, in the wrong role, as a clinician of another
 * care team, and without a CSRF token. Prints routes × cases (expected status or ✗ actual) and every
 * failure; exits 1 on any failure. The CI runs the same cases in test/authz-matrix.int.test.ts.
 */
import { openBenchDb } from '../bench/support.js';
import { buildApp } from '../src/server/app.js';
import { systemClock } from '../src/platform/context.js';
import { seedDemoData } from '../src/seed/seed.js';
import { AUTHZ_CASES, OTHER_AUTH, PUBLIC_NO_CSRF, formatAuthzMatrix, runAuthzMatrix } from '../test/helpers/authz-matrix.js';

const bench = await openBenchDb({ RATE_LIMIT_PER_MINUTE: '100000' }, 4);
try {
  await seedDemoData(bench.ctx.db, systemClock.today());
  const app = await buildApp(bench.ctx, { serveWebUi: false });
  await app.ready();
  try {
    const report = await runAuthzMatrix({ app, db: bench.ctx.db });
    const out = process.stdout;
    out.write(`${formatAuthzMatrix(report)}\n\n`);
    out.write('cells: status answered (✗ = not the expected refusal); – = case does not apply to the route\n');
    out.write(
      `routes: ${report.routes.length}   calls: ${report.cells.length}   per case: ${AUTHZ_CASES.map((c) => `${c} ${report.cells.filter((x) => x.case === c).length}`).join(', ')}\n`,
    );
    out.write('routes authenticated other than by session + CSRF:\n');
    for (const [key, o] of Object.entries(OTHER_AUTH)) out.write(`  ${key}: ${o.how}; session without CSRF → ${o.expectedWithSessionOnly}\n`);
    for (const [key, why] of Object.entries(PUBLIC_NO_CSRF)) out.write(`  ${key}: public, no CSRF by design — ${why}\n`);
    if (report.unexplainedCsrfOptOuts.length)
      out.write(`routes without CSRF and without other authentication (not allowed): ${report.unexplainedCsrfOptOuts.join(', ')}\n`);
    if (report.unlisted.length) out.write(`parameterised routes without owned ids (not provable): ${report.unlisted.join(', ')}\n`);
    for (const f of report.failures)
      out.write(`FAIL ${f.case} ${f.route} as ${f.as}: ${f.status} ${f.code ?? ''} (expected ${f.expected} ${f.expectedCode ?? ''})\n`);
    out.write(`failures: ${report.failures.length}\n`);
    process.exitCode = report.failures.length || report.unlisted.length || report.unexplainedCsrfOptOuts.length ? 1 : 0;
  } finally {
    await app.close();
  }
} finally {
  await bench.close();
}
