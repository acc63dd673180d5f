/**
 * MHV cut-over per station, through the API: held shipments are sent once on go-live (those after
 * MHV stopped sending) or released to legacy on rollback — never both, never neither; unknown
 * stations are shown as unconfigured with their waiting shipments; every change is audited.
 */
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/helpers/app.js';
import type { ShipmentItemEvent } from '../dispense-event.js';
import { recordShipmentItems } from './shipments.service.js';

const t = useTestApp();
const ALEX = '1012345678V123456';
const item = (station: string, trk: string, rx: string): ShipmentItemEvent => ({
  eventId: `${station}:${rx}:0:${trk}`,
  patientIcn: ALEX,
  stationNumber: station,
  trackingNumber: trk,
  carrier: 'USPS',
  shippedAt: null,
  rxNumber: rx,
  drugName: 'X',
});
const record = (events: ShipmentItemEvent[]) => t.ctx.db.transaction().execute((tx) => recordShipmentItems(t.ctx, tx, events));
const statusOf = async (trk: string) =>
  await t.ctx.db
    .selectFrom('shipment_emails as e')
    .innerJoin('shipments as s', 's.id', 'e.shipment_id')
    .select(['e.status', 's.email_sender', 's.id'])
    .where('s.tracking_number', '=', trk)
    .executeTakeFirstOrThrow();
const sendJobs = async () =>
  Number((await sql<{ n: string }>`select count(*) as n from graphile_worker.jobs where task_identifier = 'send_shipment_email'`.execute(t.ctx.db)).rows[0]!.n);

let ops: Awaited<ReturnType<typeof t.signIn>>;
beforeAll(async () => {
  ops = await t.signIn('mock:ops');
});

describe('MHV cut-over', () => {
  it('an unknown station is "unconfigured, N shipments waiting", not silently legacy', async () => {
    await record([item('777', 'CUT-U1', '7770001'), item('777', 'CUT-U2', '7770002')]);
    expect((await statusOf('CUT-U1')).status).toBe('held');
    const { stations } = (await ops.get('/api/tracking/cutover')).body as { stations: Array<{ station_number: string; state: string; held: number }> };
    expect(stations.find((s) => s.station_number === '777')).toMatchObject({ state: 'unconfigured', held: 2 });
  });

  it('cannot jump to rxbridge: the direct switch is refused, confirmation needs cutover-pending and an explicit confirm', async () => {
    expect((await ops.request('PUT', '/api/tracking/stations/777/email-sender', { sender: 'va_notify' })).status).toBe(409);
    expect(
      (
        await ops.request('POST', '/api/tracking/stations/777/cutover', {
          action: 'confirm-mhv-off',
          mhvSendingOffAt: new Date().toISOString(),
          confirmMhvSendingOff: true,
        })
      ).status,
    ).toBe(409);
    expect((await ops.request('POST', '/api/tracking/stations/777/cutover', { action: 'begin' })).body).toMatchObject({
      ok: true,
      from: 'unconfigured',
      to: 'cutover-pending',
    });
    const missingConfirm = await ops.request('POST', '/api/tracking/stations/777/cutover', {
      action: 'confirm-mhv-off',
      mhvSendingOffAt: new Date().toISOString(),
    });
    expect(missingConfirm.status).toBe(400);
    expect(missingConfirm.body.errors[0].field).toContain('confirmMhvSendingOff');
  });

  it('go-live sends the held shipments created after MHV stopped, once, and releases the earlier ones to legacy', async () => {
    // CUT-U1/U2 were created before the cut-off below; CUT-U3 after it.
    const offAt = new Date(Date.now() - 1000);
    await new Promise((r) => setTimeout(r, 10));
    const before = new Date(Date.now() - 60_000);
    await t.ctx.db.updateTable('shipments').set({ created_at: before }).where('tracking_number', 'in', ['CUT-U1', 'CUT-U2']).execute();
    await record([item('777', 'CUT-U3', '7770003')]);
    expect((await statusOf('CUT-U3')).status).toBe('held'); // cutover-pending holds
    const jobsBefore = await sendJobs();
    const res = await ops.request('POST', '/api/tracking/stations/777/cutover', {
      action: 'confirm-mhv-off',
      mhvSendingOffAt: offAt.toISOString(),
      confirmMhvSendingOff: true,
    });
    expect(res.body).toMatchObject({ ok: true, from: 'cutover-pending', to: 'rxbridge', sentByRxbridge: 1, releasedToLegacy: 2 });
    expect(await statusOf('CUT-U3')).toMatchObject({ status: 'pending', email_sender: 'va_notify' });
    expect(await statusOf('CUT-U1')).toMatchObject({ status: 'suppressed', email_sender: 'mhv_legacy' });
    expect(await sendJobs()).toBe(jobsBefore + 1);
    // Never both: nothing is left held, and doing it again is refused.
    expect(
      (
        await ops.request('POST', '/api/tracking/stations/777/cutover', {
          action: 'confirm-mhv-off',
          mhvSendingOffAt: offAt.toISOString(),
          confirmMhvSendingOff: true,
        })
      ).status,
    ).toBe(409);
    // New shipments go straight to rxbridge.
    await record([item('777', 'CUT-U4', '7770004')]);
    expect((await statusOf('CUT-U4')).status).toBe('pending');
  });

  it('rollback of a pending cut-over releases every held shipment to legacy; the audit says who and what', async () => {
    expect((await ops.request('POST', '/api/tracking/stations/778/cutover', { action: 'set-legacy' })).body).toMatchObject({ ok: true, to: 'legacy' });
    await ops.request('POST', '/api/tracking/stations/778/cutover', { action: 'begin' });
    await record([item('778', 'CUT-R1', '7780001')]);
    expect((await statusOf('CUT-R1')).status).toBe('held');
    expect((await ops.request('POST', '/api/tracking/stations/778/cutover', { action: 'rollback' })).body).toMatchObject({
      ok: true,
      to: 'legacy',
      releasedToLegacy: 1,
      sentByRxbridge: 0,
    });
    expect(await statusOf('CUT-R1')).toMatchObject({ status: 'suppressed', email_sender: 'mhv_legacy' });
    const { audit } = (await ops.get('/api/tracking/cutover')).body as {
      audit: Array<{ station_number: string; action: string; changed_by: string; released_to_legacy: number }>;
    };
    expect(audit.filter((a) => a.station_number === '778').map((a) => a.action)).toEqual(['rollback', 'begin', 'set-legacy']);
    expect(audit.find((a) => a.action === 'rollback')).toMatchObject({ changed_by: await t.userId('mock:ops'), released_to_legacy: 1 });
    const alex = await t.signIn('mock:alex');
    expect((await alex.request('POST', '/api/tracking/stations/778/cutover', { action: 'begin' })).status).toBe(403);
  });
});
