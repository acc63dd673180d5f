/**
 * Event-bus path against real Postgres and the in-process broker (InMemoryBroker, behind the same
 * EventBusClient interface as the Kafka client): outbox atomicity, relay ordering and ack handling,
 * consumer de-duplication, offsets committed only after storage, dead letters, and the real
 * grouping sink. No Kafka wire protocol is exercised here (see README: event bus, what is tested).
 */
import { sql } from 'kysely';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/helpers/db.js';
import { InMemoryBroker } from '../../integrations/event-bus/in-memory-broker.js';
import { encodeWire } from '../../integrations/event-bus/confluent-wire.js';
import type { Tx } from '../../platform/db/pool.js';
import { dispenseEventId, type ShipmentItemEvent } from '../dispense-event.js';
import { startDispenseConsumer, type MessageOutcome } from './consumer.js';
import type { DispenseSink } from '../dispense-event.js';
import { busEventId, decodeDispenseValue, acceptedSchemaIds, messageKeyFor } from './dispense-record.js';
import { startEventBus } from './index.js';
import { enqueueDispenseOutbox, relayOutboxOnce } from './outbox.service.js';

const t = useTestDatabase({ config: { KAFKA_TOPIC: 'medication_dispense', KAFKA_SCHEMA_ID: '100041' } });
const TOPIC = 'medication_dispense';

let seq = 0;
function item(patientIcn = '1012845331V153043', over: Partial<ShipmentItemEvent> = {}): ShipmentItemEvent {
  seq++;
  const rxNumber = String(2_700_000 + seq);
  const trackingNumber = over.trackingNumber ?? `9400111899223${String(seq).padStart(9, '0')}`;
  return {
    eventId: dispenseEventId({ stationNumber: '442', rxNumber, fillNumber: 0, trackingNumber }),
    patientIcn,
    stationNumber: '442',
    trackingNumber,
    carrier: 'USPS',
    shippedAt: new Date('2026-06-14T18:30:00Z'),
    rxNumber,
    drugName: `DRUG ${seq}`,
    ...over,
  };
}

/** A sink that writes to a real table, so "stored" means committed rows, not a mock's memory. */
const tableSink: DispenseSink = async (_ctx, tx: Tx, events) => {
  for (const e of events) {
    await sql`insert into test_sink_items (event_id, rx_last4, drug_name) values (${e.eventId}, ${e.rxNumber}, ${e.drugName})`.execute(tx);
  }
};
const sinkRows = async () =>
  (
    await sql<{ event_id: string; rx_last4: string; drug_name: string }>`select event_id, rx_last4, drug_name from test_sink_items order by id`.execute(
      t.ctx.db,
    )
  ).rows;

async function commitEnqueue(events: ShipmentItemEvent[], sourceMessageId?: string) {
  return t.ctx.db.transaction().execute((tx) => enqueueDispenseOutbox(tx, events, sourceMessageId ? { sourceMessageId } : {}));
}

async function waitFor(cond: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  await sql`create table test_sink_items (id serial primary key, event_id text not null, rx_last4 text not null, drug_name text not null)`.execute(t.ctx.db);
  await t.ctx.db.insertInto('station_email_senders').values({ station_number: '442', sender: 'va_notify', changed_by: 'test' }).execute();
});

beforeEach(async () => {
  await sql`truncate event_bus_outbox, event_bus_inbox, event_bus_dead_letters, test_sink_items`.execute(t.ctx.db);
});

