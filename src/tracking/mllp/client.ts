/**
 * Minimal MLLP sender: writes messages on one connection and resolves with the ACK for each, in
 * order. Used by tests, the CLI and the proof scripts.
 */
import net from 'node:net';
import { frame, MllpDecoder } from './framing.js';

export async function sendMllp(host: string, port: number, messages: string[], timeoutMs = 30_000): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const acks: string[] = [];
    const decoder = new MllpDecoder(10 * 1_048_576);
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`MLLP: ${acks.length}/${messages.length} ACKs before timeout`));
    }, timeoutMs);
    socket.on('connect', () => {
      for (const m of messages) socket.write(frame(m));
      if (messages.length === 0) socket.end();
    });
    socket.on('data', (d: Buffer) => {
      for (const ev of decoder.push(d)) if (ev.kind === 'message') acks.push(ev.text);
      if (acks.length >= messages.length) {
        clearTimeout(timer);
        socket.end();
        resolve(acks);
      }
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      if (acks.length < messages.length) reject(new Error(`MLLP: connection closed after ${acks.length}/${messages.length} ACKs`));
    });
  });
}

/** The MSA-1 code of an ACK (AA / AE / AR). */
export function ackCode(ack: string): string {
  const msa = ack.split(/\r/).find((l) => l.startsWith('MSA'));
  return msa ? msa.split(msa[3] ?? '|')[1] ?? '' : '';
}
