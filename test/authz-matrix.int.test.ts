/**
 * The full authorization matrix (issue 8, item 3) — the same cases `npm run proof:authz` prints:
 * every API route from the OpenAPI document × {no session, another Veteran with Alex's ids, wrong
 * role, clinician of another team, no CSRF token}. Every applicable call must be refused.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp } from './helpers/app.js';
import { formatAuthzMatrix, runAuthzMatrix } from './helpers/authz-matrix.js';

const t = useTestApp();

describe('authorization matrix over every API route', () => {
  it('refuses every call in every applicable case, and every parameterised route has owned ids', async () => {
    const report = await runAuthzMatrix({ app: t.app, db: t.ctx.db });
    expect(report.unlisted, 'add these routes to OWNED (test/helpers/authz-matrix.ts)').toEqual([]);
    expect(report.unexplainedCsrfOptOuts, 'a route without CSRF must authenticate otherwise (OTHER_AUTH) or be listed in PUBLIC_NO_CSRF').toEqual([]);
    expect(report.routes.length).toBeGreaterThan(20);
    // Every case ran on at least one route.
    expect(new Set(report.cells.map((c) => c.case)).size).toBe(5);
    expect(
      report.failures.map((f) => `${f.case} ${f.route} as ${f.as}: ${f.status} ${f.code ?? ''} (expected ${f.expected} ${f.expectedCode ?? ''})`),
      formatAuthzMatrix(report),
    ).toEqual([]);
  });
});
