/**
 * Grouping → sending → status → AAL against real Postgres, with scripted VA Notify behaviour
 * (accept, refuse, accept-then-time-out). The same flow over real HTTP with the VA Notify stand-in
 * is covered in tracking.e2e.int.test.ts.
 */
import { sql } from 'kysely';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NotifyApiError } from '../../platform/notify-port.js';
import { seedDemoData } from '../../seed/seed.js';
import { RecordingActivityLog, RecordingEmailSender } from '../../../test/helpers/fakes.js';
import { useTestDatabase } from '../../../test/helpers/db.js';
import type { ShipmentItemEvent } from '../dispense-event.js';
import { postAalEvent } from './aal-posting.service.js';
import { applyStatusReport } from './email-status.service.js';
import { sendShipmentEmail } from './email-sending.service.js';
import { findByNotificationId, recordStatusReport } from './shipment-emails.dao.js';
import { recordShipmentItems } from './shipments.service.js';
import { sendShipmentEmailJob } from '../tasks/jobs.js';

const t = useTestDatabase();
const ALEX = '1012345678V123456';
const JORDAN = '1098765432V654321';

function item(over: Partial<ShipmentItemEvent>): ShipmentItemEvent {
  const base = {
    patientIcn: ALEX,
    stationNumber: '442',
    trackingNumber: '1Z999AA10123456784',
    carrier: 'UPS',
    shippedAt: new Date('2026-06-14T12:00:00Z'),
    rxNumber: '2719547',
    drugName: 'LISINOPRIL 10MG TAB',
  };
  const e = { ...base, ...over };
  return { eventId: `${e.stationNumber}:${e.rxNumber}:0:${e.trackingNumber}`, ...e };
}

async function record(events: ShipmentItemEvent[]) {
  return t.ctx.db.transaction().execute((tx) => recordShipmentItems(t.ctx, tx, events));
}

async function emailFor(tracking: string, icn = ALEX) {
  return t.ctx.db
    .selectFrom('shipment_emails as e')
    .innerJoin('shipments as s', 's.id', 'e.shipment_id')
    .selectAll('e')
    .select(['s.id as shipmentId'])
    .where('s.tracking_number', '=', tracking)
    .where('s.patient_icn', '=', icn)
    .executeTakeFirstOrThrow();
}

async function jobKeys(prefix: string): Promise<string[]> {
  const r = await sql<{ key: string }>`select key from graphile_worker.jobs where key like ${prefix + '%'} order by key`.execute(t.ctx.db);
  return r.rows.map((x) => x.key);
}

beforeAll(async () => {
  await seedDemoData(t.ctx.db, t.ctx.clock.today());
  await t.ctx.db.insertInto('station_email_senders').values({ station_number: '442', sender: 'va_notify', changed_by: 'test' }).execute();
});

let notify: RecordingEmailSender;
beforeEach(() => {
  notify = new RecordingEmailSender();
  t.ctx.notify = notify;
  t.ctx.aal = new RecordingActivityLog();
});

