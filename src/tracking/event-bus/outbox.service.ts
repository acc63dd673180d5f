/**
 * Producer side of the event-bus path: a transactional outbox and its relay.
 *
 * `enqueueDispenseOutbox` runs inside the ingest transaction, so an outbox row exists exactly when
 * the dispense it describes was committed: nothing is published for a rolled-back write, nothing
 * committed is forgotten. The relay then publishes pending rows in id order and marks them
 * published only after the broker acknowledged them. A crash between the acknowledgement and that
 * update publishes the rows again (at-least-once); consumers de-duplicate by event id.
 */
import type { AppContext } from '../../platform/context.js';
import type { Db, Tx } from '../../platform/db/pool.js';
import type { EventBusClient } from '../../integrations/event-bus/bus-client.js';
import type { ShipmentItemEvent } from '../dispense-event.js';
import { busEventId, encodeDispenseValue, encodeMessageKey, messageKeyFor, toOutboxPayload } from './dispense-record.js';
import { insertOutboxRows, markAttemptFailed, markPublished, markUnpublishable, pendingOutboxRows, prunePublished, tryLockRelay } from './outbox.dao.js';

/**
 * Queue dispense items for the event bus, in the caller's transaction (call it where the direct
 * path would call recordShipmentItems). Replays of the same dispense are skipped by event id.
 */
export async function enqueueDispenseOutbox(
  tx: Tx | Db,
  events: ShipmentItemEvent[],
  opts: { sourceMessageId?: string | null } = {},
): Promise<{ enqueued: number; duplicates: number }> {
  const rows = events.map((e) => ({
    eventId: busEventId(e.eventId),
    messageKey: messageKeyFor(e.patientIcn),
    payload: toOutboxPayload(e, e.sourceMessageId ?? opts.sourceMessageId ?? null),
  }));
  const enqueued = await insertOutboxRows(tx, rows);
  return { enqueued, duplicates: events.length - enqueued };
}

export interface RelayResult {
  published: number;
  /** Rows parked because they cannot be encoded (never retried). */
  unpublishable: number;
  /** Another relay holds the lock; nothing was done. */
  locked: boolean;
  /** The broker did not acknowledge; rows stay pending. */
  error?: string;
}

export interface RelayOptions {
  batchSize?: number;
}

/** Publish one batch of pending rows, oldest first. */
export async function relayOutboxOnce(ctx: AppContext, client: EventBusClient, opts: RelayOptions = {}): Promise<RelayResult> {
  const batchSize = opts.batchSize ?? 100;
  const { KAFKA_TOPIC: topic, KAFKA_SCHEMA_ID: schemaId, KAFKA_KEY_SCHEMA_ID: keySchemaId } = ctx.config;
  return ctx.db.transaction().execute(async (tx) => {
    if (!(await tryLockRelay(tx))) return { published: 0, unpublishable: 0, locked: true };
    const rows = await pendingOutboxRows(tx, batchSize);
    const ready: { id: number; key: Buffer; value: Buffer; eventId: string }[] = [];
    let unpublishable = 0;
    for (const row of rows) {
      try {
        ready.push({ id: row.id, eventId: row.event_id, key: encodeMessageKey(row.message_key, keySchemaId), value: encodeDispenseValue(row, schemaId) });
      } catch (err) {
        unpublishable++;
        await markUnpublishable(tx, row.id, (err as Error).message);
        ctx.log.error({ outboxId: row.id }, 'event bus outbox row cannot be encoded; parked');
      }
    }
    if (ready.length === 0) return { published: 0, unpublishable, locked: false };
    try {
      await client.send(
        topic,
        ready.map((r) => ({ key: r.key, value: r.value, headers: { event_id: r.eventId } })),
      );
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await markAttemptFailed(
        tx,
        ready.map((r) => r.id),
        message.slice(0, 500),
      );
      return { published: 0, unpublishable, locked: false, error: message };
    }
    await markPublished(
      tx,
      ready.map((r) => r.id),
    );
    return { published: ready.length, unpublishable, locked: false };
  });
}

export interface OutboxRelay {
  /** Resolves when the loop has stopped (after the batch in flight). */
  stop(): Promise<void>;
  /** Ask for a relay pass now instead of at the next poll. */
  poke(): void;
}

/**
 * Long-running relay loop, started with the event bus: a full batch is followed immediately by the
 * next; otherwise it waits `intervalMs` (or a poke). Failures back off exponentially up to 30 s.
 */
export function startOutboxRelay(
  ctx: AppContext,
  client: EventBusClient,
  opts: RelayOptions & { intervalMs?: number; pruneAfterDays?: number } = {},
): OutboxRelay {
  const intervalMs = opts.intervalMs ?? 500;
  const batchSize = opts.batchSize ?? 100;
  const log = ctx.log.child({ component: 'event-bus-relay' });
  let stopped = false;
  let wake: (() => void) | undefined;
  let failures = 0;
  let lastPrune = 0;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  const loop = (async () => {
    while (!stopped) {
      let delay = intervalMs;
      try {
        const r = await relayOutboxOnce(ctx, client, { batchSize });
        if (r.error) {
          failures++;
          delay = Math.min(30_000, intervalMs * 2 ** failures);
          log.warn({ failures, error: r.error }, 'event bus publish not acknowledged; will retry');
        } else {
          failures = 0;
          if (r.published > 0) log.debug({ published: r.published }, 'event bus outbox published');
          if (r.published === batchSize) delay = 0;
        }
        if (Date.now() - lastPrune > 3_600_000) {
          lastPrune = Date.now();
          await prunePublished(ctx.db, opts.pruneAfterDays ?? 7);
        }
      } catch (err) {
        failures++;
        delay = Math.min(30_000, intervalMs * 2 ** failures);
        log.error({ error: err instanceof Error ? err.message : String(err) }, 'event bus relay failed');
      }
      if (!stopped && delay > 0) await sleep(delay);
    }
  })();
  return {
    poke: () => wake?.(),
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
