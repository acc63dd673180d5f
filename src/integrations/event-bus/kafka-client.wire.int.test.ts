/**
 * The real Kafka client (our adapter over @platformatic/kafka) against KafkaWireFake, a broker
 * speaking the Kafka binary protocol over TCP for the producer subset (SASL, ApiVersions,
 * Metadata, Produce). Covers: SASL PLAIN and OAUTHBEARER with the MSK IAM token as bytes on the
 * wire, acks=all, Confluent-framed values and keys as produced, same key → same partition, and a
 * broker that does not acknowledge, the Java partition for a key; consumer group over the wire:
 * committed offsets stored with Kafka's meaning (next offset to read) and resumed from. Not
 * covered: TLS, several live group members, a real MSK (see README).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { KafkaWireFake } from '../../../test/helpers/kafka-wire-fake.js';
import { createKafkaClient, type KafkaConnectionSettings } from './kafka-client.js';

const EXAMPLE = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', sessionToken: 'tok' };
let fake: KafkaWireFake | undefined;
let close: (() => Promise<void>) | undefined;

afterEach(async () => {
  await close?.();
  await fake?.stop();
  close = undefined;
  fake = undefined;
});

async function setup(saslMechanisms: string[], settings: Partial<KafkaConnectionSettings>, topics: Record<string, number> = { medication_dispense: 3 }) {
  fake = new KafkaWireFake({ saslMechanisms, topics });
  await fake.start();
  const client = createKafkaClient({
    brokers: [`127.0.0.1:${fake.port}`],
    clientId: 'rxbridge-test',
    saslMechanism: 'none',
    awsRegion: 'us-gov-west-1',
    ssl: false,
    retries: 0,
    ...settings,
  });
  close = () => client.close();
  return { fake, client };
}

describe('Kafka client over the wire', () => {
  it('authenticates with SASL PLAIN and produces with acks=all; one key always lands on one partition', async () => {
    const { fake, client } = await setup(['PLAIN'], { saslMechanism: 'plain', username: 'svc-rxbridge', password: 's3cret' });
    const key = Buffer.from('a'.repeat(64));
    await client.send('medication_dispense', [
      { key, value: Buffer.from([0, 0, 1, 0x86, 0x89, 1]), headers: { event_id: 'e-1' } },
      { key, value: Buffer.from([0, 0, 1, 0x86, 0x89, 2]) },
      { key: Buffer.from('b'.repeat(64)), value: Buffer.from([0, 0, 1, 0x86, 0x89, 3]) },
    ]);
    expect(fake.saslExchanges).toEqual([{ mechanism: 'PLAIN', authBytes: Buffer.from('\u0000svc-rxbridge\u0000s3cret'), accepted: true }]);
    expect(fake.produceAcks.every((a) => a === -1)).toBe(true);
    const sameKey = fake.records.filter((r) => r.key?.equals(key));
    expect(sameKey).toHaveLength(2);
    expect(new Set(sameKey.map((r) => r.partition)).size).toBe(1);
    expect(sameKey.map((r) => r.value?.at(-1))).toEqual([1, 2]);
    expect(sameKey[0]!.headers).toEqual([['event_id', 'e-1']]);
    expect(fake.requests.every((r) => r.clientId === 'rxbridge-test')).toBe(true);
  });

  it('places each key on the partition the Java client would (murmur2 known answers from Kafka UtilsTest)', async () => {
    const { fake, client } = await setup([], {}, { seven: 7 });
    // toPositive(murmur2) % 7 for Kafka's UtilsTest.testMurmur2 vectors: 21 → 1173551340 % 7 = 3,
    // abc → 479470107 % 7 = 4, a-little-bit-long-string → 1161502112 % 7 = 1.
    await client.send(
      'seven',
      ['21', 'abc', 'a-little-bit-long-string'].map((k) => ({ key: Buffer.from(k), value: Buffer.from(k) })),
    );
    expect(new Map(fake.records.map((r) => [r.key?.toString(), r.partition]))).toEqual(
      new Map([
        ['21', 3],
        ['abc', 4],
        ['a-little-bit-long-string', 1],
      ]),
    );
  });

  it('authenticates with OAUTHBEARER carrying a freshly signed MSK IAM token', async () => {
    const { fake, client } = await setup(['OAUTHBEARER'], { saslMechanism: 'oauthbearer-msk-iam', credentials: async () => EXAMPLE });
    await client.send('medication_dispense', [{ key: Buffer.from('k'), value: Buffer.from([0, 0, 0, 0, 1, 0]) }]);
    expect(fake.saslExchanges).toHaveLength(1);
    const auth = fake.saslExchanges[0]!.authBytes.toString('utf8');
    const m = /^n,,\u0001auth=Bearer ([A-Za-z0-9_-]+)\u0001\u0001$/.exec(auth);
    expect(m).not.toBeNull();
    const url = new URL(Buffer.from(m![1]!, 'base64url').toString('utf8'));
    expect(url.host).toBe('kafka.us-gov-west-1.amazonaws.com');
    expect(url.searchParams.get('Action')).toBe('kafka-cluster:Connect');
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^AKIAIOSFODNN7EXAMPLE\/\d{8}\/us-gov-west-1\/kafka-cluster\/aws4_request$/);
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe('tok');
    expect(fake.records).toHaveLength(1);
  });

  it('rejects the send when the broker does not acknowledge, and nothing is stored', async () => {
    const { fake, client } = await setup([], {});
    fake.rejectProduces = 10;
    await expect(client.send('medication_dispense', [{ key: Buffer.from('k'), value: Buffer.from([0, 0, 0, 0, 1, 0]) }])).rejects.toThrow();
    expect(fake.records).toHaveLength(0);
    fake.rejectProduces = 0;
    await client.send('medication_dispense', [{ key: Buffer.from('k'), value: Buffer.from([0, 0, 0, 0, 1, 0]) }]);
    expect(fake.records).toHaveLength(1);
  });

  it('fails authentication when the broker refuses the credentials', async () => {
    fake = new KafkaWireFake({ saslMechanisms: ['PLAIN'], authenticate: () => false, topics: { medication_dispense: 1 } });
    await fake.start();
    const client = createKafkaClient({
      brokers: [`127.0.0.1:${fake.port}`],
      clientId: 'rxbridge-test',
      saslMechanism: 'plain',
      username: 'u',
      password: 'wrong',
      awsRegion: 'us-gov-west-1',
      ssl: false,
      retries: 0,
    });
    close = () => client.close();
    await expect(client.send('medication_dispense', [{ key: Buffer.from('k'), value: Buffer.from([0]) }])).rejects.toThrow();
    expect(fake.records).toHaveLength(0);
  });
});

describe('Kafka consumer group over the wire', () => {
  const value = (n: number) => Buffer.from([0, 0, 0, 0, 1, n]);

  it('reads from the committed offset: what was read but not committed is delivered again to the next member', async () => {
    const { fake, client } = await setup([], {});
    await client.send(
      'medication_dispense',
      [1, 2, 3].map((n) => ({ key: Buffer.from('same-key'), value: value(n) })),
    );

    const first = await client.subscribe({ topic: 'medication_dispense', groupId: 'g1' });
    const seen: number[] = [];
    for await (const m of first) {
      seen.push(m.value.at(-1)!);
      if (seen.length === 1) await m.commit();
      if (seen.length === 2) break; // read #2 but crash before committing it
    }
    await first.close();
    expect(seen).toEqual([1, 2]);
    const partition = fake.records[0]!.partition;
    expect(fake.committed.get(`g1|medication_dispense|${partition}`)).toBe(1n);

    const second = await client.subscribe({ topic: 'medication_dispense', groupId: 'g1' });
    const again: Array<[number, bigint]> = [];
    for await (const m of second) {
      again.push([m.value.at(-1)!, m.offset]);
      await m.commit();
      if (again.length === 2) break;
    }
    await second.close();
    expect(again).toEqual([
      [2, 1n],
      [3, 2n],
    ]);
    expect(fake.committed.get(`g1|medication_dispense|${partition}`)).toBe(3n);
    // The group protocol versions negotiated with the fake (it offers JoinGroup 6–9, SyncGroup 4–5, LeaveGroup 4–5).
    const versions = (apiKey: number) => new Set(fake.requests.filter((r) => r.apiKey === apiKey).map((r) => r.apiVersion));
    expect([versions(11), versions(14), versions(13)]).toEqual([new Set([9]), new Set([5]), new Set([5])]);
    expect(fake.groupReasons.filter((g) => g.api === 'LeaveGroup')).toHaveLength(2);
  });

  it('takes over a partition whose offset another Kafka client committed: resumes at that offset, skips nothing', async () => {
    const { fake, client } = await setup([], {});
    await client.send(
      'medication_dispense',
      [1, 2, 3, 4].map((n) => ({ key: Buffer.from('same-key'), value: value(n) })),
    );
    const partition = fake.records[0]!.partition;
    fake.committed.set(`g3|medication_dispense|${partition}`, 2n); // Kafka meaning: offsets 0 and 1 done, 2 is next
    const sub = await client.subscribe({ topic: 'medication_dispense', groupId: 'g3' });
    let first: [number, bigint] | undefined;
    for await (const m of sub) {
      first = [m.value.at(-1)!, m.offset];
      break;
    }
    await sub.close();
    expect(first).toEqual([3, 2n]);
  });

  it('a refused offset commit surfaces as an error to the caller', async () => {
    const { fake, client } = await setup([], {});
    await client.send('medication_dispense', [{ key: Buffer.from('k'), value: value(9) }]);
    fake.rejectCommits = 1;
    const sub = await client.subscribe({ topic: 'medication_dispense', groupId: 'g2' });
    let error: unknown;
    for await (const m of sub) {
      error = await m.commit().then(
        () => undefined,
        (e: unknown) => e,
      );
      break;
    }
    await sub.close();
    expect(error).toBeInstanceOf(Error);
    expect(fake.commitRequests).toEqual([expect.objectContaining({ offset: 1n, accepted: false })]);
  });
});