describe('transactional outbox', () => {
  it('writes rows only when the ingest transaction commits, and skips replays of the same dispense', async () => {
    const a = item();
    await expect(
      t.ctx.db.transaction().execute(async (tx) => {
        await enqueueDispenseOutbox(tx, [a]);
        throw new Error('ingest failed after enqueue');
      }),
    ).rejects.toThrow('ingest failed');
    expect(await t.ctx.db.selectFrom('event_bus_outbox').select('id').execute()).toHaveLength(0);

    expect(await commitEnqueue([a], 'MSG-1')).toEqual({ enqueued: 1, duplicates: 0 });
    expect(await commitEnqueue([a, item()], 'MSG-1')).toEqual({ enqueued: 1, duplicates: 1 });
    const rows = await t.ctx.db.selectFrom('event_bus_outbox').selectAll().orderBy('id').execute();
    expect(rows[0]).toMatchObject({ event_id: busEventId(a.eventId), message_key: messageKeyFor(a.patientIcn), published_at: null });
    expect(rows[0]!.payload).toMatchObject({ rx_number_last4: a.rxNumber.slice(-4), source_message_id: 'MSG-1' });
    // The outbox keeps only the last 4 of the Rx number.
    expect(JSON.stringify(rows[0]!.payload)).not.toContain(a.rxNumber);
  });
});

describe('relay', () => {
  it('publishes pending rows in order, per-patient on one partition, and marks them only after the ack', async () => {
    const broker = new InMemoryBroker(4);
    const alex = ['1012845331V153043', item('1012845331V153043'), item('1012845331V153043'), item('1012845331V153043')] as const;
    const other = item('1012999999V000001');
    await commitEnqueue([alex[1], other]);
    await commitEnqueue([alex[2], alex[3]]);

    broker.failNextSends(1);
    const failed = await relayOutboxOnce(t.ctx, broker.client());
    expect(failed).toMatchObject({ published: 0, error: expect.stringMatching(/not acknowledge/) });
    const pending = await t.ctx.db.selectFrom('event_bus_outbox').select(['published_at', 'attempts', 'last_error']).execute();
    expect(pending.every((r) => r.published_at === null && r.attempts === 1 && r.last_error)).toBe(true);
    expect(broker.messages(TOPIC)).toHaveLength(0);

    expect(await relayOutboxOnce(t.ctx, broker.client())).toMatchObject({ published: 4 });
    expect(await t.ctx.db.selectFrom('event_bus_outbox').select('id').where('published_at', 'is', null).execute()).toHaveLength(0);
    expect(await relayOutboxOnce(t.ctx, broker.client())).toMatchObject({ published: 0 });

    const onBus = broker.messages(TOPIC);
    expect(onBus).toHaveLength(4);
    const ids = acceptedSchemaIds(t.ctx.config);
    const alexMessages = onBus.filter((m) => m.key?.toString() === messageKeyFor(alex[0]));
    expect(new Set(alexMessages.map((m) => m.partition)).size).toBe(1);
    const decodedAlex = alexMessages.map((m) => decodeDispenseValue(m.value, ids)).map((d) => (d.ok ? d.record.drug_name : d.detail));
    expect(decodedAlex).toEqual([alex[1].drugName, alex[2].drugName, alex[3].drugName]);
    expect(onBus.every((m) => m.value.readUInt32BE(1) === 100041)).toBe(true);
    // The ICN never appears in a key.
    expect(onBus.some((m) => m.key?.toString().includes('V153043'))).toBe(false);
  });

  it('lets only one relay publish at a time', async () => {
    const broker = new InMemoryBroker();
    await commitEnqueue([item()]);
    const holder = await t.ctx.pool.connect();
    try {
      await holder.query('begin');
      await holder.query(`select pg_advisory_xact_lock(hashtext('rxbridge:event_bus_outbox_relay'))`);
      expect(await relayOutboxOnce(t.ctx, broker.client())).toMatchObject({ locked: true, published: 0 });
      await holder.query('rollback');
    } finally {
      holder.release();
    }
    expect(await relayOutboxOnce(t.ctx, broker.client())).toMatchObject({ locked: false, published: 1 });
  });
});

