/**
 * Exactly once across a worker killed mid-send: a separate worker process sends the e-mail, VA
 * Notify accepts it but the response never arrives, and the process is killed with SIGKILL before
 * it can record anything. After the lease expires, the sweep re-enqueues the send; the new worker
 * finds the accepted notification by reference and records it instead of sending a second e-mail.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_API_KEY } from '../shared/local-defaults.js';
import { VaNotifyClient } from '../integrations/va-notify/client.js';
import { unlockDeadWorkers } from '../platform/jobs/heartbeat.js';
import { startWorker } from '../worker/runner.js';
import { seedDemoData } from '../seed/seed.js';
import { useTestDatabase } from '../../test/helpers/db.js';
import { eventually, useSandboxes } from '../../test/helpers/sandboxes.js';
import { pipelineDeps } from './pipeline.js';
import { ingestMessage } from './ingest/ingest.service.js';
import { sendShipmentEmailJob } from './tasks/jobs.js';
import { sweepTracking } from './sweep.service.js';

const t = useTestDatabase({ config: { TRACKING_DEBOUNCE_SECONDS: '0' } });
const s = useSandboxes();
let child: ChildProcess | undefined;

beforeAll(async () => {
  await seedDemoData(t.ctx.db, t.ctx.clock.today());
  await t.ctx.db.insertInto('station_email_senders').values({ station_number: '442', sender: 'va_notify', changed_by: 'test' }).execute();
});
afterAll(() => {
  child?.kill('SIGKILL');
});

function startWorkerProcess(): Promise<ChildProcess> {
  // `node --import tsx` (not the tsx CLI, which forks a child): SIGKILL must hit the worker itself.
  const p = spawn(process.execPath, ['--import', 'tsx', new URL('../../test/helpers/worker-process.ts', import.meta.url).pathname], {
    env: { ...process.env, DATABASE_URL: t.url, VA_NOTIFY_URL: s.notifyUrl, VA_NOTIFY_TIMEOUT_MS: '60000', SANDBOX: 'false', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    p.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve(p));
    p.on('exit', (code) => reject(new Error(`worker exited ${code}`)));
  });
}

describe('worker killed mid-send', () => {
  it('still results in exactly one notification for the shipment', async () => {
    s.notify.faults.timeoutAfterAcceptRate = 1;
    s.notify.faults.timeoutMs = 120_000;
    child = await startWorkerProcess();
    const raw = readFileSync(new URL('./ingest/hl7/__fixtures__/rds-r06-single.hl7', import.meta.url), 'latin1');
    expect((await ingestMessage(t.ctx, { raw, format: 'hl7v2', source: 'cli' }, pipelineDeps(t.ctx, 'hl7v2'))).ack).toBe('AA');
    const email = await t.ctx.db.selectFrom('shipment_emails').select(['id', 'shipment_id']).executeTakeFirstOrThrow();

    // VA Notify has the e-mail; the worker is still waiting for the 201 it will never get.
    await eventually(() => s.notify.notifications.some((n) => n.reference === email.id), 30_000);
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    s.notify.faults.timeoutAfterAcceptRate = 0;

    const stuck = await t.ctx.db.selectFrom('shipment_emails').select(['status', 'notification_id']).where('id', '=', email.id).executeTakeFirstOrThrow();
    expect(stuck).toEqual({ status: 'submitting', notification_id: null });

    // The dead process still holds the send job, locked under the id its heartbeat used; once that
    // heartbeat is stale the job is unlocked (here "stale" = any age, so no waiting).
    const sendLockedBy = async () =>
      (
        await sql<{
          locked_by: string | null;
        }>`select locked_by from graphile_worker.jobs where key = ${sendShipmentEmailJob.key!({ shipmentId: email.shipment_id })}`.execute(t.ctx.db)
      ).rows[0]?.locked_by;
    const held = await sendLockedBy();
    const beats = await sql<{ worker_id: string }>`select worker_id from job_worker_heartbeats`.execute(t.ctx.db);
    expect(held).toBeTruthy();
    expect(beats.rows.map((r) => r.worker_id)).toContain(held);
    expect(await unlockDeadWorkers(t.ctx.db, 0)).toEqual([held]);
    expect(await sendLockedBy()).toBeNull();

    // Time passes: the dead worker's lease expires; the sweep re-enqueues the send.
    await sql`update shipment_emails set lease_until = now() - interval '1 second' where id = ${email.id}`.execute(t.ctx.db);
    expect((await sweepTracking(t.ctx)).sends).toBe(1);
    t.ctx.notify = new VaNotifyClient({ baseUrl: s.notifyUrl, apiKey: SANDBOX_API_KEY, timeoutMs: 3000 });
    const worker = await startWorker(t.ctx);
    try {
      const done = await eventually(async () => {
        const row = await t.ctx.db
          .selectFrom('shipment_emails')
          .select(['status', 'notification_id', 'attempts'])
          .where('id', '=', email.id)
          .executeTakeFirstOrThrow();
        return row.notification_id ? row : undefined;
      }, 20_000);
      const atNotify = s.notify.notifications.filter((n) => n.reference === email.id);
      expect(atNotify).toHaveLength(1);
      expect(done.notification_id).toBe(atNotify[0]!.id);
      expect(done.attempts).toBe(2);
    } finally {
      await worker.stop();
    }
  }, 90_000);
});
