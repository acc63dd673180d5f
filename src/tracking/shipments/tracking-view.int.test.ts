/** The Veteran's view of a prescription's latest shipment, through GET /api/medications/:id. */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/helpers/app.js';
import { pipelineDeps } from '../pipeline.js';
import { ingestMessage } from '../ingest/ingest.service.js';

const t = useTestApp();
const hl7 = (name: string) => readFileSync(new URL(`../ingest/hl7/__fixtures__/${name}`, import.meta.url), 'latin1');
let lisinopril: string;

beforeAll(async () => {
  for (const f of ['rds-r06-single.hl7', 'rds-r06-two-rx.hl7']) {
    expect((await ingestMessage(t.ctx, { raw: hl7(f), format: 'hl7v2', source: 'cli' }, pipelineDeps(t.ctx, 'hl7v2'))).ack).toBe('AA');
  }
  lisinopril = (await t.ctx.db.selectFrom('prescriptions').select('id').where('rx_number', '=', '2719547').executeTakeFirstOrThrow()).id;
});

describe('tracking on the Medications detail page', () => {
  it('shows the latest shipment of the prescription and the other prescriptions in the package', async () => {
    const alex = await t.signIn('mock:alex');
    const res = await alex.get(`/api/medications/${lisinopril}`);
    expect(res.status).toBe(200);
    // Fill 2 (UPS) and fill 1 (USPS) left the same minute; the later-recorded dispense is the latest.
    expect(res.body.tracking).toEqual({
      trackingNumber: '1Z999AA10123456784',
      carrier: 'UPS',
      trackingUrl: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
      shippedAt: '2026-06-14T15:15:00.000Z',
      otherPrescriptions: [{ rxLast4: '6412', medicationName: 'METFORMIN HCL 500MG TAB' }],
    });
  });

  it('is null for prescriptions never shipped, and another Veteran cannot read it at all', async () => {
    const alex = await t.signIn('mock:alex');
    const other = (await t.ctx.db.selectFrom('prescriptions').select('id').where('rx_number', '=', '2719536').executeTakeFirstOrThrow()).id;
    expect((await alex.get(`/api/medications/${other}`)).body.tracking).toBeNull();
    const jordan = await t.signIn('mock:jordan');
    expect((await jordan.get(`/api/medications/${lisinopril}`)).status).toBe(404);
  });

  it('gives the list cards their "Shipped on" date, only for the shipped prescriptions and only to their Veteran', async () => {
    const alex = await t.signIn('mock:alex');
    const meds = (await alex.get('/api/medications?perPage=100')).body.medications as any[];
    const shipped = Object.fromEntries(meds.filter((m) => m.shippedAt).map((m) => [m.rxNumber, m.shippedAt]));
    // The fixture's Metformin fill comes from station 442; Alex's Metformin is 554's 3636412, so only Lisinopril matches.
    expect(shipped).toEqual({ '2719547': '2026-06-14T15:15:00.000Z' });
    const jordan = await t.signIn('mock:jordan');
    expect(((await jordan.get('/api/medications')).body.medications as any[]).every((m) => m.shippedAt === null)).toBe(true);
  });

  it('list card and details page agree on the latest ship date; a later package moves it, a cancelled one does not', async () => {
    const alex = await t.signIn('mock:alex');
    const shippedOnList = async () =>
      ((await alex.get('/api/medications?perPage=100')).body.medications as any[]).find((m) => m.rxNumber === '2719547').shippedAt as string;
    const shippedOnDetails = async () => (await alex.get(`/api/medications/${lisinopril}`)).body.tracking.shippedAt as string;
    expect(await shippedOnList()).toBe(await shippedOnDetails());
    const { icn } = await t.ctx.db.selectFrom('patients').select('icn').where('first_name', '=', 'Alex').executeTakeFirstOrThrow();
    const messageId = (await t.ctx.db.selectFrom('dispense_messages').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
    const addPackage = async (tracking: string, shippedAt: string, status: 'dispensed' | 'cancelled', fill: number) => {
      await t.ctx.db
        .insertInto('shipments')
        .values({
          patient_icn: icn,
          tracking_number: tracking,
          carrier: 'USPS',
          station_number: '442',
          shipped_at: new Date(shippedAt),
          email_sender: 'va_notify',
        })
        .execute();
      await t.ctx.db
        .insertInto('dispense_events')
        .values({
          message_id: messageId,
          patient_icn: icn,
          station_number: '442',
          rx_number: '2719547',
          fill_number: fill,
          drug_name: 'LISINOPRIL 10MG TAB',
          shipped_at: new Date(shippedAt),
          tracking_number: tracking,
          status,
        })
        .execute();
    };
    await addPackage('9400100000000000000011', '2026-06-15T09:00:00.000Z', 'dispensed', 3);
    await addPackage('9400100000000000000012', '2026-06-15T12:00:00.000Z', 'cancelled', 4);
    expect(await shippedOnList()).toBe('2026-06-15T09:00:00.000Z');
    expect(await shippedOnDetails()).toBe('2026-06-15T09:00:00.000Z');
  });
});
