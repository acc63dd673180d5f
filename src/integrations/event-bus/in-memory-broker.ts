/**
 * A single-node, in-process stand-in for a Kafka broker behind the `EventBusClient` interface,
 * for tests of the outbox relay and the consumer. It models what those rely on: partitioned,
 * append-only logs (partition chosen from the key, so one key keeps its order), per-group
 * committed offsets, redelivery of uncommitted messages to the next subscriber, and injectable
 * failures (a send that is not acknowledged). It does not model the wire protocol, rebalancing
 * between several live members, retention or authentication.
 */
import { createHash } from 'node:crypto';
import type { BusMessage, BusSubscription, EventBusClient, OutgoingMessage } from './bus-client.js';

interface StoredMessage {
  key: Buffer | null;
  value: Buffer;
  headers: Record<string, string>;
}

export class InMemoryBroker {
  private readonly logs = new Map<string, StoredMessage[][]>();
  private readonly committed = new Map<string, bigint>();
  private readonly waiters = new Set<() => void>();
  private sendFailures = 0;
  private commitFailures = 0;
  /** Number of send calls that were acknowledged. */
  acknowledgedSends = 0;

  constructor(private readonly partitionsPerTopic = 3) {}

  /** The next `n` send calls fail without writing anything (broker unreachable, not acknowledged). */
  failNextSends(n: number): void {
    this.sendFailures = n;
  }

  /** The next `n` offset commits fail (consumer crashed or lost its group membership before committing). */
  failNextCommits(n: number): void {
    this.commitFailures = n;
  }

  partitionFor(key: Buffer | null): number {
    if (!key) return 0;
    return createHash('md5').update(key).digest().readUInt32BE(0) % this.partitionsPerTopic;
  }

  messages(topic: string): Array<StoredMessage & { partition: number; offset: bigint }> {
    return (this.logs.get(topic) ?? []).flatMap((log, partition) => log.map((m, i) => ({ ...m, partition, offset: BigInt(i) })));
  }

  committedOffset(groupId: string, topic: string, partition: number): bigint | undefined {
    return this.committed.get(`${groupId}\u0000${topic}\u0000${partition}`);
  }

  /** Append raw bytes, as another producer on the topic would (e.g. a malformed message). */
  append(topic: string, message: { key: Buffer | null; value: Buffer }): { partition: number; offset: bigint } {
    const log = this.log(topic)[this.partitionFor(message.key)]!;
    log.push({ key: message.key, value: message.value, headers: {} });
    this.wake();
    return { partition: this.partitionFor(message.key), offset: BigInt(log.length - 1) };
  }

  client(): EventBusClient {
    return {
      send: async (topic, messages) => this.send(topic, messages),
      subscribe: async ({ topic, groupId }) => this.subscribe(topic, groupId),
      close: async () => undefined,
    };
  }

  private log(topic: string): StoredMessage[][] {
    let partitions = this.logs.get(topic);
    if (!partitions) {
      partitions = Array.from({ length: this.partitionsPerTopic }, () => []);
      this.logs.set(topic, partitions);
    }
    return partitions;
  }

  private async send(topic: string, messages: OutgoingMessage[]): Promise<void> {
    await Promise.resolve(); // acknowledgements are asynchronous, as on the network
    if (this.sendFailures > 0) {
      this.sendFailures--;
      throw new Error('broker did not acknowledge the produce request');
    }
    for (const m of messages) this.log(topic)[this.partitionFor(m.key)]!.push({ key: m.key, value: m.value, headers: m.headers ?? {} });
    this.acknowledgedSends++;
    this.wake();
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  private subscribe(topic: string, groupId: string): BusSubscription {
    const partitions = this.log(topic);
    // Read positions start at the committed offsets; uncommitted messages are read again.
    const position = partitions.map((_, p) => this.committedOffset(groupId, topic, p) ?? 0n);
    let closed = false;
    let wakeUp: (() => void) | undefined;
    // The iterator's next() below is a method (its `this` is the iterator), so it keeps the Set itself.
    const waiters = this.waiters;
    const nextAvailable = (): BusMessage | undefined => {
      for (let p = 0; p < partitions.length; p++) {
        const offset = position[p]!;
        const stored = partitions[p]![Number(offset)];
        if (!stored) continue;
        position[p] = offset + 1n;
        return {
          topic,
          partition: p,
          offset,
          key: stored.key,
          value: stored.value,
          commit: async () => {
            if (closed) throw new Error('cannot commit: the consumer left the group');
            if (this.commitFailures > 0) {
              this.commitFailures--;
              throw new Error('offset commit failed: member is no longer in the group');
            }
            const k = `${groupId}\u0000${topic}\u0000${p}`;
            const current = this.committed.get(k) ?? 0n;
            if (offset + 1n > current) this.committed.set(k, offset + 1n);
          },
        };
      }
      return undefined;
    };
    return {
      async close() {
        closed = true;
        wakeUp?.();
      },
      [Symbol.asyncIterator](): AsyncIterator<BusMessage> {
        return {
          async next(): Promise<IteratorResult<BusMessage>> {
            while (!closed) {
              const m = nextAvailable();
              if (m) return { value: m, done: false };
              await new Promise<void>((resolve) => {
                wakeUp = resolve;
                waiters.add(resolve);
              });
              if (wakeUp) waiters.delete(wakeUp);
            }
            return { value: undefined, done: true };
          },
          async return(): Promise<IteratorResult<BusMessage>> {
            closed = true;
            return { value: undefined, done: true };
          },
        };
      },
    };
  }
}
