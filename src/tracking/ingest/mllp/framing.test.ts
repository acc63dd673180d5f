import { describe, expect, it } from 'vitest';
import { decodePayload, frame, messageEncoding, MllpDecoder } from './framing.js';

const texts = (evs: ReturnType<MllpDecoder['push']>) => evs.map((e) => (e.kind === 'message' ? e.text : `oversized:${e.bytes}:${e.head.length}`));
const bytes = (...parts: Array<Buffer | string | number[]>) =>
  Buffer.concat(parts.map((p) => (Buffer.isBuffer(p) ? p : typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('MLLP decoder', () => {
  it.each<[string, Buffer[], string[], number]>([
    ['one frame', [frame('A')], ['A'], 0],
    ['two frames in one chunk', [bytes(frame('A'), frame('B'))], ['A', 'B'], 0],
    ['split inside the payload', [frame('HELLO').subarray(0, 3), frame('HELLO').subarray(3)], ['HELLO'], 0],
    ['split between FS and CR', [frame('X').subarray(0, 3), frame('X').subarray(3), frame('Y')], ['X', 'Y'], 0],
    ['split right after VT', [frame('XY').subarray(0, 1), frame('XY').subarray(1)], ['XY'], 0],
    ['one byte at a time', [...frame('MSH|^~\\&').values()].map((b) => Buffer.from([b])), ['MSH|^~\\&'], 0],
    ['noise before and between', [bytes('zz', frame('A'), 'q', frame('B'))], ['A', 'B'], 3],
    ['FS without CR still ends the frame', [bytes([0x0b], 'A', [0x1c], frame('B'))], ['A', 'B'], 0],
    ['unclosed frame restarted by VT counts as noise', [bytes([0x0b], 'lost', frame('B'))], ['B'], 4],
    ['empty frame', [frame('')], [''], 0],
    ['binary payload survives', [frame('\u00ff\u0000\u0001')], ['\u00ff\u0000\u0001'], 0],
  ])('%s', (_name, chunks, expected, stray) => {
    const d = new MllpDecoder(1024);
    expect(chunks.flatMap((c) => texts(d.push(c)))).toEqual(expected);
    expect(d.strayBytes).toBe(stray);
  });

  it('reports an oversized frame without buffering it (keeping its head for the ACK), then carries on', () => {
    const d = new MllpDecoder(10);
    const big = frame('MSH|' + 'x'.repeat(46));
    expect(texts([...d.push(big.subarray(0, 20)), ...d.push(big.subarray(20)), ...d.push(frame('ok'))])).toEqual(['oversized:50:50', 'ok']);
  });

  it('keeps at most 4 KiB of an oversized frame', () => {
    const d = new MllpDecoder(100);
    const [ev] = d.push(frame('y'.repeat(100_000)));
    expect(ev).toMatchObject({ kind: 'oversized', bytes: 100_000 });
    expect(ev!.kind === 'oversized' && ev!.head.length).toBe(4096);
  });
});

describe('character set', () => {
  it.each([
    ['MSH|^~\\&|A|B|C|D|1||RDS^R06|1|P|2.3.1', 'latin1'],
    ['MSH|^~\\&|A|B|C|D|1||RDS^R06|1|P|2.5||||||UNICODE UTF-8', 'utf8'],
    ['garbage', 'latin1'],
  ])('%j → %s', (text, enc) => {
    expect(messageEncoding(text)).toBe(enc);
  });
  it('re-decodes a UTF-8 message; latin1 bytes are kept one-to-one', () => {
    const utf8 = 'MSH|^~\\&|A|B|C|D|1||RDS^R06|1|P|2.5||||||UNICODE UTF-8\rRXD|1|1^CAFÉ';
    expect(decodePayload(frame(utf8, 'utf8').subarray(1, -2).toString('latin1')).text).toBe(utf8);
    const latin = 'MSH|^~\\&|A\rRXD|1|1^CAF\u00c9';
    expect(decodePayload(frame(latin).subarray(1, -2).toString('latin1')).text).toBe(latin);
  });
});
