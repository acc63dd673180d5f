/**
 * Batch ingest (one transaction per batch: messages stored with their outcome, events, shipments,
 * items and e-mail jobs written set-based) against the single path, message by message: the same
 * answers and the same stored rows, whatever the mix. Plus its own edges: a shipment that already
 * exists from an earlier batch, a failing transaction (the careful path takes over), the event-bus path.
 */
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/helpers/app.js';
import type { AppContext } from '../../platform/context.js';
import { dispenseSink, pipelineDeps } from '../pipeline.js';
import { ingestBatch, ingestMessage, type IngestInput, type IngestResult } from './ingest.service.js';

const TOKEN = 'test-ingest-token-0123456789abcdef0123';
const t = useTestApp({ config: { TRACKING_INGEST_TOKEN: TOKEN } });

beforeAll(async () => {
  await t.ctx.db
    .insertInto('station_email_senders')
    .values([{ station_number: '442', sender: 'va_notify', changed_by: 'test' }])
    .execute();
});

const ICN = '1012345678V123456';

/** One RDS^R06 message; `p` keeps each scenario's control ids and tracking numbers apart. */
function msg(p: string, ctl: string, trk: string, rx: string, o: { icn?: string | null; dispensed?: string } = {}): string {
  const icn = o.icn === undefined ? ICN : o.icn;
  return (
    [
      `MSH|^~\\&|CMOP|CMOP LEAVENWORTH^776|VISTA|442|20260614153000-0500||RDS^R06|${p}-${ctl}|P|2.3.1|||AL|AL`,
      `PID|1||${icn ? `${icn}^^^USVHA^NI~` : ''}7209^^^USVHA^PI^442||MORGAN^ALEX`,
      `ORC|OK|442-${rx}-1`,
      `RXD|1|4006^LISINOPRIL 10MG TAB^L|${o.dispensed ?? '20260614101500-0500'}|90|||${rx}|||PH123`,
      `ZR2|USPS|${p}TRK${trk}|${rx}`,
    ].join('\r') + '\r'
  );
}

/** A first delivery and a second one, mixing every case ingest distinguishes. */
function scenario(p: string): { first: string[]; second: string[] } {
  const valid1 = msg(p, 'X1', '1', '3000001');
  return {
    first: [
      valid1,
      msg(p, 'X2', '1', '3000002'), // same parcel as X1: one shipment, two items, one e-mail job
      valid1, // duplicate inside the batch
      msg(p, 'X3', '3', '3000003', { icn: null }), // decoded, refused by the pipeline (AE MISSING_ICN)
      msg(p, 'X4', '4', '3000004', { dispensed: 'NOT-A-DATE' }), // not decodable (AE BAD_VALUE RXD-3)
      `hello ${p}`, // no MSH, no control id (AR)
      msg(p, 'X1', '9', '3000009'), // reused control id, different content, inside the batch
    ],
    second: [
      valid1, // duplicate of a message accepted by the earlier batch
      msg(p, 'X3', '3', '3000003'), // corrected resend of the rejected X3: replaces it and is accepted
      msg(p, 'X4', '4', '3000004', { dispensed: 'STILL-BAD' }), // resend of a rejected message, still undecodable
      msg(p, 'X5', '1', '3000005'), // a new item for the shipment created by the first batch
      msg(p, 'X2', '7', '3000007'), // reused control id of an accepted message from the earlier batch
    ],
  };
}

const inputs = (raws: string[]): IngestInput[] => raws.map((raw) => ({ raw, format: 'hl7v2', source: 'cli' }));
const answer = (r: IngestResult) => ({
  ack: r.ack,
  duplicate: r.duplicate,
  newEvents: r.newEvents,
  errorCode: r.errorCode ?? null,
  errorLocation: r.errorLocation ?? null,
  text: r.text,
  warnings: r.warnings ?? [],
  stored: r.messageId !== null,
});

