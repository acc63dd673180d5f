/**
 * The database guards e-mail statuses with its own tables (status list, terminal flag, allowed
 * transitions, enforced by a trigger). The code has the same rules in email-status.ts. Two copies
 * of one rule drift, so this test holds them against each other on the migrated schema.
 */
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { useTestDatabase } from '../../../test/helpers/db.js';
import { EMAIL_STATUSES, EMAIL_TRANSITIONS, TERMINAL_EMAIL_STATUSES } from './email-status.js';

const t = useTestDatabase();

describe('e-mail statuses: migration and code agree', () => {
  it('has the same statuses with the same terminal flags', async () => {
    const rows = (await sql<{ status: string; terminal: boolean }>`select status, terminal from shipment_email_statuses`.execute(t.ctx.db)).rows;
    expect(rows.map((r) => r.status).sort()).toEqual([...EMAIL_STATUSES].sort());
    for (const r of rows) expect([r.status, r.terminal]).toEqual([r.status, TERMINAL_EMAIL_STATUSES.has(r.status as never)]);
  });

  it('allows exactly the same transitions', async () => {
    const rows = (await sql<{ from_status: string; to_status: string }>`select from_status, to_status from shipment_email_transitions`.execute(t.ctx.db)).rows;
    const db = rows.map((r) => `${r.from_status} → ${r.to_status}`).sort();
    const code = EMAIL_TRANSITIONS.map(([a, b]) => `${a} → ${b}`).sort();
    expect(db).toEqual(code);
  });
});