describe('grouping', () => {
  it('groups by patient then tracking number, one pending e-mail and one debounced job per shipment', async () => {
    const res = await record([
      item({ trackingNumber: 'TRK-A1', rxNumber: '2719547' }),
      item({ trackingNumber: 'TRK-A1', rxNumber: '3636412', drugName: 'METFORMIN 500MG TAB' }),
      item({ trackingNumber: 'TRK-A2', rxNumber: '2719550' }),
      item({ trackingNumber: 'TRK-A1', patientIcn: JORDAN, rxNumber: '2719999' }),
    ]);
    expect(res).toEqual({ newItems: 4, duplicates: 0 });
    const a1 = await emailFor('TRK-A1');
    const j1 = await emailFor('TRK-A1', JORDAN);
    expect(a1.shipmentId).not.toBe(j1.shipmentId);
    expect(a1.status).toBe('pending');
    const keys = await jobKeys('shipment-email:');
    expect(keys).toContain(`shipment-email:${a1.shipmentId}`);
    expect(keys).toContain(`shipment-email:${j1.shipmentId}`);
  });

  it('is idempotent: the same dispense again adds nothing and schedules nothing new', async () => {
    const before = (await jobKeys('shipment-email:')).length;
    const res = await record([item({ trackingNumber: 'TRK-A1', rxNumber: '2719547' })]);
    expect(res).toEqual({ newItems: 0, duplicates: 1 });
    expect((await jobKeys('shipment-email:')).length).toBe(before);
  });

  it('holds (never silently legacy) the e-mail of a station nobody configured', async () => {
    await record([item({ stationNumber: '999', trackingNumber: 'TRK-UNCONF', rxNumber: '9990001' })]);
    const e = await emailFor('TRK-UNCONF');
    expect(e).toMatchObject({ status: 'held', status_reason: 'Held: station not configured for e-mails' });
    expect(await sendShipmentEmail(t.ctx, e.shipmentId)).toBe('not-claimed');
  });

  it('suppresses e-mail for stations still on legacy MHV e-mails, so nobody gets two', async () => {
    await t.ctx.db
      .insertInto('station_email_senders')
      .values({ station_number: '554', sender: 'mhv_legacy', changed_by: 'test' })
      .onConflict((oc) => oc.doNothing())
      .execute();
    await record([item({ stationNumber: '554', trackingNumber: 'TRK-LEGACY', rxNumber: '5550001' })]);
    const e = await emailFor('TRK-LEGACY');
    expect(e.status).toBe('suppressed');
    expect(await sendShipmentEmail(t.ctx, e.shipmentId)).toBe('not-claimed');
    expect(notify.sent).toHaveLength(0);
  });
});