describe('consumer', () => {
  it('end to end: outbox → relay → consumer → sink; offsets committed after storage; duplicates on the bus are harmless', async () => {
    const broker = new InMemoryBroker(2);
    const events = [item(), item(), item('1012999999V000001')];
    await commitEnqueue(events);
    await relayOutboxOnce(t.ctx, broker.client());
    // At-least-once: the relay crashed after the ack but before marking, and published again.
    await sql`update event_bus_outbox set published_at = null`.execute(t.ctx.db);
    await relayOutboxOnce(t.ctx, broker.client());
    expect(broker.messages(TOPIC)).toHaveLength(6);

    const outcomes: MessageOutcome[] = [];
    const consumer = startDispenseConsumer(t.ctx, { client: broker.client(), sink: tableSink, onCommitted: (o) => outcomes.push(o) });
    await waitFor(() => outcomes.length === 6);
    await consumer.stop();

    expect(outcomes.filter((o) => o === 'processed')).toHaveLength(3);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(3);
    const stored = await sinkRows();
    expect(stored.map((r) => r.event_id).sort()).toEqual(events.map((e) => busEventId(e.eventId)).sort());
    expect(stored.every((r) => r.rx_last4.length === 4)).toBe(true);
    for (const p of [0, 1]) {
      const count = broker.messages(TOPIC).filter((m) => m.partition === p).length;
      expect(broker.committedOffset(t.ctx.config.KAFKA_GROUP_ID, TOPIC, p) ?? 0n).toBe(BigInt(count));
    }
  });

  it('crash after storing but before the offset commit: the message is redelivered and not stored twice', async () => {
    const broker = new InMemoryBroker(1);
    await commitEnqueue([item()]);
    await relayOutboxOnce(t.ctx, broker.client());
    broker.failNextCommits(1);

    const outcomes: MessageOutcome[] = [];
    const consumer = startDispenseConsumer(t.ctx, { client: broker.client(), sink: tableSink, resubscribeDelayMs: 10, onCommitted: (o) => outcomes.push(o) });
    await waitFor(() => outcomes.length === 1);
    await consumer.stop();

    // The first pass stored the item, its commit failed; the re-joined member got it again.
    expect(outcomes).toEqual(['duplicate']);
    expect(await sinkRows()).toHaveLength(1);
    expect(await t.ctx.db.selectFrom('event_bus_inbox').select('event_id').execute()).toHaveLength(1);
    expect(broker.committedOffset(t.ctx.config.KAFKA_GROUP_ID, TOPIC, 0)).toBe(1n);
  });

  it('a consumer stopped before committing leaves the message to the next one, which stores it once', async () => {
    const broker = new InMemoryBroker(1);
    await commitEnqueue([item(), item()]);
    await relayOutboxOnce(t.ctx, broker.client());
    // First member: processes message 0, commit refused (dies), is stopped.
    broker.failNextCommits(1);
    const first = startDispenseConsumer(t.ctx, { client: broker.client(), sink: tableSink, resubscribeDelayMs: 60_000 });
    await waitFor(async () => (await sinkRows()).length === 1);
    await first.stop();
    expect(broker.committedOffset(t.ctx.config.KAFKA_GROUP_ID, TOPIC, 0)).toBeUndefined();

    const outcomes: MessageOutcome[] = [];
    const second = startDispenseConsumer(t.ctx, { client: broker.client(), sink: tableSink, onCommitted: (o) => outcomes.push(o) });
    await waitFor(() => outcomes.length === 2);
    await second.stop();
    expect(outcomes).toEqual(['duplicate', 'processed']);
    expect(await sinkRows()).toHaveLength(2);
  });

  it('dead-letters bad messages (stored before the offset is committed) and carries on', async () => {
    const broker = new InMemoryBroker(1);
    broker.append(TOPIC, { key: null, value: Buffer.from('{"not":"avro"}') });
    broker.append(TOPIC, { key: null, value: encodeWire(4242, Buffer.from([0x02])) });
    broker.append(TOPIC, { key: null, value: encodeWire(100041, Buffer.from([0x02, 0x41])) });
    await commitEnqueue([item()]);
    await relayOutboxOnce(t.ctx, broker.client());

    const outcomes: MessageOutcome[] = [];
    const consumer = startDispenseConsumer(t.ctx, { client: broker.client(), sink: tableSink, onCommitted: (o) => outcomes.push(o) });
    await waitFor(() => outcomes.length === 4);
    await consumer.stop();

    expect(outcomes).toEqual(['dead_letter', 'dead_letter', 'dead_letter', 'processed']);
    const dead = await t.ctx.db.selectFrom('event_bus_dead_letters').select(['kafka_offset', 'reason', 'message_value']).orderBy('kafka_offset').execute();
    expect(dead.map((d) => [d.kafka_offset, d.reason])).toEqual([
      [0, 'bad_magic_byte'],
      [1, 'unknown_schema_id'],
      [2, 'undecodable'],
    ]);
    expect(dead[0]!.message_value.toString()).toBe('{"not":"avro"}');
    expect(broker.committedOffset(t.ctx.config.KAFKA_GROUP_ID, TOPIC, 0)).toBe(4n);
    expect(await sinkRows()).toHaveLength(1);
  });

  it('retries a failing sink in a fresh transaction, and dead-letters after the last attempt', async () => {
    const broker = new InMemoryBroker(1);
    await commitEnqueue([item(), item()]);
    await relayOutboxOnce(t.ctx, broker.client());
    let calls = 0;
    // Writes, then fails: the write and the inbox claim must roll back together.
    const flaky: DispenseSink = async (ctx, tx, events) => {
      calls++;
      await tableSink(ctx, tx, events);
      if (events[0]!.drugName === first || calls < 3) throw new Error('grouping failed');
    };
    const first = (await t.ctx.db.selectFrom('event_bus_outbox').select('payload').orderBy('id').executeTakeFirstOrThrow()).payload.drug_name;
    const outcomes: MessageOutcome[] = [];
    const consumer = startDispenseConsumer(t.ctx, {
      client: broker.client(),
      sink: flaky,
      maxSinkAttempts: 3,
      retryDelayMs: 1,
      onCommitted: (o) => outcomes.push(o),
    });
    await waitFor(() => outcomes.length === 2);
    await consumer.stop();

    expect(outcomes).toEqual(['dead_letter', 'processed']);
    const stored = await sinkRows();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.drug_name).not.toBe(first);
    const dead = await t.ctx.db.selectFrom('event_bus_dead_letters').select(['reason', 'detail']).execute();
    expect(dead).toEqual([{ reason: 'sink_failed', detail: 'grouping failed' }]);
    // Only the processed event is claimed in the inbox; the failed one can be replayed from the dead letter.
    expect(await t.ctx.db.selectFrom('event_bus_inbox').select('event_id').execute()).toHaveLength(1);
  });
});

