import { readFileSync } from 'node:fs';
import net from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../platform/logging/logger.js';
import type { AckInput } from '../hl7/ack.js';
import { mapCmopMessage } from '../hl7/cmop-dispense.js';
import { type Hl7ParseError } from '../hl7/errors.js';
import { parseHl7 } from '../hl7/message.js';
import { ackCode, sendMllp } from './client.js';
import { frame, MllpDecoder } from './framing.js';
import { startMllpListener, type MllpListener, type MllpListenerOptions } from './listener.js';

const fixture = (name: string) => readFileSync(new URL(`../hl7/__fixtures__/${name}`, import.meta.url), 'latin1');
const msg = (id: string, extra = '') => `MSH|^~\\&|CMOP|776|VISTA|442|20260614||RDS^R06|${id}|P|2.3.1${extra}`;
const msaControlId = (ack: string) => parseHl7(ack).segment('MSA')!.get(2);

/** The real mapping as a handler: AA when it maps, else the parse error's own ack. */
const mappingHandler = async (raw: string): Promise<AckInput> => {
  try {
    mapCmopMessage(raw);
    return { code: 'AA', text: 'Accepted' };
  } catch (err) {
    const e = err as Hl7ParseError;
    return { code: e.ack, text: e.message, errorCode: e.code, errorLocation: e.location };
  }
};

let listeners: MllpListener[] = [];
afterEach(async () => {
  await Promise.all(listeners.map((l) => l.close()));
  listeners = [];
});

async function start(overrides: Partial<MllpListenerOptions> = {}, logLines: string[] = []): Promise<MllpListener> {
  const destination = new Writable({
    write(chunk, _enc, cb) {
      logLines.push(String(chunk));
      cb();
    },
  });
  const l = await startMllpListener({ host: '127.0.0.1', port: 0, log: createLogger({ level: 'info', destination }), handle: mappingHandler, ...overrides });
  listeners.push(l);
  return l;
}

/** Write raw chunks (with pauses) and collect `expected` ACK frames. */
function exchange(port: number, chunks: Buffer[], expected: number, gapMs = 5): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const acks: string[] = [];
    const decoder = new MllpDecoder(1 << 20);
    const writeAll = async () => {
      for (const c of chunks) {
        s.write(c);
        await new Promise((r) => setTimeout(r, gapMs));
      }
    };
    const s = net.connect(port, '127.0.0.1', () => void writeAll().catch(reject));
    s.on('data', (d: Buffer) => {
      for (const ev of decoder.push(d)) if (ev.kind === 'message') acks.push(ev.text);
      if (acks.length >= expected) {
        s.end();
        resolve(acks);
      }
    });
    s.on('error', reject);
    setTimeout(() => reject(new Error(`only ${acks.length}/${expected} ACKs`)), 5000).unref();
  });
}

