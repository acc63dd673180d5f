/**
 * Shutdown of the running system: a shipment e-mail waiting for a VA Notify rate-limit slot must
 * not hold `stop()` (the slot may be a minute away); it fails as retryable and is sent again by a
 * later run, with the reason kept on the row.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SANDBOX_API_KEY, SM_NEW_MESSAGE_TEMPLATE_ID } from '../shared/local-defaults.js';

import { VaNotifyClient } from '../integrations/va-notify/client.js';
import { loadTestConfig } from '../platform/config.js';
import { systemClock } from '../platform/context.js';
import { createDb, createPool } from '../platform/db/pool.js';
import { createLogger } from '../platform/logging/logger.js';
import { seedDemoData } from '../seed/seed.js';
import { startSystem } from './system.js';
import { ackCode, sendMllp } from '../tracking/ingest/mllp/client.js';
import { createTestDatabase } from '../../test/helpers/db.js';
import { eventually, useSandboxes } from '../../test/helpers/sandboxes.js';

const s = useSandboxes();

describe('system stop', () => {
  it('fails a send that waits for a VA Notify rate-limit slot instead of waiting for the slot', async () => {
    const db = await createTestDatabase();
    const pool = createPool(db.url, 2);
    const check = createDb(pool);
    try {
      await seedDemoData(check, systemClock.today());
      await check.insertInto('station_email_senders').values({ station_number: '442', sender: 'va_notify', changed_by: 'test' }).execute();
      // One request per minute, and the one is used up here: the worker's send must wait.
      const notify = new VaNotifyClient({ baseUrl: s.notifyUrl, apiKey: SANDBOX_API_KEY, timeoutMs: 3000, rateLimitPerMinute: 1 });
      await notify.sendEmail({ template_id: SM_NEW_MESSAGE_TEMPLATE_ID, email_address: 'delivered@simulator.notify' });
      const lines: Array<{ msg?: string }> = [];
      const log = createLogger({ level: 'warn', destination: { write: (l: string) => void lines.push(JSON.parse(l)) } });
      const system = await startSystem({ config: loadTestConfig({ PORT: '0', TRACKING_DEBOUNCE_SECONDS: '0' }), databaseUrl: db.url, log, notify });
      const hl7 = readFileSync(new URL('../tracking/ingest/hl7/__fixtures__/rds-r06-single.hl7', import.meta.url), 'latin1');
      expect((await sendMllp('127.0.0.1', system.mllp!.port, [hl7])).map(ackCode)).toEqual(['AA']);
      await eventually(async () => (await check.selectFrom('shipment_emails').select('status').executeTakeFirst())?.status === 'submitting', 15_000);

      await system.stop();

      expect(lines.filter((l) => l.msg === 'shutdown step did not finish in time; continuing')).toEqual([]);
      const email = await check.selectFrom('shipment_emails').select(['status', 'notification_id', 'lease_until', 'last_error']).executeTakeFirstOrThrow();
      expect(email).toMatchObject({ status: 'submitting', notification_id: null, lease_until: null });
      expect(email.last_error).toContain('ClientClosed');
      expect(s.notify.notifications).toHaveLength(1); // only the one sent above
    } finally {
      await check.destroy();
      await db.drop();
    }
  }, 60_000);
});