describe('startEventBus with the default sink (grouping pipeline)', () => {
  it('turns two items of one parcel into one shipment with one debounced e-mail job', async () => {
    const broker = new InMemoryBroker(2);
    const parcel = '9400111899223000000777';
    const items = [item('1012845331V153043', { trackingNumber: parcel }), item('1012845331V153043', { trackingNumber: parcel })];
    const outcomes: MessageOutcome[] = [];
    const bus = await startEventBus(t.ctx, { client: broker.client(), relayIntervalMs: 20, consumerOptions: { onCommitted: (o) => outcomes.push(o) } });
    try {
      await commitEnqueue(items, 'MSG-PARCEL');
      await waitFor(() => outcomes.length === 2);
    } finally {
      await bus.stop();
    }
    expect(outcomes).toEqual(['processed', 'processed']);
    const shipments = await t.ctx.db.selectFrom('shipments').select(['id', 'patient_icn']).where('tracking_number', '=', parcel).execute();
    expect(shipments).toHaveLength(1);
    const itemsStored = await sql<{ n: number }>`select count(*)::int as n from shipment_items where shipment_id = ${shipments[0]!.id}`.execute(t.ctx.db);
    expect(itemsStored.rows[0]!.n).toBe(2);
    const jobs = await sql<{ key: string }>`select key from graphile_worker._private_jobs where key = ${`shipment-email:${shipments[0]!.id}`}`.execute(
      t.ctx.db,
    );
    expect(jobs.rows).toHaveLength(1);
  });
});