describe('MLLP listener over real TCP', () => {
  it('maps real fixtures and acknowledges each with its own control id, in order', async () => {
    const l = await start();
    const acks = await sendMllp('127.0.0.1', l.port, [
      fixture('rds-r06-single.hl7'),
      fixture('malformed-no-msh.hl7'),
      fixture('malformed-missing-rxd.hl7'),
      fixture('rrd-o14-rxd13.hl7'),
    ]);
    expect(acks.map(ackCode)).toEqual(['AA', 'AR', 'AE', 'AA']);
    expect(acks.map((a) => parseHl7(a).segment('MSA')!.get(2))).toEqual(['442-2719547-1', '', '442-NORXD-1', 'O14-55501']);
    expect(parseHl7(acks[3]!).delimiters.component).toBe('~'); // answered in the sender's delimiters
    expect(l.stats).toMatchObject({ messages: 4, acks: { AA: 2, AE: 1, AR: 1 } });
  });

  it('reassembles a message split into 1-byte chunks', async () => {
    const l = await start();
    const acks = await exchange(
      l.port,
      [...frame(msg('SPLIT1')).values()].map((b) => Buffer.from([b])),
      1,
      0,
    );
    expect(msaControlId(acks[0]!)).toBe('SPLIT1');
  });

  it('answers two messages sent in one chunk, and discards (and counts) garbage between frames', async () => {
    const handled: string[] = [];
    const l = await start({ handle: async (raw) => (handled.push(parseHl7(raw).controlId), { code: 'AA' }) });
    const chunk = Buffer.concat([Buffer.from('junk\r\n'), frame(msg('A1')), Buffer.from('xx'), frame(msg('A2')), Buffer.from([0x1c, 0x0d])]);
    const acks = await exchange(l.port, [chunk], 2);
    expect(acks.map(msaControlId)).toEqual(['A1', 'A2']);
    expect(handled).toEqual(['A1', 'A2']);
    expect(l.stats.strayBytes).toBe(10);
  });

  it('refuses an oversized frame with AR (echoing its MSH-10) without calling the handler, then carries on', async () => {
    let calls = 0;
    const l = await start({ maxFrameBytes: 1024, handle: async () => (calls++, { code: 'AA' }) });
    const acks = await sendMllp('127.0.0.1', l.port, [msg('BIG1', '\rNTE|1|' + 'x'.repeat(5000)), msg('OK2')]);
    expect(acks.map(ackCode)).toEqual(['AR', 'AA']);
    expect(acks[0]).toContain('MSA|AR|BIG1|Message larger than 1024 bytes');
    expect(calls).toBe(1);
    expect(l.stats.oversized).toBe(1);
  });

  it('a throwing handler gets AE "temporarily unable to process", logged without message content', async () => {
    const logs: string[] = [];
    let n = 0;
    const l = await start(
      {
        handle: async () => {
          n += 1;
          if (n === 2) throw Object.assign(new Error('duplicate key (icn)=(1012345678V123456) MORGAN'), { code: '23505' });
          return { code: 'AA' };
        },
      },
      logs,
    );
    const acks = await sendMllp('127.0.0.1', l.port, [msg('H1'), msg('H2'), msg('H3')]);
    expect(acks.map(ackCode)).toEqual(['AA', 'AE', 'AA']);
    expect(acks[1]).toContain('MSA|AE|H2|Temporarily unable to process; resend later');
    expect(acks[1]).toContain('207^Application internal error^HL70357');
    expect(l.stats.handlerErrors).toBe(1);
    const all = logs.join('');
    expect(all).toContain('MLLP handler failed');
    expect(all).toContain('23505');
    expect(all).not.toMatch(/1012345678V123456|MORGAN|duplicate key/);
  });

  it('keeps ACK order = message order when earlier messages take longer', async () => {
    const delays: Record<string, number> = { S1: 60, S2: 0, S3: 30 };
    const l = await start({ handle: async (raw) => (await new Promise((r) => setTimeout(r, delays[parseHl7(raw).controlId] ?? 0)), { code: 'AA' }) });
    const acks = await sendMllp('127.0.0.1', l.port, [msg('S1'), msg('S2'), msg('S3')]);
    expect(acks.map(msaControlId)).toEqual(['S1', 'S2', 'S3']);
  });

  it('a handler that never answers is cut off with AE after handlerTimeoutMs', async () => {
    const l = await start({
      handlerTimeoutMs: 50,
      handle: (raw) => (raw.includes('|HANG|') ? new Promise(() => undefined) : Promise.resolve({ code: 'AA' as const })),
    });
    const acks = await sendMllp('127.0.0.1', l.port, [msg('HANG'), msg('NEXT')]);
    expect(acks.map(ackCode)).toEqual(['AE', 'AA']);
    expect(l.stats.handlerTimeouts).toBe(1);
  });

  it('applies back-pressure: 300 pipelined messages with a small queue all get their ACK, in order', async () => {
    const l = await start({ maxPendingFrames: 4, handle: async () => (await new Promise((r) => setImmediate(r)), { code: 'AA' }) });
    const ids = Array.from({ length: 300 }, (_, i) => `P${i}`);
    const acks = await sendMllp(
      '127.0.0.1',
      l.port,
      ids.map((id) => msg(id)),
    );
    expect(acks.map(msaControlId)).toEqual(ids);
  });

  it('answers a UTF-8 message (MSH-18) in UTF-8', async () => {
    let seen = '';
    const l = await start({ handle: async (raw) => ((seen = parseHl7(raw).segment('RXD')!.get(2, 2)), { code: 'AE', text: 'Ünknown drug' }) });
    const [ack] = await sendMllp('127.0.0.1', l.port, [msg('U1', '||||||UNICODE UTF-8\rRXD|1|1^CAFÉ AU LAIT 5MG')]);
    expect(seen).toBe('CAFÉ AU LAIT 5MG');
    expect(ack).toContain('MSA|AE|U1|Ünknown drug');
  });

  it('closes idle connections', async () => {
    const l = await start({ idleTimeoutMs: 50 });
    const closed = await new Promise<boolean>((resolve) => {
      const s = net.connect(l.port, '127.0.0.1');
      s.on('close', () => resolve(true));
      s.on('error', () => undefined);
      setTimeout(() => resolve(false), 2000).unref();
    });
    expect(closed).toBe(true);
  });

  it('close() lets a message already received finish and be acknowledged', async () => {
    let release: () => void = () => undefined;
    let received: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const inHandler = new Promise<void>((r) => (received = r));
    const l = await start({ handle: async () => (received(), await gate, { code: 'AA' }) });
    const pending = sendMllp('127.0.0.1', l.port, [msg('LAST')]);
    // Close only once the message is in the handler (a fixed wait raced a slow connect on a busy CI machine).
    await inHandler;
    const closing = l.close();
    setTimeout(release, 30);
    const [ack] = await pending;
    await closing;
    expect(msaControlId(ack!)).toBe('LAST');
    await expect(sendMllp('127.0.0.1', l.port, [msg('AFTER')], 500)).rejects.toThrow();
  });
});
