/** Monthly partitions of monitoring_events: creation, and rows moved out of the default partition. */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../platform/context.js';
import { useTestDatabase } from '../../test/helpers/db.js';
import { ensureEventPartitions } from './tasks/index.js';

const t = useTestDatabase({ clock: fixedClock('2031-03-10T12:00:00.000Z') });

const where = async (urlId: string) =>
  (await sql<{ part: string }>`select tableoid::regclass::text as part from monitoring_events where url_id = ${urlId}`.execute(t.ctx.db)).rows.map(
    (r) => r.part,
  );

describe('monitoring_events partitions', () => {
  it('creates this month and the next two, moving rows that landed in the default partition', async () => {
    const row = {
      source: 'client' as const,
      kind: 'funnel' as const,
      step: null,
      product: 'meds' as const,
      outcome: 'ok' as const,
      error_code: null,
      duration_ms: null,
      session_id: null,
      variant: null,
    };
    await t.ctx.db
      .insertInto('monitoring_events')
      .values({ ...row, occurred_at: '2031-04-02T00:00:00Z', url_id: 'meds.list' })
      .execute();
    expect(await where('meds.list')).toEqual(['monitoring_events_default']);

    expect(await ensureEventPartitions(t.ctx)).toBe(3);
    expect(await where('meds.list')).toEqual(['monitoring_events_2031_04']);
    expect(await ensureEventPartitions(t.ctx)).toBe(0); // idempotent

    await t.ctx.db
      .insertInto('monitoring_events')
      .values({ ...row, occurred_at: '2031-05-31T23:59:59Z', url_id: 'meds.detail' })
      .execute();
    expect(await where('meds.detail')).toEqual(['monitoring_events_2031_05']);
  });
});
