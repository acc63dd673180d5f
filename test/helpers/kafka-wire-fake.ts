/**
 * A minimal single-node Kafka broker speaking the real binary protocol over TCP, enough for a
 * producer and one consumer-group member: SaslHandshake v1, SaslAuthenticate v2 (records the SASL
 * bytes), ApiVersions v3, Metadata v9, Produce v9 (keeps the record batches), Fetch v12 (serves
 * them back, long-polls briefly when empty), ListOffsets v6–v9, FindCoordinator v4, JoinGroup v6–v9,
 * SyncGroup v4–v5, Heartbeat v4, LeaveGroup v4–v5, OffsetFetch v8, OffsetCommit v8. ApiVersions
 * advertises exactly these ranges; the client picks the highest version both sides know
 * (@platformatic/kafka 1.22 knows only JoinGroup 9, SyncGroup 5, LeaveGroup 5, ListOffsets 8–9;
 * 1.27+ also the older ones).
 * It exists because no real Kafka-compatible broker can be installed on this machine from npm or
 * Debian; it lets tests drive the real @platformatic/kafka client through our adapter. It does not
 * implement rebalancing between several live members (the latest joiner owns every partition),
 * TLS, transactions, retention or replication, and trusts the client's framing.
 *
 * Encoding uses the client library's own Reader/Writer primitives (generic Kafka types: compact
 * strings, varints, tagged fields); message layouts follow the Kafka protocol specification, i.e.
 * Apache Kafka's message schemas in clients/src/main/resources/common/message/ (for the
 * version-dependent fields below: JoinGroupRequest/Response.json, SyncGroupRequest/Response.json,
 * LeaveGroupRequest/Response.json, ListOffsetsRequest/Response.json).
 */
import net from 'node:net';
import { Reader, readRecordsBatch, Writer } from '@platformatic/kafka';

const API = {
  PRODUCE: 0,
  FETCH: 1,
  LIST_OFFSETS: 2,
  METADATA: 3,
  OFFSET_COMMIT: 8,
  OFFSET_FETCH: 9,
  FIND_COORDINATOR: 10,
  JOIN_GROUP: 11,
  HEARTBEAT: 12,
  LEAVE_GROUP: 13,
  SYNC_GROUP: 14,
  SASL_HANDSHAKE: 17,
  API_VERSIONS: 18,
  SASL_AUTHENTICATE: 36,
} as const;
/** [api key, min version, max version] implemented below, as advertised in ApiVersions. */
export const SUPPORTED_VERSIONS: Array<[number, number, number]> = [
  [API.PRODUCE, 9, 9],
  [API.FETCH, 12, 12],
  [API.LIST_OFFSETS, 6, 9],
  [API.METADATA, 9, 9],
  [API.OFFSET_COMMIT, 8, 8],
  [API.OFFSET_FETCH, 8, 8],
  [API.FIND_COORDINATOR, 4, 4],
  [API.JOIN_GROUP, 6, 9],
  [API.HEARTBEAT, 4, 4],
  [API.LEAVE_GROUP, 4, 5],
  [API.SYNC_GROUP, 4, 5],
  [API.SASL_HANDSHAKE, 1, 1],
  [API.API_VERSIONS, 3, 3],
  [API.SASL_AUTHENTICATE, 2, 2],
];
/** ListOffsets special timestamps (ListOffsetsRequest.json: v7 max timestamp, v8 local log start, v9 last tiered). */
const LATEST = -1n;
const EARLIEST = -2n;
const MAX_TIMESTAMP = -3n;
const EARLIEST_LOCAL = -4n;
const LATEST_TIERED = -5n;
/** Request header v1 (non-flexible) for these; v2 (with tagged fields) for the rest. */
const NON_FLEXIBLE_REQUEST = new Set<number>([API.SASL_HANDSHAKE]);
/** Response header v0 (no tagged fields) for these; v1 for the rest. */
const RESPONSE_HEADER_V0 = new Set<number>([API.SASL_HANDSHAKE, API.API_VERSIONS]);

export interface StoredRecord {
  topic: string;
  partition: number;
  offset: bigint;
  key: Buffer | null;
  value: Buffer | null;
  headers: Array<[string, string]>;
  /** Record timestamp (batch first timestamp + the record's delta), ms. */
  timestamp: bigint;
}

export interface WireFakeOptions {
  /** SASL mechanisms offered; empty = no SASL expected. */
  saslMechanisms?: string[];
  /** Decide whether SASL bytes authenticate the client. */
  authenticate?: (mechanism: string, authBytes: Buffer) => boolean;
  topics?: Record<string, number>;
}