async function storedState(p: string) {
  const strip = (s: string | null) => s?.replaceAll(p, 'P') ?? null;
  const rows = await sql<{
    control_id: string | null;
    raw: Buffer;
    status: string;
    error_code: string | null;
    error_message: string | null;
    error_location: string | null;
    events_count: number;
    duplicate_count: number;
    warnings: string[];
    processed: boolean;
  }>`
    select control_id, raw, status, error_code, error_message, error_location, events_count, duplicate_count, warnings, processed_at is not null as processed
    from dispense_messages where convert_from(raw, 'UTF8') like ${`%${p}%`}`.execute(t.ctx.db);
  const messages = rows.rows
    .map((r) => ({ ...r, control_id: strip(r.control_id), raw: strip(r.raw.toString('utf8')) }))
    .sort((a, b) => `${a.control_id}${a.raw}`.localeCompare(`${b.control_id}${b.raw}`));
  const shipments = await sql<{ tracking: string; items: number; jobs: number; email: string }>`
    select s.tracking_number as tracking, (select count(*) from shipment_items i where i.shipment_id = s.id)::int as items,
           (select count(*) from graphile_worker.jobs j where j.task_identifier = 'send_shipment_email' and j.key = 'shipment-email:' || s.id::text)::int as jobs,
           e.status as email
    from shipments s join shipment_emails e on e.shipment_id = s.id where s.tracking_number like ${`${p}TRK%`} order by 1`.execute(t.ctx.db);
  const events = await sql<{ n: number }>`select count(*)::int as n from dispense_events where tracking_number like ${`${p}TRK%`}`.execute(t.ctx.db);
  return { messages, shipments: shipments.rows.map((s) => ({ ...s, tracking: strip(s.tracking) })), events: events.rows[0]!.n };
}

