/**
 * The tracking ops endpoints answer through their shared response schemas
 * (src/shared/api/tracking.ts): timestamps as ISO strings, only the declared fields (no patient
 * identifiers, no message content), and each answer is what the ops page reads.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/helpers/app.js';
import { cutoverResponse, messagesResponse, overviewResponse, shipmentsResponse } from '../shared/api/tracking.js';
import { ingestMessage } from './ingest/ingest.service.js';
import { pipelineDeps } from './pipeline.js';

const t = useTestApp();
const hl7 = (name: string) => readFileSync(new URL(`./ingest/hl7/__fixtures__/${name}`, import.meta.url), 'latin1');
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const TRACKING = '1Z999AA10123456784';

let ops: Awaited<ReturnType<typeof t.signIn>>;
let emailId: string;
beforeAll(async () => {
  ops = await t.signIn('mock:ops');
  await t.ctx.db
    .insertInto('station_email_senders')
    .values({ station_number: '442', sender: 'va_notify', changed_by: 'test' })
    .onConflict((oc) => oc.doNothing())
    .execute();
  for (const f of ['rds-r06-two-rx.hl7', 'missing-icn.hl7'])
    await ingestMessage(t.ctx, { raw: hl7(f), format: 'hl7v2', source: 'cli' }, pipelineDeps(t.ctx, 'hl7v2'));
  emailId = (
    await t.ctx.db
      .selectFrom('shipment_emails as e')
      .innerJoin('shipments as s', 's.id', 'e.shipment_id')
      .select('e.id')
      .where('s.tracking_number', '=', TRACKING)
      .executeTakeFirstOrThrow()
  ).id;
  for (const set of [
    { status: 'submitting' },
    { status: 'created', notification_id: '33333333-2222-4333-8444-555555555555' },
    { status: 'temporary-failure', status_reason: 'Retryable' },
  ] as const)
    await t.ctx.db.updateTable('shipment_emails').set(set).where('id', '=', emailId).execute();
});

describe('tracking ops endpoints answer through their response schemas', () => {
  it('overview: counts per status and the soft-failed e-mail with an ISO updated_at', async () => {
    const res = await ops.get('/api/tracking/overview');
    expect(res.status).toBe(200);
    const body = overviewResponse.parse(res.body);
    expect(body.messages.map((m) => m.status)).toEqual(expect.arrayContaining(['accepted', 'rejected']));
    expect(body.softFailedEmails).toEqual([
      expect.objectContaining({ id: emailId, station_number: '442', status: 'temporary-failure', status_reason: 'Retryable' }),
    ]);
    expect(body.softFailedEmails[0]!.updated_at).toMatch(ISO);
  });

  it('messages: no content, ISO timestamps, the rejected one names the field', async () => {
    const res = await ops.get('/api/tracking/messages?status=rejected');
    expect(res.status).toBe(200);
    const { messages } = messagesResponse.parse(res.body);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ status: 'rejected', error_code: 'MISSING_ICN', format: 'hl7v2' });
    expect(messages[0]!.received_at).toMatch(ISO);
    expect(Object.keys(res.body.messages[0] as object).sort()).toEqual(Object.keys(messagesResponse.shape.messages.element.shape).sort());
    expect(JSON.stringify(res.body)).not.toMatch(/MSH\||raw|content_sha256/);
  });

  it('shipments: e-mail and AAL state without patient identifiers', async () => {
    const res = await ops.get('/api/tracking/shipments?limit=10');
    expect(res.status).toBe(200);
    const { shipments } = shipmentsResponse.parse(res.body);
    const s = shipments.find((x) => x.tracking_number === TRACKING);
    expect(s).toMatchObject({ station_number: '442', email_status: 'temporary-failure', items: 2, email_sender: 'va_notify' });
    expect(s!.created_at).toMatch(ISO);
    expect(JSON.stringify(res.body)).not.toMatch(/patient_icn|1012345678V123456/);
  });

  it('cut-over: stations and audit with ISO instants; an applied action and a re-send answer their shapes', async () => {
    const begin = await ops.request('POST', '/api/tracking/stations/779/cutover', { action: 'begin' });
    expect(begin.status).toBe(200);
    expect(begin.body).toEqual({ ok: true, from: 'unconfigured', to: 'cutover-pending', sentByRxbridge: 0, releasedToLegacy: 0 });
    const res = await ops.get('/api/tracking/cutover');
    expect(res.status).toBe(200);
    const { stations, audit } = cutoverResponse.parse(res.body);
    expect(stations.find((x) => x.station_number === '779')).toMatchObject({ state: 'cutover-pending', held: 0, mhv_sending_off_at: null });
    expect(stations.find((x) => x.station_number === '779')!.changed_at).toMatch(ISO);
    expect(audit[0]).toMatchObject({ station_number: '779', action: 'begin', from_state: 'unconfigured', to_state: 'cutover-pending' });
    expect(audit[0]!.changed_at).toMatch(ISO);

    const resend = await ops.request('POST', `/api/tracking/emails/${emailId}/resend`, {});
    expect(resend.status).toBe(200);
    expect(resend.body).toEqual({ id: emailId, resend: 'scheduled' });
  });
});
