/**
 * MLLP TCP listener for CMOP HL7 v2.
 *
 *  - ordering: each connection is processed strictly in sequence, so the n-th ACK answers the
 *    n-th message (MLLP senders match ACKs by position as much as by MSA-2);
 *  - bounded: a frame over `maxFrameBytes` is discarded as it streams in and answered AR (echoing
 *    its MSH-10 when the first bytes hold one); a connection with more than `maxPendingFrames`
 *    waiting is paused (TCP back-pressure) until the handler catches up;
 *  - bytes outside frames are discarded and counted (`stats.strayBytes`, one warning per connection);
 *  - the handler decides AA/AE/AR; this module builds the ACK (hl7/ack.ts) and frames it. A handler
 *    that throws or takes longer than `handlerTimeoutMs` is answered AE "temporarily unable to
 *    process" — the sender will resend, and ingest is idempotent. Logs carry counts and error
 *    class names only, never message content (PHI);
 *  - idle connections (no bytes, nothing pending) are closed after `idleTimeoutMs`;
 *  - close() stops accepting, lets every connection finish the frames it already received (up to
 *    `closeGraceMs`), then ends the connections.
 */
import net from 'node:net';
import type { Logger } from '../../../platform/logging/logger.js';
import { buildAck, buildBatchAck, type AckInput } from '../hl7/ack.js';
import { decodePayload, frame, MllpDecoder } from './framing.js';

export interface MllpListenerOptions {
  host: string;
  port: number;
  /** Default 1 MiB. */
  maxFrameBytes?: number;
  /** Default 5 minutes. */
  idleTimeoutMs?: number;
  /** Default 60 s. */
  handlerTimeoutMs?: number;
  /** Frames queued per connection before reading pauses. Default 64. */
  maxPendingFrames?: number;
  /** How long close() waits for in-flight frames. Default 5 s. */
  closeGraceMs?: number;
  handle: (raw: string) => Promise<AckInput>;
  log: Logger;
}

export interface MllpStats {
  connections: number;
  /** Frames handed to the handler. */
  messages: number;
  oversized: number;
  handlerErrors: number;
  handlerTimeouts: number;
  strayBytes: number;
  acks: { AA: number; AE: number; AR: number };
}

export interface MllpListener {
  port: number;
  close(): Promise<void>;
  stats: MllpStats;
}

const TEMPORARY_FAILURE: AckInput = { code: 'AE', text: 'Temporarily unable to process; resend later', errorCode: '207' };

class HandlerTimeout extends Error {}

export async function startMllpListener(opts: MllpListenerOptions): Promise<MllpListener> {
  const log = opts.log.child({ component: 'mllp' });
  const maxFrameBytes = opts.maxFrameBytes ?? 1_048_576;
  const handlerTimeoutMs = opts.handlerTimeoutMs ?? 60_000;
  const maxPending = opts.maxPendingFrames ?? 64;
  const stats: MllpStats = { connections: 0, messages: 0, oversized: 0, handlerErrors: 0, handlerTimeouts: 0, strayBytes: 0, acks: { AA: 0, AE: 0, AR: 0 } };
  const connections = new Map<net.Socket, { drained: () => Promise<void> }>();
  let closing = false;

  async function handleWithTimeout(text: string): Promise<AckInput> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        opts.handle(text),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new HandlerTimeout()), handlerTimeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  const server = net.createServer((socket) => {
    stats.connections += 1;
    const decoder = new MllpDecoder(maxFrameBytes);
    let queue = Promise.resolve();
    let pending = 0;
    let paused = false;
    let strayWarned = false;
    connections.set(socket, { drained: () => queue });

    socket.setTimeout(opts.idleTimeoutMs ?? 300_000, () => {
      if (pending === 0) socket.end();
    });
    const reply = (ack: string, code: AckInput['code'], encoding: 'latin1' | 'utf8') => {
      stats.acks[code] += 1;
      if (!socket.destroyed && socket.writable) socket.write(frame(ack, encoding));
    };
    const settle = () => {
      pending -= 1;
      if (paused && pending <= maxPending / 2) {
        paused = false;
        socket.resume();
      }
    };

    socket.on('data', (data: Buffer) => {
      const before = decoder.strayBytes;
      const events = decoder.push(data);
      const stray = decoder.strayBytes - before;
      if (stray > 0) {
        stats.strayBytes += stray;
        if (!strayWarned) {
          strayWarned = true;
          log.warn({ strayBytes: stray }, 'MLLP bytes outside frames discarded');
        }
      }
      for (const ev of events) {
        pending += 1;
        queue = queue.then(async () => {
          try {
            if (ev.kind === 'oversized') {
              stats.oversized += 1;
              log.warn({ bytes: ev.bytes, maxFrameBytes }, 'MLLP frame too large; discarded');
              const result: AckInput = { code: 'AR', text: `Message larger than ${maxFrameBytes} bytes`, errorCode: '207' };
              reply(buildAck(ev.head, result), 'AR', 'latin1');
              return;
            }
            stats.messages += 1;
            const { text, encoding } = decodePayload(ev.text);
            let result: AckInput;
            try {
              result = await handleWithTimeout(text);
            } catch (err) {
              if (err instanceof HandlerTimeout) {
                stats.handlerTimeouts += 1;
                log.error({ timeoutMs: handlerTimeoutMs }, 'MLLP handler timed out');
              } else {
                stats.handlerErrors += 1;
                // Error class and code only: messages of driver errors can quote values (PHI).
                log.error({ errName: (err as Error)?.name, errCode: (err as { code?: unknown })?.code }, 'MLLP handler failed');
              }
              result = TEMPORARY_FAILURE;
            }
            // A batch file gets a batch acknowledgement (one MSA per message); a single message its ACK.
            const ack = result.batch ? buildBatchAck(text, result.batch) : buildAck(text, result);
            reply(ack, (/\rMSA.(A[AER])/.exec(ack)?.[1] as AckInput['code']) ?? result.code, encoding);
          } finally {
            settle();
          }
        });
      }
      if (pending > maxPending && !paused) {
        paused = true;
        socket.pause();
      }
    });
    socket.on('error', () => undefined); // peer resets are normal; 'close' cleans up
    // An unterminated frame at close is dropped: without its end marker it may be incomplete.
    socket.on('close', () => connections.delete(socket));
  });
  server.maxConnections = 256;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => log.error({ errName: err.name, errCode: (err as { code?: unknown }).code }, 'MLLP server error'));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  log.info({ host: opts.host, port }, 'MLLP listener ready');

  return {
    port,
    stats,
    close: async () => {
      if (closing) return;
      closing = true;
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      const grace = opts.closeGraceMs ?? 5_000;
      await Promise.all(
        [...connections].map(async ([socket, c]) => {
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([c.drained(), new Promise<void>((r) => (timer = setTimeout(r, grace)))]);
          clearTimeout(timer);
          socket.end();
          setTimeout(() => socket.destroy(), 1_000).unref();
        }),
      );
      await serverClosed;
    },
  };
}