export class KafkaWireFake {
  readonly records: StoredRecord[] = [];
  readonly saslExchanges: Array<{ mechanism: string; authBytes: Buffer; accepted: boolean }> = [];
  readonly requests: Array<{ apiKey: number; apiVersion: number; clientId: string | null }> = [];
  /** JoinGroup (v8+) and LeaveGroup (v5+) reasons the client sent. */
  readonly groupReasons: Array<{ api: 'JoinGroup' | 'LeaveGroup'; reason: string | null }> = [];
  /** Produce requests seen, with the acks value each asked for. */
  readonly produceAcks: number[] = [];
  /** While > 0, produce requests are answered with NOT_ENOUGH_REPLICAS (19) and nothing is stored. */
  rejectProduces = 0;
  /** While > 0, offset commits are answered with REBALANCE_IN_PROGRESS (27) and not stored. */
  rejectCommits = 0;
  /** Committed offsets: `${group}|${topic}|${partition}` → next offset to read. */
  readonly committed = new Map<string, bigint>();
  readonly commitRequests: Array<{ topic: string; partition: number; offset: bigint; accepted: boolean }> = [];
  private batches = new Map<string, Array<{ base: bigint; last: bigint; bytes: Buffer }>>();
  private generation = 0;
  private members = 0;
  private groupMember = new Map<string, string>();
  private server = net.createServer((s) => this.onConnection(s));
  private sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly opts: WireFakeOptions = {}) {}

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onConnection(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    let pending = Buffer.alloc(0);
    const conn = { mechanism: '' };
    let chain = Promise.resolve();
    socket.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
        const frame = Buffer.from(pending.subarray(4, 4 + pending.readInt32BE(0)));
        pending = pending.subarray(4 + frame.length);
        // Kafka answers a connection's requests in order.
        chain = chain.then(() => this.handle(socket, conn, frame)).catch(() => void socket.destroy());
      }
    });
  }

  private logKey(topic: string, partition: number): string {
    return `${topic}|${partition}`;
  }

  private logEnd(topic: string, partition: number): bigint {
    const b = this.batches.get(this.logKey(topic, partition));
    return b?.length ? b[b.length - 1]!.last + 1n : 0n;
  }

  /**
   * ListOffsets for one partition. No tiered storage, so the local log start is the log start
   * (0, nothing is deleted) and there is no tiered offset (-1). A timestamp ≥ 0 finds the first
   * record at or after it (none: -1, as Kafka answers).
   */
  private listOffset(topic: string, partition: number, timestamp: bigint): { timestamp: bigint; offset: bigint } {
    const records = this.records.filter((rec) => rec.topic === topic && rec.partition === partition);
    switch (timestamp) {
      case LATEST:
        return { timestamp: -1n, offset: this.logEnd(topic, partition) };
      case EARLIEST:
      case EARLIEST_LOCAL:
        return { timestamp: -1n, offset: 0n };
      case LATEST_TIERED:
        return { timestamp: -1n, offset: -1n };
      case MAX_TIMESTAMP: {
        const max = records.reduce<StoredRecord | undefined>((best, rec) => (!best || rec.timestamp > best.timestamp ? rec : best), undefined);
        return max ? { timestamp: max.timestamp, offset: max.offset } : { timestamp: -1n, offset: -1n };
      }
      default: {
        const found = records.find((rec) => rec.timestamp >= timestamp);
        return found ? { timestamp: found.timestamp, offset: found.offset } : { timestamp: -1n, offset: -1n };
      }
    }
  }

  private async handle(socket: net.Socket, conn: { mechanism: string }, frame: Buffer): Promise<void> {
    let mechanism = conn.mechanism;
    const r = Reader.from(frame);
    const apiKey = r.readInt16();
    const apiVersion = r.readInt16();
    const correlationId = r.readInt32();
    const clientId = r.readNullableString(false);
    if (!NON_FLEXIBLE_REQUEST.has(apiKey)) r.readTaggedFields();
    this.requests.push({ apiKey, apiVersion, clientId });
    const range = SUPPORTED_VERSIONS.find(([key]) => key === apiKey);
    if (!range || apiVersion < range[1] || apiVersion > range[2]) {
      // A real broker answers UNSUPPORTED_VERSION; this fake only speaks what it advertised.
      socket.destroy();
      return;
    }
    let body: Writer;
    switch (apiKey) {
      case API.SASL_HANDSHAKE: {
        mechanism = r.readString(false);
        conn.mechanism = mechanism;
        const offered = this.opts.saslMechanisms ?? [];
        body = Writer.create()
          .appendInt16(offered.includes(mechanism) ? 0 : 33) // UNSUPPORTED_SASL_MECHANISM
          .appendArray(offered, (w, m) => w.appendString(m, false), false, false);
        break;
      }
      case API.SASL_AUTHENTICATE: {
        const authBytes = r.readBytes();
        const accepted = this.opts.authenticate ? this.opts.authenticate(mechanism, authBytes) : true;
        this.saslExchanges.push({ mechanism, authBytes: Buffer.from(authBytes), accepted });
        body = Writer.create()
          .appendInt16(accepted ? 0 : 58) // SASL_AUTHENTICATION_FAILED
          .appendString(accepted ? null : 'Authentication failed')
          .appendBytes(Buffer.alloc(0))
          .appendInt64(accepted ? 3_600_000n : 0n)
          .appendTaggedFields();
        break;
      }
      case API.API_VERSIONS:
        body = Writer.create()
          .appendInt16(0)
          .appendArray(SUPPORTED_VERSIONS, (w, [key, min, max]) => w.appendInt16(key).appendInt16(min).appendInt16(max))
          .appendInt32(0)
          .appendTaggedFields();
        break;
      case API.METADATA: {
        const requested = r.readNullableArray((rr) => rr.readString()) ?? Object.keys(this.opts.topics ?? {});
        const topics = this.opts.topics ?? {};
        body = Writer.create()
          .appendInt32(0)
          .appendArray([1], (w) => w.appendInt32(1).appendString('127.0.0.1').appendInt32(this.port).appendString(null))
          .appendString('fake-cluster')
          .appendInt32(1)
          .appendArray(requested, (w, name) => {
            const count = topics[name];
            w.appendInt16(count ? 0 : 3) // UNKNOWN_TOPIC_OR_PARTITION
              .appendString(name)
              .appendBoolean(false)
              .appendArray(
                Array.from({ length: count ?? 0 }, (_, i) => i),
                (pw, i) =>
                  pw
                    .appendInt16(0)
                    .appendInt32(i)
                    .appendInt32(1)
                    .appendInt32(0)
                    .appendArray([1], (aw, n) => aw.appendInt32(n), true, false)
                    .appendArray([1], (aw, n) => aw.appendInt32(n), true, false)
                    .appendArray([], (aw, n: number) => aw.appendInt32(n), true, false),
              )
              .appendInt32(0);
          })
          .appendInt32(0)
          .appendTaggedFields();
        break;
      }
      case API.PRODUCE: {
        r.readNullableString(); // transactional id
        const acks = r.readInt16();
        r.readInt32(); // timeout
        this.produceAcks.push(acks);
        const reject = this.rejectProduces > 0;
        if (reject) this.rejectProduces--;
        const results: Array<{ topic: string; partitions: Array<{ index: number; base: bigint }> }> = [];
        r.readArray((tr) => {
          const topic = tr.readString();
          const partitions: Array<{ index: number; base: bigint }> = [];
          tr.readArray((pr) => {
            const index = pr.readInt32();
            const size = pr.readUnsignedVarInt() - 1;
            const end = pr.position + size;
            const base = this.logEnd(topic, index);
            let next = base;
            while (pr.position < end) {
              const start = pr.position;
              const batch = readRecordsBatch(pr);
              if (reject) continue;
              const bytes = Buffer.from(frame.subarray(start, pr.position));
              bytes.writeBigInt64BE(next, 0); // the broker assigns offsets (not covered by the batch CRC)
              const list = this.batches.get(this.logKey(topic, index)) ?? [];
              list.push({ base: next, last: next + BigInt(batch.lastOffsetDelta), bytes });
              this.batches.set(this.logKey(topic, index), list);
              const batchBase = next;
              next += BigInt(batch.lastOffsetDelta) + 1n;
              for (const rec of batch.records) {
                this.records.push({
                  topic,
                  partition: index,
                  offset: batchBase + BigInt(rec.offsetDelta),
                  key: rec.key && rec.key.length ? Buffer.from(rec.key) : null,
                  value: rec.value ? Buffer.from(rec.value) : null,
                  headers: rec.headers.map(([k, v]) => [k?.toString() ?? '', v?.toString() ?? '']),
                  timestamp: batch.firstTimestamp + BigInt(rec.timestampDelta),
                });
              }
            }
            partitions.push({ index, base });
          });
          results.push({ topic, partitions });
        });
        body = Writer.create()
          .appendArray(results, (w, t) =>
            w.appendString(t.topic).appendArray(t.partitions, (pw, p) =>
              pw
                .appendInt32(p.index)
                .appendInt16(reject ? 19 : 0) // NOT_ENOUGH_REPLICAS
                .appendInt64(reject ? -1n : p.base)
                .appendInt64(-1n)
                .appendInt64(0n)
                .appendArray([], () => undefined)
                .appendString(reject ? 'not enough replicas' : null),
            ),
          )
          .appendInt32(0)
          .appendTaggedFields();
        break;
      }
      case API.FIND_COORDINATOR: {
        r.readInt8();
        const keys = r.readArray((rr) => rr.readString(), true, false);
        body = Writer.create()
          .appendInt32(0)
          .appendArray(keys, (w, key) => w.appendString(key).appendInt32(1).appendString('127.0.0.1').appendInt32(this.port).appendInt16(0).appendString(null))
          .appendTaggedFields();
        break;
      }
      case API.JOIN_GROUP: {
        // JoinGroupRequest.json: v8+ ends with Reason. JoinGroupResponse.json: v7+ ProtocolType
        // before ProtocolName, v9+ SkipAssignment after Leader.
        const groupId = r.readString();
        r.readInt32();
        r.readInt32();
        let memberId = r.readString();
        r.readNullableString();
        const protocolType = r.readString();
        const protocols = r.readArray((rr) => ({ name: rr.readString(), metadata: Buffer.from(rr.readBytes()) }));
        if (apiVersion >= 8) this.groupReasons.push({ api: 'JoinGroup', reason: r.readNullableString() });
        if (!memberId) memberId = `member-${++this.members}`;
        this.groupMember.set(groupId, memberId);
        this.generation++;
        body = Writer.create().appendInt32(0).appendInt16(0).appendInt32(this.generation);
        if (apiVersion >= 7) body.appendString(protocolType);
        body.appendString(protocols[0]?.name ?? null).appendString(memberId);
        if (apiVersion >= 9) body.appendBoolean(false); // the leader (this member) runs the assignment
        body
          .appendString(memberId)
          .appendArray([memberId], (w, m) =>
            w
              .appendString(m)
              .appendString(null)
              .appendBytes(protocols[0]?.metadata ?? Buffer.alloc(0)),
          )
          .appendTaggedFields();
        break;
      }
      case API.SYNC_GROUP: {
        // SyncGroupRequest.json / SyncGroupResponse.json: v5+ ProtocolType and ProtocolName
        // (nullable) before the assignments / the assignment.
        r.readString();
        r.readInt32();
        const memberId = r.readString();
        r.readNullableString();
        const protocol = apiVersion >= 5 ? { type: r.readNullableString(), name: r.readNullableString() } : undefined;
        const assignments = r.readArray((rr) => ({ memberId: rr.readString(), assignment: Buffer.from(rr.readBytes()) }));
        body = Writer.create().appendInt32(0).appendInt16(0);
        if (protocol) body.appendString(protocol.type).appendString(protocol.name);
        body.appendBytes(assignments.find((a) => a.memberId === memberId)?.assignment ?? Buffer.alloc(0)).appendTaggedFields();
        break;
      }
      case API.HEARTBEAT:
        body = Writer.create().appendInt32(0).appendInt16(0).appendTaggedFields();
        break;
      case API.LEAVE_GROUP: {
        const groupId = r.readString();
        // LeaveGroupRequest.json: v5+ each member carries a (nullable) Reason. The response is the same for v4 and v5.
        const members = r.readArray((rr) => {
          const member = { memberId: rr.readString(), instance: rr.readNullableString() };
          if (apiVersion >= 5) this.groupReasons.push({ api: 'LeaveGroup', reason: rr.readNullableString() });
          return member;
        });
        this.groupMember.delete(groupId);
        body = Writer.create()
          .appendInt32(0)
          .appendInt16(0)
          .appendArray(members, (w, m) => w.appendString(m.memberId).appendString(m.instance).appendInt16(0))
          .appendTaggedFields();
        break;
      }
      case API.OFFSET_FETCH: {
        const groups = r.readArray((gr) => ({
          groupId: gr.readString(),
          topics: gr.readNullableArray((tr) => ({ name: tr.readString(), partitions: tr.readArray((pr) => pr.readInt32(), true, false) })) ?? [],
        }));
        body = Writer.create()
          .appendInt32(0)
          .appendArray(groups, (w, g) =>
            w
              .appendString(g.groupId)
              .appendArray(g.topics, (tw, t) =>
                tw.appendString(t.name).appendArray(t.partitions, (pw, p) =>
                  pw
                    .appendInt32(p)
                    .appendInt64(this.committed.get(`${g.groupId}|${t.name}|${p}`) ?? -1n)
                    .appendInt32(-1)
                    .appendString(null)
                    .appendInt16(0),
                ),
              )
              .appendInt16(0),
          )
          .appendTaggedFields();
        break;
      }
      case API.OFFSET_COMMIT: {
        const groupId = r.readString();
        r.readInt32();
        r.readString();
        r.readNullableString();
        const reject = this.rejectCommits > 0;
        if (reject) this.rejectCommits--;
        const topics = r.readArray((tr) => ({
          name: tr.readString(),
          partitions: tr.readArray((pr) => {
            const p = { index: pr.readInt32(), offset: pr.readInt64() };
            pr.readInt32();
            pr.readNullableString();
            return p;
          }),
        }));
        for (const t of topics) {
          for (const p of t.partitions) {
            this.commitRequests.push({ topic: t.name, partition: p.index, offset: p.offset, accepted: !reject });
            if (!reject) this.committed.set(`${groupId}|${t.name}|${p.index}`, p.offset);
          }
        }
        body = Writer.create()
          .appendInt32(0)
          .appendArray(topics, (w, t) => w.appendString(t.name).appendArray(t.partitions, (pw, p) => pw.appendInt32(p.index).appendInt16(reject ? 27 : 0)))
          .appendTaggedFields();
        break;
      }
      case API.LIST_OFFSETS: {
        // ListOffsetsRequest/Response.json: v6–v9 share one layout; v7–v9 only add the special
        // timestamps -3, -4, -5 (v10 would add TimeoutMs; not offered).
        r.readInt32();
        r.readInt8();
        const topics = r.readArray((tr) => ({
          name: tr.readString(),
          partitions: tr.readArray((pr) => {
            const index = pr.readInt32();
            pr.readInt32();
            return { index, timestamp: pr.readInt64() };
          }),
        }));
        body = Writer.create()
          .appendInt32(0)
          .appendArray(topics, (w, t) =>
            w.appendString(t.name).appendArray(t.partitions, (pw, p) => {
              const found = this.listOffset(t.name, p.index, p.timestamp);
              pw.appendInt32(p.index).appendInt16(0).appendInt64(found.timestamp).appendInt64(found.offset).appendInt32(0);
            }),
          )
          .appendTaggedFields();
        break;
      }
      case API.FETCH: {
        r.readInt32();
        const maxWait = r.readInt32();
        r.readInt32();
        r.readInt32();
        r.readInt8();
        r.readInt32();
        r.readInt32();
        const topics = r.readArray((tr) => ({
          name: tr.readString(),
          partitions: tr.readArray((pr) => {
            const index = pr.readInt32();
            pr.readInt32();
            const offset = pr.readInt64();
            pr.readInt32();
            pr.readInt64();
            pr.readInt32();
            return { index, offset };
          }),
        }));
        const available = () => topics.some((t) => t.partitions.some((p) => this.logEnd(t.name, p.index) > p.offset));
        const deadline = Date.now() + Math.min(maxWait, 200);
        while (!available() && Date.now() < deadline && !socket.destroyed) await new Promise((res) => setTimeout(res, 10));
        body = Writer.create()
          .appendInt32(0)
          .appendInt16(0)
          .appendInt32(0)
          .appendArray(topics, (w, t) =>
            w.appendString(t.name).appendArray(t.partitions, (pw, p) => {
              const data = Buffer.concat((this.batches.get(this.logKey(t.name, p.index)) ?? []).filter((b) => b.last >= p.offset).map((b) => b.bytes));
              const end = this.logEnd(t.name, p.index);
              pw.appendInt32(p.index)
                .appendInt16(0)
                .appendInt64(end)
                .appendInt64(end)
                .appendInt64(0n)
                .appendArray([], () => undefined)
                .appendInt32(-1)
                .appendUnsignedVarInt(data.length + 1)
                .append(data);
            }),
          )
          .appendTaggedFields();
        break;
      }
      default:
        socket.destroy();
        return;
    }
    const header = Writer.create().appendInt32(correlationId);
    if (!RESPONSE_HEADER_V0.has(apiKey)) header.appendTaggedFields();
    const payload = Buffer.concat([header.buffer, body.buffer]);
    const size = Buffer.alloc(4);
    size.writeInt32BE(payload.length);
    if (!socket.destroyed) socket.write(Buffer.concat([size, payload]));
  }
}
