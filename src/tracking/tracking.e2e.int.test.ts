/**
 * The whole tracking pipeline on real parts: HL7 over MLLP → Postgres → graphile-worker → VA Notify
 * stand-in over HTTP → service-level callbacks to our endpoint → AAL stand-in. Duplicate HL7 input
 * and duplicate/out-of-order callbacks must still give exactly one e-mail and one AAL entry.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_AAL_API_KEY } from '../shared/local-defaults.js';
import { AalClient } from '../integrations/aal/client.js';
import { VaNotifyClient } from '../integrations/va-notify/client.js';
import { callbackUrl } from '../integrations/clients.js';
import { SANDBOX_API_KEY } from '../shared/local-defaults.js';
import { loadTestConfig } from '../platform/config.js';
import { createDb, createPool } from '../platform/db/pool.js';
import { createLogger } from '../platform/logging/logger.js';
import { systemClock } from '../platform/context.js';
import { seedDemoData } from '../seed/seed.js';
import { startSystem, type RunningSystem } from '../server/system.js';
import { createTestDatabase } from '../../test/helpers/db.js';
import { eventually, useSandboxes } from '../../test/helpers/sandboxes.js';
import { ackCode, sendMllp } from './ingest/mllp/client.js';

const hl7 = (name: string) => readFileSync(new URL(`./ingest/hl7/__fixtures__/${name}`, import.meta.url), 'latin1');
const s = useSandboxes({ duplicateCallbackRate: 1, outOfOrderRate: 0.5 });
let system: RunningSystem;
let drop: () => Promise<void>;

beforeAll(async () => {
  const db = await createTestDatabase();
  drop = db.drop;
  const pool = createPool(db.url, 2);
  const seedDb = createDb(pool);
  await seedDemoData(seedDb, systemClock.today());
  await seedDb
    .insertInto('station_email_senders')
    .values([
      { station_number: '442', sender: 'va_notify', changed_by: 'test' },
      { station_number: '554', sender: 'va_notify', changed_by: 'test' },
    ])
    .execute();
  await seedDb.destroy();
  system = await startSystem({
    config: loadTestConfig({ PORT: '0', TRACKING_DEBOUNCE_SECONDS: '1', WORKER_CONCURRENCY: '4' }),
    databaseUrl: db.url,
    log: createLogger({ level: 'silent' }),
    notify: new VaNotifyClient({ baseUrl: s.notifyUrl, apiKey: SANDBOX_API_KEY, timeoutMs: 3000 }),
    aal: new AalClient({ baseUrl: `${s.aalUrl}/mhvapi/v1`, apiKey: SANDBOX_AAL_API_KEY, appToken: 'rxbridge-rx' }),
  });
  s.setServiceCallback(callbackUrl(system.ctx.config, system.url));
}, 60_000);
afterAll(async () => {
  s.setServiceCallback(null); // no new callbacks while the app shuts down
  await system?.stop();
  await drop?.();
});

async function emailOf(tracking: string) {
  return system.ctx.db
    .selectFrom('shipment_emails as e')
    .innerJoin('shipments as s', 's.id', 'e.shipment_id')
    .select(['e.id', 'e.status', 'e.status_reason', 'e.notification_id'])
    .where('s.tracking_number', '=', tracking)
    .executeTakeFirst();
}

describe('tracking pipeline end to end', () => {
  it('one e-mail per shipment through VA Notify, delivered by callback, one AAL entry — despite duplicate HL7 and callbacks', async () => {
    const message = hl7('rds-r06-two-rx.hl7');
    const acks = await sendMllp('127.0.0.1', system.mllp!.port, [message, message, hl7('rds-r06-single.hl7'), message]);
    expect(acks.map(ackCode)).toEqual(['AA', 'AA', 'AA', 'AA']);

    const delivered = await eventually(async () => {
      const e = await emailOf('1Z999AA10123456784');
      return e?.status === 'delivered' ? e : undefined;
    }, 20_000);
    const sent = s.notify.notifications.filter((n) => n.reference === delivered.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.id).toBe(delivered.notification_id);
    expect(sent[0]!.to).toBe('alex.morgan@example.com');
    expect(sent[0]!.renderedBody).toContain('Rx ending in 9547: LISINOPRIL 10MG TAB');
    expect(sent[0]!.renderedBody).toContain('Rx ending in 6412: METFORMIN HCL 500MG TAB');
    expect(sent[0]!.renderedBody).not.toContain('2719547');

    // Alex has two shipments (two tracking numbers): two e-mails, two AAL entries — one each.
    const posted = await eventually(async () => {
      const rows = await system.ctx.db.selectFrom('aal_events').select(['status']).where('status', '=', 'posted').execute();
      return rows.length === 2 ? rows : undefined;
    }, 20_000);
    expect(posted).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 300)); // let any duplicate callbacks land
    expect(s.aal.activities.filter((a) => a.userProfileId === '5001')).toHaveLength(2);
    expect(s.notify.notifications.filter((n) => n.to === 'alex.morgan@example.com')).toHaveLength(2);

    const reports = await system.ctx.db
      .selectFrom('notification_status_reports')
      .select(['source', 'status', 'applied'])
      .where('notification_id', '=', delivered.notification_id!)
      .execute();
    expect(reports.filter((r) => r.source === 'callback_bearer').length).toBeGreaterThanOrEqual(2); // duplicates arrived
    expect(reports.filter((r) => r.applied && r.status === 'delivered')).toHaveLength(1);
  });

  it('a Veteran who opted out in VA Profile: VA Notify declines, we record why, no AAL entry', async () => {
    await sendMllp('127.0.0.1', system.mllp!.port, [hl7('rrd-o14-rxd13.hl7')]);
    const e = await eventually(async () => {
      const row = await emailOf('9405511899560000111122');
      return row?.status === 'permanent-failure' ? row : undefined;
    }, 20_000);
    expect(e.status_reason).toBe('Undeliverable - Preferences declined in VA Profile');
    expect(await system.ctx.db.selectFrom('aal_events').select('id').where('shipment_email_id', '=', e.id).executeTakeFirst()).toBeUndefined();
  });

  it('the callback endpoint refuses unsigned or wrongly signed callbacks', async () => {
    const body = JSON.stringify({ id: '00000000-0000-4000-8000-000000000001', reference: null, to: 'x', status: 'delivered' });
    const bad = await fetch(callbackUrl(system.ctx.config, system.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-enp-signature': 'a'.repeat(64) },
      body,
    });
    expect(bad.status).toBe(401);
    const none = await fetch(callbackUrl(system.ctx.config, system.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(none.status).toBe(401);
  });
});