describe('sending exactly once', () => {
  it('sends one e-mail listing each Rx by last 4 and name, addressed by ICN, and stores notification_id', async () => {
    const e = await emailFor('TRK-A1');
    expect(await sendShipmentEmail(t.ctx, e.shipmentId)).toBe('sent');
    expect(notify.sent).toHaveLength(1);
    const sent = notify.sent[0]!;
    expect(sent.recipient_identifier).toEqual({ id_type: 'ICN', id_value: ALEX });
    expect(sent.email_address).toBeUndefined();
    expect(sent.reference).toBe(e.id);
    expect(sent.personalisation?.prescription_count).toBe('2');
    expect(sent.personalisation?.prescription_list).toContain('Rx ending in 9547: LISINOPRIL 10MG TAB');
    expect(sent.personalisation?.prescription_list).toContain('Rx ending in 6412: METFORMIN 500MG TAB');
    expect(sent.personalisation?.prescription_list).not.toContain('2719547');
    const after = await emailFor('TRK-A1');
    expect(after.status).toBe('created');
    expect(after.notification_id).toBe(sent.id);
    expect(await jobKeys('shipment-email-poll:')).toContain(`shipment-email-poll:${e.id}`);
    // A retried or duplicate job does nothing.
    expect(await sendShipmentEmail(t.ctx, e.shipmentId)).toBe('not-claimed');
    expect(notify.sent).toHaveLength(1);
  });

  it('after a timeout that VA Notify had in fact accepted, the retry finds it by reference instead of sending again', async () => {
    const e = await emailFor('TRK-A2');
    const accepted = new RecordingEmailSender();
    t.ctx.notify = {
      sendEmail: async (req) => {
        await accepted.sendEmail(req);
        throw new NotifyApiError(0, 'Timeout', 'request timed out', true);
      },
      getNotification: (id) => accepted.getNotification(id),
      listNotifications: (f) => accepted.listNotifications(f),
    };
    expect(await sendShipmentEmail(t.ctx, e.shipmentId)).toBe('retry');
    expect(await emailFor('TRK-A2')).toMatchObject({ status: 'submitting', last_error: 'Timeout: request timed out' });
    // The next attempt is scheduled by the retry decision: same job key, 30 s later (SEND_RETRY, attempt 1).
    const next = await sql<{
      delay: number;
    }>`select extract(epoch from run_at - now())::float8 as delay from graphile_worker.jobs where key = ${sendShipmentEmailJob.key!({ shipmentId: e.shipmentId })}`.execute(
      t.ctx.db,
    );
    expect(next.rows).toHaveLength(1);
    expect(next.rows[0]!.delay).toBeGreaterThan(20);
    expect(next.rows[0]!.delay).toBeLessThanOrEqual(30);
    expect(await sendShipmentEmail(t.ctx, e.shipmentId)).toBe('reconciled');
    expect(accepted.sent).toHaveLength(1);
    const after = await emailFor('TRK-A2');
    expect(after.status).toBe('created');
    expect(after.notification_id).toBe(accepted.sent[0]!.id);
    expect(after.attempts).toBe(2);
  });

  it('after a timeout the next attempt (which asks VA Notify by reference first) waits at least one client timeout, not just the backoff', async () => {
    await record([item({ trackingNumber: 'TRK-A5', rxNumber: '2719553' })]);
    const e = await emailFor('TRK-A5');
    const config = t.ctx.config;
    // A client timeout longer than the first backoff (30 s): VA Notify may still be working on the POST.
    t.ctx.config = { ...config, VA_NOTIFY_TIMEOUT_MS: 75_000 };
    try {
      t.ctx.notify = {
        sendEmail: () => Promise.reject(new NotifyApiError(0, 'Timeout', 'No response within 75000 ms', true)),
        getNotification: () => Promise.reject(new Error('not used')),
        listNotifications: () => Promise.resolve([]),
      };
      expect(await sendShipmentEmail(t.ctx, e.shipmentId)).toBe('retry');
    } finally {
      t.ctx.config = config;
    }
    const next = await sql<{ delay: number }>`select extract(epoch from run_at - now())::float8 as delay from graphile_worker.jobs
      where key = ${sendShipmentEmailJob.key!({ shipmentId: e.shipmentId })}`.execute(t.ctx.db);
    expect(next.rows[0]!.delay).toBeGreaterThan(70);
    expect(next.rows[0]!.delay).toBeLessThanOrEqual(75);
  });

  it('a retryable failure that never reached VA Notify is re-sent once on retry', async () => {
    await record([item({ trackingNumber: 'TRK-A3', rxNumber: '2719551' })]);
    const e = await emailFor('TRK-A3');
    let calls = 0;
    const inner = new RecordingEmailSender();
    t.ctx.notify = {
      sendEmail: async (req) => {
        calls += 1;
        if (calls === 1) throw new NotifyApiError(429, 'RateLimitError', 'Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds', true);
        return inner.sendEmail(req);
      },
      getNotification: (id) => inner.getNotification(id),
      listNotifications: (f) => inner.listNotifications(f),
    };
    expect(await sendShipmentEmail(t.ctx, e.shipmentId)).toBe('retry');
    expect(await sendShipmentEmail(t.ctx, e.shipmentId)).toBe('sent');
    expect(inner.sent).toHaveLength(1);
  });

  it('a non-retryable refusal ends the e-mail as rejected with VA Notify’s error', async () => {
    await record([item({ trackingNumber: 'TRK-A4', rxNumber: '2719552' })]);
    const e = await emailFor('TRK-A4');
    t.ctx.notify = {
      sendEmail: async () => {
        throw new NotifyApiError(400, 'BadRequestError', 'Template not found', false);
      },
      getNotification: (id) => notify.getNotification(id),
      listNotifications: (f) => notify.listNotifications(f),
    };
    expect(await sendShipmentEmail(t.ctx, e.shipmentId)).toBe('rejected');
    const after = await emailFor('TRK-A4');
    expect(after.status).toBe('rejected');
    expect(after.status_reason).toBe('BadRequestError: Template not found');
    expect(await sendShipmentEmail(t.ctx, e.shipmentId)).toBe('not-claimed');
  });
});

