/**
 * Soft failures recover (issue 14.3): temporary-failure is replayed as a new notification with the
 * same reference, with backoff and a limit, every attempt kept; late reports for any notification of
 * ours are recorded and flagged; the callback answers 503 only while the first send is in flight.
 */
import { sql } from 'kysely';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RecordingActivityLog, RecordingEmailSender } from '../../../test/helpers/fakes.js';
import { useTestApp } from '../../../test/helpers/app.js';
import type { ShipmentItemEvent } from '../dispense-event.js';
import { applyStatusReport } from './email-status.service.js';
import { requestResend, resendShipmentEmail, sendShipmentEmail } from './email-sending.service.js';
import { recordShipmentItems } from './shipments.service.js';
import { markAccepted } from './shipment-emails.dao.js';
import { resendShipmentEmailJob } from '../tasks/jobs.js';
import { callbackSignature } from '../../integrations/va-notify/callback-verification.js';
import { notifyCredentials } from '../../integrations/clients.js';

const t = useTestApp({ config: { TRACKING_RESEND_MAX: '2', TRACKING_RESEND_BASE_SECONDS: '60' } });
const ALEX = '1012345678V123456';
const TEMP = 'Retryable - Notification is unable to be processed at this time. Replay the request to VA Notify.';

const item = (trk: string, rx: string): ShipmentItemEvent => ({
  eventId: `442:${rx}:0:${trk}`,
  patientIcn: ALEX,
  stationNumber: '442',
  trackingNumber: trk,
  carrier: 'USPS',
  shippedAt: new Date('2026-06-14T12:00:00Z'),
  rxNumber: rx,
  drugName: 'LISINOPRIL 10MG TAB',
});
async function sentEmail(trk: string, rx: string) {
  await t.ctx.db.transaction().execute((tx) => recordShipmentItems(t.ctx, tx, [item(trk, rx)]));
  const e = await t.ctx.db
    .selectFrom('shipment_emails as e')
    .innerJoin('shipments as s', 's.id', 'e.shipment_id')
    .select(['e.id', 's.id as shipmentId'])
    .where('s.tracking_number', '=', trk)
    .executeTakeFirstOrThrow();
  expect(await sendShipmentEmail(t.ctx, e.shipmentId)).toBe('sent');
  return e;
}
const email = (id: string) => t.ctx.db.selectFrom('shipment_emails').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const resendJob = async (emailId: string) =>
  (
    await sql<{
      delay: number;
    }>`select extract(epoch from run_at - now())::float8 as delay from graphile_worker.jobs where key = ${resendShipmentEmailJob.key!({ emailId })}`.execute(
      t.ctx.db,
    )
  ).rows[0];
const report = (notificationId: string, status: string, reason: string | null = null, reference?: string) =>
  applyStatusReport(t.ctx, { notificationId, status, statusReason: reason, source: 'callback_signature', ...(reference ? { reference } : {}) });

let notify: RecordingEmailSender;
beforeAll(async () => {
  await t.ctx.db
    .insertInto('station_email_senders')
    .values({ station_number: '442', sender: 'va_notify', changed_by: 'test' })
    .onConflict((oc) => oc.column('station_number').doUpdateSet({ sender: 'va_notify' }))
    .execute();
});
beforeEach(() => {
  notify = new RecordingEmailSender();
  t.ctx.notify = notify;
  t.ctx.aal = new RecordingActivityLog();
});

