/**
 * `EventBusClient` over @platformatic/kafka (pure JavaScript Kafka protocol client; no native
 * build), pinned to exactly 1.22.0: later 1.x releases depend on two helper packages that declare
 * Node >= 22.19 (EBADENGINE on our Node 20 runtime). What 1.22 lacks is supplied here: the Java
 * murmur2 partitioner (murmur2-partitioner.ts; 1.27+ has `compatibilityPartitioner`) and Kafka's
 * committed-offset meaning (committed-offsets.ts, `useKafkaCommittedOffsets`). Upgrade path: when
 * the runtime is Node >= 22.19, lift the pin and remove both (see README, "Kafka client").
 * Connection settings follow the Event Bus contract: SASL_SSL + OAUTHBEARER with an MSK
 * IAM token in the VA environments; PLAIN / SCRAM-SHA-512 / no auth (optionally with TLS) locally.
 *
 * Producer: acks = all (send resolves after every in-sync replica has the message), idempotence
 * off (the Event Bus needs an extra IAM permission for it), Java-compatible murmur2 partitioner so
 * a key lands on the same partition as with the Java / librdkafka clients other teams use.
 * Consumer: group membership, reads from the committed offset (earliest when none), no
 * auto-commit: offsets are committed explicitly after processing.
 */
import { Consumer, Producer, type CallbackWithPromise, type CommitOptions, type ListCommitsOptions, type Offsets, type SASLOptions } from '@platformatic/kafka';
import type { ConnectionOptions as TlsOptions } from 'node:tls';
import type { BusMessage, BusSubscription, EventBusClient, OutgoingMessage } from './bus-client.js';
import { toKafkaCommittedOffset, toLibraryCommittedOffset } from './committed-offsets.js';
import { environmentCredentials, generateMskIamToken, type CredentialsProvider } from './msk-iam-token.js';
import { javaCompatiblePartitioner } from './murmur2-partitioner.js';

export type SaslMechanismSetting = 'none' | 'plain' | 'scram-sha-512' | 'oauthbearer-msk-iam';

export interface KafkaConnectionSettings {
  brokers: string[];
  clientId: string;
  saslMechanism: SaslMechanismSetting;
  username?: string | undefined;
  password?: string | undefined;
  awsRegion: string;
  /** TLS to the brokers (loadConfig turns it on for MSK IAM). */
  ssl: boolean;
  /** Client-level retries of failed requests (library default when unset). */
  retries?: number;
  /** For MSK IAM; default: AWS credentials from the environment. */
  credentials?: CredentialsProvider;
}

export function saslOptions(s: KafkaConnectionSettings): SASLOptions | undefined {
  switch (s.saslMechanism) {
    case 'none':
      return undefined;
    case 'plain':
      return { mechanism: 'PLAIN', username: s.username ?? '', password: s.password ?? '' };
    case 'scram-sha-512':
      return { mechanism: 'SCRAM-SHA-512', username: s.username ?? '', password: s.password ?? '' };
    case 'oauthbearer-msk-iam': {
      const credentials = s.credentials ?? environmentCredentials();
      // Called on every (re)authentication, so a fresh 15-minute token is signed each time.
      return { mechanism: 'OAUTHBEARER', token: async () => generateMskIamToken({ region: s.awsRegion, credentials: await credentials() }).token };
    }
  }
}

export function connectionOptions(s: KafkaConnectionSettings): {
  clientId: string;
  bootstrapBrokers: string[];
  sasl?: SASLOptions;
  tls?: TlsOptions;
  retries?: number;
} {
  const sasl = saslOptions(s);
  return {
    clientId: s.clientId,
    bootstrapBrokers: s.brokers,
    ...(sasl ? { sasl } : {}),
    ...(s.ssl ? { tls: {} } : {}),
    ...(s.retries !== undefined ? { retries: s.retries } : {}),
  };
}

