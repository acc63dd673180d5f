/**
 * Polling fallback: with no callbacks at all, polling VA Notify brings the e-mail to its final
 * status; a late callback afterwards changes nothing (both paths converge on one state).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../seed/seed.js';
import { useTestDatabase } from '../../../test/helpers/db.js';
import { eventually, useSandboxes } from '../../../test/helpers/sandboxes.js';
import type { ShipmentItemEvent } from '../dispense-event.js';
import { applyStatusReport } from './email-status.service.js';
import { sendShipmentEmail } from './email-sending.service.js';
import { recordShipmentItems } from './shipments.service.js';
import { nextPollDelayMs, pollShipmentEmail } from './status-polling.service.js';

const t = useTestDatabase();
const s = useSandboxes({ serviceCallbackUrl: null });

beforeAll(async () => {
  await seedDemoData(t.ctx.db, t.ctx.clock.today());
  await t.ctx.db.insertInto('station_email_senders').values({ station_number: '442', sender: 'va_notify', changed_by: 'test' }).execute();
  t.ctx.notify = s.notifyClient;
});

async function shipmentTo(icn: string, tracking: string) {
  const item: ShipmentItemEvent = {
    eventId: `442:1:0:${tracking}`,
    patientIcn: icn,
    stationNumber: '442',
    trackingNumber: tracking,
    carrier: 'UPS',
    shippedAt: new Date(),
    rxNumber: '2719547',
    drugName: 'LISINOPRIL 10MG TAB',
  };
  await t.ctx.db.transaction().execute((tx) => recordShipmentItems(t.ctx, tx, [item]));
  const row = await t.ctx.db
    .selectFrom('shipments as sh')
    .innerJoin('shipment_emails as e', 'e.shipment_id', 'sh.id')
    .select(['sh.id as shipmentId', 'e.id as emailId'])
    .where('sh.tracking_number', '=', tracking)
    .executeTakeFirstOrThrow();
  expect(await sendShipmentEmail(t.ctx, row.shipmentId)).toBe('sent');
  return row;
}

const statusOf = async (emailId: string) =>
  await t.ctx.db.selectFrom('shipment_emails').select(['status', 'status_reason']).where('id', '=', emailId).executeTakeFirstOrThrow();

describe('status polling', () => {
  it('reaches delivered by polling alone, creates the AAL event, and ignores a late callback', async () => {
    const { emailId } = await shipmentTo('1012345678V123456', 'POLL-1');
    const nid = (await t.ctx.db.selectFrom('shipment_emails').select('notification_id').where('id', '=', emailId).executeTakeFirstOrThrow()).notification_id!;
    await eventually(async () => (await s.notifyClient.getNotification(nid)).status === 'delivered');
    expect(await pollShipmentEmail(t.ctx, emailId, 0)).toBe('final');
    expect((await statusOf(emailId)).status).toBe('delivered');
    expect(await t.ctx.db.selectFrom('aal_events').select('id').where('shipment_email_id', '=', emailId).execute()).toHaveLength(1);
    expect(await applyStatusReport(t.ctx, { notificationId: nid, status: 'sending', statusReason: null, source: 'callback_bearer' })).toEqual({
      kind: 'ignored',
      current: 'delivered',
    });
    expect(await pollShipmentEmail(t.ctx, emailId, 1)).toBe('final');
  });

  it('records VA Notify’s reason for a failure found by polling', async () => {
    const { emailId } = await shipmentTo('1000000001V000001', 'POLL-2'); // hard bounce in the stand-in's VA Profile
    await eventually(async () => {
      await pollShipmentEmail(t.ctx, emailId, 0);
      return (await statusOf(emailId)).status === 'permanent-failure';
    });
    expect(await statusOf(emailId)).toEqual({ status: 'permanent-failure', status_reason: 'Undeliverable - Unable to deliver' });
  });

  it('backs off: 15, 30, 60 … minutes, capped at 6 hours', () => {
    expect([0, 1, 2, 5, 10].map((r) => nextPollDelayMs(15, r) / 60_000)).toEqual([15, 30, 60, 360, 360]);
  });
});