describe('delivery status and AAL', () => {
  it('applies forward changes once, ignores duplicates and out-of-order reports, and creates one AAL event', async () => {
    const e = await emailFor('TRK-A1');
    const nid = e.notification_id!;
    expect(await applyStatusReport(t.ctx, { notificationId: nid, status: 'sending', statusReason: null, source: 'callback_bearer' })).toMatchObject({
      kind: 'applied',
      to: 'delivering',
    });
    expect(await jobKeys('shipment-email-poll:')).toContain(`shipment-email-poll:${e.id}`); // not final yet: the poll stays
    expect(await applyStatusReport(t.ctx, { notificationId: nid, status: 'delivered', statusReason: null, source: 'callback_signature' })).toMatchObject({
      kind: 'applied',
      to: 'delivered',
    });
    expect(await jobKeys('shipment-email-poll:')).not.toContain(`shipment-email-poll:${e.id}`); // final: nothing left to poll
    expect(await applyStatusReport(t.ctx, { notificationId: nid, status: 'delivered', statusReason: null, source: 'poll' })).toEqual({
      kind: 'ignored',
      current: 'delivered',
    });
    expect(await applyStatusReport(t.ctx, { notificationId: nid, status: 'sending', statusReason: null, source: 'callback_bearer' })).toEqual({
      kind: 'ignored',
      current: 'delivered',
    });
    expect(await applyStatusReport(t.ctx, { notificationId: nid, status: 'permanent-failure', statusReason: 'x', source: 'callback_bearer' })).toEqual({
      kind: 'ignored',
      current: 'delivered',
    });
    const after = await emailFor('TRK-A1');
    expect(after.status).toBe('delivered');
    expect(after.completed_at).not.toBeNull();
    const aal = await t.ctx.db.selectFrom('aal_events').selectAll().where('shipment_email_id', '=', e.id).execute();
    expect(aal).toHaveLength(1);
    const reports = await t.ctx.db
      .selectFrom('notification_status_reports')
      .select(['status', 'applied'])
      .where('notification_id', '=', nid)
      .orderBy('id')
      .execute();
    expect(reports.map((r) => r.applied)).toEqual([true, true, false, false, false]);

    const log = t.ctx.aal as RecordingActivityLog;
    expect(await postAalEvent(t.ctx, aal[0]!.id)).toBe('posted');
    expect(await postAalEvent(t.ctx, aal[0]!.id)).toBe('not-claimed');
    expect(log.posted).toHaveLength(1);
    expect(log.posted[0]).toMatchObject({ userProfileId: '5001', status: 1, activityType: t.ctx.config.AAL_RX_TRACKING_ACTIVITY_TYPE });
    expect(log.posted[0]!.completionTime).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
  });

  it('a report written against an e-mail that changed since it was read writes nothing and says so (the caller decides again under a lock)', async () => {
    await record([item({ trackingNumber: 'TRK-G1', rxNumber: '2719560' })]);
    const e = await emailFor('TRK-G1');
    await sendShipmentEmail(t.ctx, e.shipmentId);
    const nid = (await emailFor('TRK-G1')).notification_id!;
    const seen = (await findByNotificationId(t.ctx.db, nid))!;
    expect(seen).toMatchObject({ id: e.id, status: 'created', notification_id: nid });
    // Meanwhile another report moves the e-mail on.
    expect(await applyStatusReport(t.ctx, { notificationId: nid, status: 'sending', statusReason: null, source: 'poll' })).toMatchObject({ to: 'delivering' });
    const stale = await recordStatusReport(
      t.ctx.db,
      { final: true },
      { notificationId: nid, source: 'callback_bearer', status: 'permanent-failure', statusReason: 'x', applied: true, shipmentEmailId: e.id },
      { emailId: e.id, status: 'permanent-failure', reason: 'x', terminal: true },
      seen,
    );
    expect(stale).toBe(false);
    expect((await emailFor('TRK-G1')).status).toBe('delivering');
    const reports = await t.ctx.db.selectFrom('notification_status_reports').select('status').where('notification_id', '=', nid).execute();
    expect(reports.map((r) => r.status)).toEqual(['sending']);
    // The same write against what the row is now goes through.
    const current = (await findByNotificationId(t.ctx.db, nid))!;
    expect(
      await recordStatusReport(
        t.ctx.db,
        { final: true },
        { notificationId: nid, source: 'callback_bearer', status: 'permanent-failure', statusReason: 'x', applied: true, shipmentEmailId: e.id },
        { emailId: e.id, status: 'permanent-failure', reason: 'x', terminal: true },
        current,
      ),
    ).toBe(true);
    expect((await emailFor('TRK-G1')).status).toBe('permanent-failure');
  });

  it('concurrent reports for one e-mail: one final status wins, every report is recorded once, at most one AAL event', async () => {
    await record([item({ trackingNumber: 'TRK-G2', rxNumber: '2719561' })]);
    const e = await emailFor('TRK-G2');
    await sendShipmentEmail(t.ctx, e.shipmentId);
    const nid = (await emailFor('TRK-G2')).notification_id!;
    const statuses = ['sending', 'delivered', 'delivered', 'permanent-failure', 'sending', 'delivered', 'temporary-failure', 'delivered'];
    const results = await Promise.all(
      statuses.map((status) => applyStatusReport(t.ctx, { notificationId: nid, status, statusReason: null, source: 'callback_bearer' })),
    );
    const finals = results.filter((r) => r.kind === 'applied' && (r.to === 'delivered' || r.to === 'permanent-failure'));
    expect(finals).toHaveLength(1);
    const after = await emailFor('TRK-G2');
    expect(['delivered', 'permanent-failure']).toContain(after.status);
    const reports = await t.ctx.db.selectFrom('notification_status_reports').select(['status', 'applied']).where('notification_id', '=', nid).execute();
    expect(reports).toHaveLength(statuses.length);
    expect(reports.filter((r) => r.applied).length).toBe(results.filter((r) => r.kind === 'applied').length);
    const aal = await t.ctx.db.selectFrom('aal_events').select('id').where('shipment_email_id', '=', e.id).execute();
    expect(aal).toHaveLength(after.status === 'delivered' ? 1 : 0);
  });

  it('unknown notification ids are reported as unknown (the callback asks VA Notify to retry)', async () => {
    const res = await applyStatusReport(t.ctx, {
      notificationId: '00000000-0000-4000-8000-000000000000',
      status: 'delivered',
      statusReason: null,
      source: 'poll',
    });
    expect(res).toEqual({ kind: 'unknown' });
  });

  it('the database refuses to leave a terminal state whatever the code does', async () => {
    const e = await emailFor('TRK-A1');
    await expect(t.ctx.db.updateTable('shipment_emails').set({ status: 'created' }).where('id', '=', e.id).execute()).rejects.toThrow(
      /may not move from delivered to created/,
    );
    await expect(
      t.ctx.db.updateTable('shipment_emails').set({ notification_id: '00000000-0000-4000-8000-000000000001' }).where('id', '=', e.id).execute(),
    ).rejects.toThrow(/already has a notification id/);
  });

  it('permanent AAL failures are recorded, retryable ones retried', async () => {
    await record([item({ trackingNumber: 'TRK-A5', rxNumber: '2719553' })]);
    const e = await emailFor('TRK-A5');
    await sendShipmentEmail(t.ctx, e.shipmentId);
    const nid = (await emailFor('TRK-A5')).notification_id!;
    await applyStatusReport(t.ctx, { notificationId: nid, status: 'delivered', statusReason: null, source: 'poll' });
    const aal = await t.ctx.db.selectFrom('aal_events').select('id').where('shipment_email_id', '=', e.id).executeTakeFirstOrThrow();
    const { AalApiError } = await import('../../platform/activity-log-port.js');
    t.ctx.aal = {
      postActivity: async () => {
        throw new AalApiError(503, 'unavailable', true);
      },
    };
    expect(await postAalEvent(t.ctx, aal.id)).toBe('retry');
    expect(await t.ctx.db.selectFrom('aal_events').select(['status', 'last_error']).where('id', '=', aal.id).executeTakeFirstOrThrow()).toEqual({
      status: 'pending',
      last_error: 'unavailable',
    });
    t.ctx.aal = {
      postActivity: async () => {
        throw new AalApiError(400, 'userProfileId is required', false);
      },
    };
    expect(await postAalEvent(t.ctx, aal.id)).toBe('failed');
    const row = await t.ctx.db.selectFrom('aal_events').selectAll().where('id', '=', aal.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'failed', attempts: 2, last_error: 'userProfileId is required' });
  });
});
