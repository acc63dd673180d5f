/** Tracking pipeline metrics on /metrics are read from stored state at scrape time. */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/helpers/app.js';
import type { ShipmentItemEvent } from './dispense-event.js';
import { recordShipmentItems } from './shipments/shipments.service.js';

const t = useTestApp();
const item = (trk: string): ShipmentItemEvent => ({
  eventId: `999:1:0:${trk}`,
  patientIcn: '1012345678V123456',
  stationNumber: '999',
  trackingNumber: trk,
  carrier: 'USPS',
  shippedAt: null,
  rxNumber: '1',
  drugName: 'X',
});

describe('tracking metrics', () => {
  it('report e-mails by status and the oldest unsent age from the database, at scrape time', async () => {
    const scrape = async () => (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(await scrape()).not.toMatch(/rxbridge_tracking_emails\{status="held"\}/);
    await t.ctx.db.transaction().execute((tx) => recordShipmentItems(t.ctx, tx, [item('MET-1')]));
    await t.ctx.db
      .updateTable('shipment_emails')
      .set({ created_at: new Date(Date.now() - 3600_000) })
      .execute();
    const body = await scrape();
    expect(body).toMatch(/rxbridge_tracking_emails\{status="held"\} 1/);
    const age = Number(/^rxbridge_tracking_email_oldest_unsent_age_seconds (\S+)$/m.exec(body)![1]);
    expect(age).toBeGreaterThan(3500);
    for (const name of [
      'rxbridge_tracking_messages',
      'rxbridge_tracking_aal_posts',
      'rxbridge_tracking_email_send_latency_seconds',
      'rxbridge_tracking_callback_lag_seconds',
      'rxbridge_tracking_duplicate_status_reports',
    ]) {
      expect(body).toContain(`# TYPE ${name} gauge`);
    }
  });
});
