/**
 * The whole event-bus path over the Kafka binary protocol: ingest-side outbox (real Postgres) →
 * relay with the real Kafka client → KafkaWireFake (TCP, Kafka protocol) → consumer group with the
 * real Kafka client → Postgres. Proves offsets are committed only after the database transaction,
 * and that a refused commit leads to redelivery without a second stored copy.
 */
import { sql } from 'kysely';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KafkaWireFake } from '../../../test/helpers/kafka-wire-fake.js';
import { useTestDatabase } from '../../../test/helpers/db.js';
import { createKafkaClient } from '../../integrations/event-bus/kafka-client.js';
import { dispenseEventId, type ShipmentItemEvent } from '../dispense-event.js';
import type { MessageOutcome } from './consumer.js';
import type { DispenseSink } from '../dispense-event.js';
import { busEventId } from './dispense-record.js';
import { startEventBus, type RunningEventBus } from './index.js';
import { enqueueDispenseOutbox } from './outbox.service.js';

const t = useTestDatabase({ config: { KAFKA_SCHEMA_ID: '100041' } });
const TOPIC = 'medication_dispense';
let fake: KafkaWireFake | undefined;
let bus: RunningEventBus | undefined;

let seq = 0;
const item = (icn: string): ShipmentItemEvent => {
  seq++;
  const rx = String(3_100_000 + seq);
  const trk = `1Z999AA1${String(seq).padStart(10, '0')}`;
  return {
    eventId: dispenseEventId({ stationNumber: '554', rxNumber: rx, fillNumber: 0, trackingNumber: trk }),
    patientIcn: icn,
    stationNumber: '554',
    trackingNumber: trk,
    carrier: 'UPS',
    shippedAt: null,
    rxNumber: rx,
    drugName: `DRUG ${seq}`,
  };
};
const sink: DispenseSink = async (_ctx, tx, events) => {
  for (const e of events) await sql`insert into wire_sink (event_id) values (${e.eventId})`.execute(tx);
};
const stored = async () => (await sql<{ event_id: string }>`select event_id from wire_sink order by id`.execute(t.ctx.db)).rows.map((r) => r.event_id);

async function waitFor(cond: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  await sql`create table wire_sink (id serial primary key, event_id text not null)`.execute(t.ctx.db);
});

afterEach(async () => {
  await bus?.stop();
  await fake?.stop();
  bus = undefined;
  fake = undefined;
  await sql`truncate wire_sink, event_bus_outbox, event_bus_inbox, event_bus_dead_letters`.execute(t.ctx.db);
});

async function start(outcomes: MessageOutcome[]) {
  fake = new KafkaWireFake({ saslMechanisms: ['PLAIN'], topics: { [TOPIC]: 2 } });
  await fake.start();
  const client = createKafkaClient({
    brokers: [`127.0.0.1:${fake.port}`],
    clientId: 'rxbridge',
    saslMechanism: 'plain',
    username: 'svc',
    password: 'pw',
    awsRegion: 'us-gov-west-1',
    ssl: false,
    retries: 0,
  });
  bus = await startEventBus(t.ctx, { client, sink, relayIntervalMs: 20, consumerOptions: { resubscribeDelayMs: 20, onCommitted: (o) => outcomes.push(o) } });
  return fake;
}

describe('event bus over the Kafka protocol', () => {
  it('outbox → relay → broker → consumer group → Postgres, offsets committed after storage', async () => {
    const outcomes: MessageOutcome[] = [];
    const broker = await start(outcomes);
    const items = [item('1012845331V153043'), item('1012845331V153043'), item('1012999999V000001')];
    await t.ctx.db.transaction().execute((tx) => enqueueDispenseOutbox(tx, items, { sourceMessageId: 'MSG-W1' }));
    await waitFor(() => outcomes.length === 3);

    expect((await stored()).sort()).toEqual(items.map((i) => busEventId(i.eventId)).sort());
    expect(await t.ctx.db.selectFrom('event_bus_outbox').select('id').where('published_at', 'is', null).execute()).toHaveLength(0);
    // Every commit the broker saw was for a message already in the inbox (stored first).
    const inbox = await t.ctx.db.selectFrom('event_bus_inbox').select(['kafka_partition', 'kafka_offset']).execute();
    for (const c of broker.commitRequests) {
      expect(inbox.some((i) => i.kafka_partition === c.partition && BigInt(i.kafka_offset) === c.offset - 1n)).toBe(true);
    }
    for (const p of [0, 1]) {
      const onPartition = broker.records.filter((r) => r.partition === p).length;
      if (onPartition) expect(broker.committed.get(`${t.ctx.config.KAFKA_GROUP_ID}|${TOPIC}|${p}`)).toBe(BigInt(onPartition));
    }
    // Values on the wire are Confluent-framed with the configured schema id.
    expect(broker.records.every((r) => r.value?.[0] === 0 && r.value.readUInt32BE(1) === 100041)).toBe(true);
  });

  it('a refused offset commit after storage: the consumer re-joins, gets the message again, stores nothing twice', async () => {
    const outcomes: MessageOutcome[] = [];
    const broker = await start(outcomes);
    broker.rejectCommits = 1;
    const one = item('1012845331V153043');
    await t.ctx.db.transaction().execute((tx) => enqueueDispenseOutbox(tx, [one]));
    await waitFor(() => outcomes.length === 1);

    expect(outcomes).toEqual(['duplicate']);
    expect(await stored()).toEqual([busEventId(one.eventId)]);
    expect(broker.commitRequests.map((c) => c.accepted)).toEqual([false, true]);
    expect(broker.requests.filter((r) => r.apiKey === 11).length).toBeGreaterThanOrEqual(2); // JoinGroup twice
  });
});