/**
 * Leave the group and close now. `consumer.close(true)` returns a Promise at run time, but its
 * typings resolve a boolean argument to the callback overload (`void`); the callback form is typed.
 */
function forceClose(consumer: Consumer): Promise<void> {
  return new Promise((resolve, reject) => consumer.close(true, (err) => (err ? reject(err) : resolve())));
}

/**
 * Make @platformatic/kafka 1.22 store and read committed offsets the Kafka way (next offset to
 * read), see committed-offsets.ts. Its message stream commits through `consumer.commit` and reads
 * the group's offsets through `consumer.listCommittedOffsets` (both with a callback); this wraps
 * those two on the instance. Remove when the pin is lifted to ≥ 1.27.
 */
function useKafkaCommittedOffsets(consumer: Consumer): void {
  const commit = consumer.commit.bind(consumer) as (options: CommitOptions, callback?: CallbackWithPromise<void>) => Promise<void> | void;
  const list = consumer.listCommittedOffsets.bind(consumer) as (
    options: ListCommitsOptions,
    callback?: CallbackWithPromise<Offsets>,
  ) => Promise<Offsets> | void;
  const toLibrary = (offsets: Offsets): Offsets => new Map([...offsets].map(([topic, partitions]) => [topic, partitions.map(toLibraryCommittedOffset)]));
  const wrappedCommit = (options: CommitOptions, callback?: CallbackWithPromise<void>) =>
    commit({ ...options, offsets: options.offsets.map((o) => ({ ...o, offset: toKafkaCommittedOffset(o.offset) })) }, callback);
  const wrappedList = (options: ListCommitsOptions, callback?: CallbackWithPromise<Offsets>) =>
    callback ? list(options, (error, offsets) => callback(error, offsets && toLibrary(offsets))) : (list(options) as Promise<Offsets>).then(toLibrary);
  consumer.commit = wrappedCommit as Consumer['commit'];
  consumer.listCommittedOffsets = wrappedList as Consumer['listCommittedOffsets'];
}

export function createKafkaClient(settings: KafkaConnectionSettings): EventBusClient {
  const base = connectionOptions(settings);
  let producer: Producer | undefined;
  const consumers = new Set<Consumer>();

  return {
    async send(topic: string, messages: OutgoingMessage[]): Promise<void> {
      producer ??= new Producer({ ...base, acks: -1, idempotent: false, partitioner: javaCompatiblePartitioner, autocreateTopics: false });
      // acks must be given per send: the library defaults sends to leader-only acks (1) when the
      // producer is not idempotent, whatever the constructor says (found by the wire-level test).
      await producer.send({
        acks: -1,
        messages: messages.map((m) => ({
          topic,
          key: m.key,
          value: m.value,
          headers: new Map(Object.entries(m.headers ?? {}).map(([k, v]) => [Buffer.from(k), Buffer.from(v)])),
        })),
      });
    },

    async subscribe({ topic, groupId }): Promise<BusSubscription> {
      const consumer = new Consumer({ ...base, groupId });
      useKafkaCommittedOffsets(consumer);
      consumers.add(consumer);
      const stream = await consumer.consume({ topics: [topic], mode: 'committed', fallbackMode: 'earliest', autocommit: false });
      const close = async () => {
        consumers.delete(consumer);
        await stream.close().catch(() => undefined);
        await forceClose(consumer);
      };
      return {
        close,
        async *[Symbol.asyncIterator](): AsyncIterator<BusMessage> {
          for await (const m of stream) {
            yield {
              topic: m.topic,
              partition: m.partition,
              offset: m.offset,
              key: m.key && m.key.length ? m.key : null,
              value: m.value,
              commit: async () => {
                await m.commit();
              },
            };
          }
        },
      };
    },

    async close(): Promise<void> {
      await Promise.all([...consumers].map((c) => forceClose(c).catch(() => undefined)));
      await producer?.close();
    },
  };
}