describe('batch ingest', () => {
  it('answers and stores exactly like one-by-one ingest: valid, invalid, undecodable, duplicates inside and across batches, reused ids, corrected resends, an existing shipment', async () => {
    const one = scenario('ONE');
    const single: IngestResult[] = [];
    for (const raw of [...one.first, ...one.second])
      single.push(await ingestMessage(t.ctx, { raw, format: 'hl7v2', source: 'cli' }, pipelineDeps(t.ctx, 'hl7v2')));

    const bat = scenario('BAT');
    const batch = [
      ...(await ingestBatch(t.ctx, inputs(bat.first), pipelineDeps(t.ctx, 'hl7v2'))),
      ...(await ingestBatch(t.ctx, inputs(bat.second), pipelineDeps(t.ctx, 'hl7v2'))),
    ];

    expect(batch.map(answer)).toEqual(single.map(answer));
    // The cases are what they claim to be.
    // (a corrected resend is answered like a repeat of the control id that brought new events: duplicate, 1 new event)
    expect(batch.map((r) => r.errorCode ?? (r.duplicate ? `dup+${r.newEvents}` : r.ack))).toEqual([
      'AA',
      'AA',
      'dup+0',
      'MISSING_ICN',
      'BAD_VALUE',
      'NO_MSH',
      'CONTROL_ID_REUSED',
      'dup+0',
      'dup+1',
      'BAD_VALUE',
      'AA',
      'CONTROL_ID_REUSED',
    ]);
    expect(batch[2]!.messageId).toBe(batch[0]!.messageId);

    const [s, b] = [await storedState('ONE'), await storedState('BAT')];
    expect(b).toEqual(s);
    // One shipment for X1, X2 and X5 (three items, one debounced e-mail job), one for the corrected X3.
    expect(b.shipments).toEqual([
      { tracking: 'PTRK1', items: 3, jobs: 1, email: 'pending' },
      { tracking: 'PTRK3', items: 1, jobs: 1, email: 'pending' },
    ]);
    expect(b.events).toBe(4);
    const x1 = b.messages.find((m) => m.control_id === 'P-X1')!;
    expect(x1).toMatchObject({ status: 'accepted', duplicate_count: 2, events_count: 1, processed: true });
    expect(b.messages.find((m) => m.control_id === 'P-X4')).toMatchObject({ status: 'rejected', error_code: 'BAD_VALUE', error_location: 'RXD-3' });
  });

  it('when the one-transaction path fails, nothing is half-written: the careful path stores and processes every message once', async () => {
    let calls = 0;
    const flaky = {
      ...pipelineDeps(t.ctx, 'hl7v2'),
      sink: async (ctx: AppContext, tx: Parameters<ReturnType<typeof dispenseSink>>[1], items: Parameters<ReturnType<typeof dispenseSink>>[2]) => {
        if (calls++ === 0) throw new Error('simulated failure inside the batch transaction');
        return dispenseSink(ctx)(ctx, tx, items);
      },
    };
    const raws = [msg('FLK', 'A', '1', '3100001'), msg('FLK', 'B', '2', '3100002'), msg('FLK', 'C', '3', '3100003', { icn: null })];
    const results = await ingestBatch(t.ctx, inputs(raws), flaky);
    expect(results.map((r) => r.errorCode ?? r.ack)).toEqual(['AA', 'AA', 'MISSING_ICN']);
    expect(calls).toBe(2);
    const state = await storedState('FLK');
    expect(state.messages.map((m) => [m.control_id, m.status, m.duplicate_count])).toEqual([
      ['P-A', 'accepted', 0],
      ['P-B', 'accepted', 0],
      ['P-C', 'rejected', 0],
    ]);
    expect(state.shipments.map((x) => [x.tracking, x.items, x.jobs])).toEqual([
      ['PTRK1', 1, 1],
      ['PTRK2', 1, 1],
    ]);
  });

  it('on the event-bus path, a batch writes the outbox (one row per new item) in its transaction instead of grouping', async () => {
    const ctx = { ...t.ctx, config: { ...t.ctx.config, TRACKING_PATH: 'event_bus' as const } };
    const before = Number((await sql<{ n: string }>`select count(*) as n from event_bus_outbox`.execute(t.ctx.db)).rows[0]!.n);
    const raws = [msg('BUSB', 'A', '1', '3200001'), msg('BUSB', 'B', '1', '3200002'), msg('BUSB', 'A', '1', '3200001')];
    const results = await ingestBatch(ctx, inputs(raws), pipelineDeps(ctx, 'hl7v2'));
    expect(results.map((r) => [r.ack, r.duplicate, r.newEvents])).toEqual([
      ['AA', false, 1],
      ['AA', false, 1],
      ['AA', true, 0],
    ]);
    const after = Number((await sql<{ n: string }>`select count(*) as n from event_bus_outbox`.execute(t.ctx.db)).rows[0]!.n);
    expect(after - before).toBe(2);
    expect((await storedState('BUSB')).shipments).toEqual([]);
  });

  it('an HTTP batch file goes through batch ingest: one answer per message, in order, a repeat inside the file answered like its first', async () => {
    const a = msg('HTTPB', 'A', '1', '3300001');
    const file = [a, msg('HTTPB', 'B', '2', '3300002', { icn: null }), a, msg('HTTPB', 'C', '1', '3300003')].join('');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/tracking/hl7',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/plain' },
      payload: file,
    });
    expect(res.statusCode).toBe(200);
    const results = res.json<{ results: Array<{ ack: string; duplicate: boolean; errorLocation?: string | null }> }>().results;
    expect(results.map((r) => [r.ack, r.duplicate, r.errorLocation ?? null])).toEqual([
      ['AA', false, null],
      ['AE', false, 'PID-3'],
      ['AA', true, null],
      ['AA', false, null],
    ]);
    const state = await storedState('HTTPB');
    expect(state.messages.map((m) => [m.control_id, m.status, m.duplicate_count])).toEqual([
      ['P-A', 'accepted', 1],
      ['P-B', 'rejected', 0],
      ['P-C', 'accepted', 0],
    ]);
    expect(state.shipments.map((x) => [x.tracking, x.items, x.jobs])).toEqual([['PTRK1', 2, 1]]);
  });
});
