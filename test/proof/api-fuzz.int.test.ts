/**
 * CI size of `npm run proof:api-fuzz` (test/helpers/api-fuzz.ts): requests generated from the
 * OpenAPI document as every kind of caller, valid and mutated; 0 answers 5xx and 0 answers that
 * do not match the schema declared for their status. API_FUZZ_REQUESTS raises the count.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { formatFuzzReport, runApiFuzz } from '../helpers/api-fuzz.js';

const INGEST_TOKEN = 'api-fuzz-ingest-token-0123456789abcdef';
const t = useTestApp({
  config: {
    TRACKING_INGEST_TOKEN: INGEST_TOKEN,
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_PER_SESSION_PER_MINUTE: '1000000',
    RATE_LIMIT_PER_USER_PER_MINUTE: '1000000',
    RATE_LIMIT_MACHINE_PER_MINUTE: '1000000',
  },
});

describe('API fuzz from the OpenAPI document (CI size)', () => {
  it('answers every generated request without a 5xx and as its schema declares', async () => {
    const report = await runApiFuzz({
      app: t.app,
      db: t.ctx.db,
      requests: Number(process.env.API_FUZZ_REQUESTS ?? 2000),
      seed: 18,
      ingestToken: INGEST_TOKEN,
      callbackToken: t.ctx.config.VA_NOTIFY_CALLBACK_BEARER_TOKEN,
    });
    const summary = formatFuzzReport(report);
    console.log(summary);
    if (process.env.API_FUZZ_BY_OPERATION)
      console.log(
        Object.entries(report.byOperation)
          .map(([op, st]) => `${op}: ${JSON.stringify(st)}`)
          .join('\n'),
      );
    expect(report.operations).toBeGreaterThanOrEqual(40);
    // The run reaches the routes' logic, not only their guards: successes and refusals both occur.
    expect(Object.keys(report.byStatus).filter((s) => s.startsWith('2')).length).toBeGreaterThan(0);
    expect(report.byStatus['400'] ?? 0).toBeGreaterThan(0);
    expect({ fiveXx: report.fiveXx, schemaViolations: report.schemaViolations, findings: report.findings.slice(0, 5) }).toEqual({
      fiveXx: 0,
      schemaViolations: 0,
      findings: [],
    });
  }, 300_000);
});