describe('temporary-failure', () => {
  it('is not terminal: a later delivered for the same notification applies (and posts AAL)', async () => {
    const e = await sentEmail('SOFT-1', '3000001');
    const nid = (await email(e.id)).notification_id!;
    expect(await report(nid, 'temporary-failure', TEMP)).toEqual({ kind: 'applied', from: 'created', to: 'temporary-failure' });
    expect(await report(nid, 'delivered')).toEqual({ kind: 'applied', from: 'temporary-failure', to: 'delivered' });
    expect(await t.ctx.db.selectFrom('aal_events').select('status').where('shipment_email_id', '=', e.id).executeTakeFirst()).toBeDefined();
  });

  it('is replayed as a new notification with the same reference, with backoff and a limit; every attempt is kept', async () => {
    const e = await sentEmail('SOFT-2', '3000002');
    const first = (await email(e.id)).notification_id!;
    await report(first, 'temporary-failure', TEMP);
    expect((await resendJob(e.id))!.delay).toBeGreaterThan(50); // 60 s (base) for the first replay
    await resendShipmentEmailJob.remove(t.ctx.db, { emailId: e.id }); // as the worker would, having run it
    expect(await resendShipmentEmail(t.ctx, e.id)).toBe('sent');
    const second = (await email(e.id)).notification_id!;
    expect(second).not.toBe(first);
    expect(notify.sent.map((s) => s.reference)).toEqual([e.id, e.id]);
    await report(second, 'temporary-failure', TEMP);
    expect((await resendJob(e.id))!.delay).toBeGreaterThan(110); // doubled: 120 s
    await resendShipmentEmailJob.remove(t.ctx.db, { emailId: e.id });
    expect(await resendShipmentEmail(t.ctx, e.id)).toBe('sent');
    const third = (await email(e.id)).notification_id!;
    await report(third, 'temporary-failure', TEMP);
    expect(await resendJob(e.id)).toBeUndefined(); // TRACKING_RESEND_MAX = 2: no third replay
    expect(await email(e.id)).toMatchObject({ status: 'temporary-failure', resends: 2 });
    const kept = await t.ctx.db
      .selectFrom('shipment_email_notifications')
      .select(['notification_id', 'send_number', 'status'])
      .where('shipment_email_id', '=', e.id)
      .orderBy('send_number')
      .execute();
    expect(kept).toEqual([
      { notification_id: first, send_number: 0, status: 'temporary-failure' },
      { notification_id: second, send_number: 1, status: 'temporary-failure' },
      { notification_id: third, send_number: 2, status: 'temporary-failure' },
    ]);
  });

  it('a late delivered for a replaced notification is recorded, flagged duplicate, and makes the e-mail delivered once', async () => {
    const e = await sentEmail('SOFT-3', '3000003');
    const first = (await email(e.id)).notification_id!;
    await report(first, 'temporary-failure', TEMP);
    await resendShipmentEmail(t.ctx, e.id);
    const second = (await email(e.id)).notification_id!;
    expect(await report(first, 'delivered')).toEqual({ kind: 'duplicate', applied: true });
    expect((await email(e.id)).status).toBe('delivered');
    expect(await report(second, 'delivered')).toEqual({ kind: 'ignored', current: 'delivered' });
    expect(await report(first, 'delivered')).toEqual({ kind: 'duplicate', applied: false });
    const flagged = await t.ctx.db
      .selectFrom('notification_status_reports')
      .select(['notification_id', 'duplicate', 'applied'])
      .where('shipment_email_id', '=', e.id)
      .orderBy('id')
      .execute();
    expect(flagged.filter((r) => r.duplicate)).toEqual([
      { notification_id: first, duplicate: true, applied: true },
      { notification_id: first, duplicate: true, applied: false },
    ]);
    expect(await t.ctx.db.selectFrom('aal_events').select('id').where('shipment_email_id', '=', e.id).execute()).toHaveLength(1);
  });

  it('an operator re-send is audited (who, when) and only offered for soft-failed e-mails', async () => {
    const e = await sentEmail('SOFT-4', '3000004');
    expect(await requestResend(t.ctx, e.id, 'ops-user-1')).toBe('not-soft-failed');
    await report((await email(e.id)).notification_id!, 'temporary-failure', TEMP);
    expect(await requestResend(t.ctx, e.id, 'ops-user-1')).toBe('scheduled');
    expect((await resendJob(e.id))!.delay).toBeLessThan(5); // now, not after the backoff
    const audit = await t.ctx.db
      .selectFrom('shipment_email_resend_requests')
      .select(['requested_by', 'requested_at'])
      .where('shipment_email_id', '=', e.id)
      .execute();
    expect(audit).toEqual([{ requested_by: 'ops-user-1', requested_at: expect.any(Date) }]);
  });
});

describe('callbacks for notifications we did not record', () => {
  const post = async (body: object) => {
    const raw = JSON.stringify(body);
    return t.app.inject({
      method: 'POST',
      url: '/api/tracking/va-notify/callbacks',
      payload: raw,
      headers: {
        'content-type': 'application/json',
        'x-enp-signature': callbackSignature(body as Record<string, unknown>, notifyCredentials(t.ctx.config).secret),
      },
    });
  };

  it('a second notification carrying our reference is recorded as a duplicate and answered 200 (not 503 for ever)', async () => {
    const e = await sentEmail('SOFT-5', '3000005');
    const stranger = '11111111-2222-4333-8444-555555555555';
    const res = await post({ id: stranger, reference: e.id, status: 'delivered', status_reason: null });
    expect(res.statusCode).toBe(200);
    const rows = await t.ctx.db
      .selectFrom('notification_status_reports')
      .select(['shipment_email_id', 'duplicate', 'applied'])
      .where('notification_id', '=', stranger)
      .execute();
    expect(rows).toEqual([{ shipment_email_id: e.id, duplicate: true, applied: false }]);
  });

  it('answers 503 only while the first send is in flight (notification id not stored yet)', async () => {
    await t.ctx.db.transaction().execute((tx) => recordShipmentItems(t.ctx, tx, [item('SOFT-6', '3000006')]));
    const e = await t.ctx.db
      .selectFrom('shipment_emails as e')
      .innerJoin('shipments as s', 's.id', 'e.shipment_id')
      .select(['e.id'])
      .where('s.tracking_number', '=', 'SOFT-6')
      .executeTakeFirstOrThrow();
    await t.ctx.db
      .updateTable('shipment_emails')
      .set({ status: 'submitting', lease_until: new Date(Date.now() + 60_000) })
      .where('id', '=', e.id)
      .execute();
    const res = await post({ id: '22222222-2222-4333-8444-555555555555', reference: e.id, status: 'created', status_reason: null });
    expect(res.statusCode).toBe(503);
  });

  it('a delivered callback racing the send that stores its notification id is applied once that send commits (found by bench:pipeline)', async () => {
    await t.ctx.db.transaction().execute((tx) => recordShipmentItems(t.ctx, tx, [item('SOFT-7', '3000007')]));
    const e = await t.ctx.db
      .selectFrom('shipment_emails as e')
      .innerJoin('shipments as s', 's.id', 'e.shipment_id')
      .select(['e.id'])
      .where('s.tracking_number', '=', 'SOFT-7')
      .executeTakeFirstOrThrow();
    await t.ctx.db
      .updateTable('shipment_emails')
      .set({ status: 'submitting', attempts: 1, lease_until: new Date(Date.now() + 60_000) })
      .where('id', '=', e.id)
      .execute();
    const nid = '33333333-2222-4333-8444-555555555555';
    let callback: Promise<unknown> | undefined;
    await t.ctx.db.transaction().execute(async (tx) => {
      expect(await markAccepted(tx, e.id, nid)).toBe(true);
      callback = report(nid, 'delivered', null, e.id); // arrives before the send's transaction commits
      await new Promise((r) => setTimeout(r, 200));
    });
    expect(await callback).toEqual({ kind: 'applied', from: 'created', to: 'delivered' });
    expect((await email(e.id)).status).toBe('delivered');
  });
});
