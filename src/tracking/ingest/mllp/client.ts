/**
 * Minimal MLLP sender: writes the messages on one connection and resolves with the ACK for each,
 * in order. Used by tests, the CLI and the benchmarks. Messages are encoded like the listener
 * decodes them (latin1, or UTF-8 when MSH-18 declares it).
 */
import net from 'node:net';
import { decodePayload, frame, messageEncoding, MllpDecoder } from './framing.js';

export async function sendMllp(host: string, port: number, messages: string[], timeoutMs = 30_000): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const acks: string[] = [];
    const decoder = new MllpDecoder(10 * 1_048_576);
    const socket = net.connect({ host, port });
    let done = false;
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) {
        socket.destroy();
        reject(err);
      } else {
        socket.end();
        resolve(acks);
      }
    };
    const timer = setTimeout(() => finish(new Error(`MLLP: ${acks.length}/${messages.length} ACKs before timeout`)), timeoutMs);
    socket.on('connect', () => {
      for (const m of messages) socket.write(frame(m, messageEncoding(m)));
      if (messages.length === 0) finish();
    });
    socket.on('data', (d: Buffer) => {
      for (const ev of decoder.push(d)) if (ev.kind === 'message') acks.push(decodePayload(ev.text).text);
      if (acks.length >= messages.length) finish();
    });
    socket.on('error', (err) => finish(err));
    socket.on('close', () =>
      finish(acks.length < messages.length ? new Error(`MLLP: connection closed after ${acks.length}/${messages.length} ACKs`) : undefined),
    );
  });
}

/** The MSA-1 code of an ACK (AA / AE / AR), '' when there is no MSA. */
export function ackCode(ack: string): string {
  const msa = ack.split(/\r\n|\r|\n/).find((l) => l.startsWith('MSA'));
  return msa ? (msa.split(msa[3] ?? '|')[1] ?? '') : '';
}
