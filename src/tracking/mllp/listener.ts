/**
 * MLLP TCP listener for CMOP HL7 v2. Each connection is processed in order (the n-th ACK answers
 * the n-th message), frames are bounded, idle connections are closed, and a handler failure is
 * answered with AE rather than dropping the connection. The handler decides AA/AE/AR; this module
 * only builds the ACK and frames it.
 */
import net from 'node:net';
import type { Logger } from '../../platform/logging/logger.js';
import { buildAck, type AckInput } from '../hl7/ack.js';
import { frame, MllpDecoder } from './framing.js';

export interface MllpListenerOptions {
  host: string;
  port: number;
  maxFrameBytes?: number;
  idleTimeoutMs?: number;
  handle: (raw: string) => Promise<AckInput>;
  log: Logger;
}

export interface MllpListener {
  port: number;
  close(): Promise<void>;
  stats: { connections: number; messages: number; oversized: number; handlerErrors: number; strayBytes: number };
}

export async function startMllpListener(opts: MllpListenerOptions): Promise<MllpListener> {
  const log = opts.log.child({ component: 'mllp' });
  const maxFrameBytes = opts.maxFrameBytes ?? 1_048_576;
  const stats = { connections: 0, messages: 0, oversized: 0, handlerErrors: 0, strayBytes: 0 };
  const sockets = new Set<net.Socket>();

  const server = net.createServer((socket) => {
    stats.connections += 1;
    sockets.add(socket);
    socket.setTimeout(opts.idleTimeoutMs ?? 300_000, () => socket.end());
    const decoder = new MllpDecoder(maxFrameBytes);
    let queue = Promise.resolve();
    const reply = (text: string) => {
      if (!socket.destroyed) socket.write(frame(text));
    };
    socket.on('data', (data: Buffer) => {
      const before = decoder.strayBytes;
      for (const ev of decoder.push(data)) {
        queue = queue.then(async () => {
          if (ev.kind === 'oversized') {
            stats.oversized += 1;
            reply(buildAck('', { code: 'AR', text: `Message larger than ${maxFrameBytes} bytes`, errorCode: 'TOO_LARGE' }));
            return;
          }
          stats.messages += 1;
          let result: AckInput;
          try {
            result = await opts.handle(ev.text);
          } catch (err) {
            stats.handlerErrors += 1;
            log.error({ err }, 'MLLP handler failed');
            result = { code: 'AE', text: 'Temporarily unable to process; resend later', errorCode: 'PROCESSING_FAILED' };
          }
          reply(buildAck(ev.text, result));
        });
      }
      stats.strayBytes += decoder.strayBytes - before;
    });
    socket.on('error', () => undefined); // peer resets are normal; nothing to clean beyond close
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  log.info({ host: opts.host, port }, 'MLLP listener ready');
  return {
    port,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.end();
        server.close(() => resolve());
        setTimeout(() => sockets.forEach((s) => s.destroy()), 2000).unref();
      }),
  };
}
