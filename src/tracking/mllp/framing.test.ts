import { describe, expect, it } from 'vitest';
import { createLogger } from '../../platform/logging/logger.js';
import { ackCode, sendMllp } from './client.js';
import { frame, MllpDecoder } from './framing.js';
import { startMllpListener } from './listener.js';

const texts = (evs: ReturnType<MllpDecoder['push']>) => evs.map((e) => (e.kind === 'message' ? e.text : `oversized:${e.bytes}`));

describe('MLLP framing', () => {
  it.each([
    ['one frame', [frame('A')], ['A']],
    ['two frames in one chunk', [Buffer.concat([frame('A'), frame('B')])], ['A', 'B']],
    ['split inside the payload', [frame('HELLO').subarray(0, 3), frame('HELLO').subarray(3)], ['HELLO']],
    ['split between FS and CR', [frame('X').subarray(0, 3), frame('X').subarray(3), frame('Y')], ['X', 'Y']],
    ['noise before and between', [Buffer.concat([Buffer.from('zz'), frame('A'), Buffer.from('q'), frame('B')])], ['A', 'B']],
    ['unclosed frame restarted by VT', [Buffer.concat([Buffer.from([0x0b]), Buffer.from('lost'), frame('B')])], ['B']],
    ['binary payload survives', [frame('\u00ff\u0000\u0001')], ['\u00ff\u0000\u0001']],
  ])('%s', (_name, chunks, expected) => {
    const d = new MllpDecoder(1024);
    expect(chunks.flatMap((c) => texts(d.push(c)))).toEqual(expected);
  });

  it('reports an oversized frame without buffering it, then carries on', () => {
    const d = new MllpDecoder(10);
    const big = frame('x'.repeat(50));
    expect(texts([...d.push(big.subarray(0, 20)), ...d.push(big.subarray(20)), ...d.push(frame('ok'))])).toEqual(['oversized:50', 'ok']);
  });
});

describe('MLLP listener', () => {
  it('answers AR for oversized frames and AE when the handler throws, in message order', async () => {
    let n = 0;
    const listener = await startMllpListener({
      host: '127.0.0.1',
      port: 0,
      maxFrameBytes: 200,
      log: createLogger({ level: 'silent' }),
      handle: async () => {
        n += 1;
        if (n === 2) throw new Error('database down');
        return { code: 'AA', text: 'ok' };
      },
    });
    try {
      const msg = (id: string) => `MSH|^~\\&|A|B|C|D|20260614||RDS^R06|${id}|P|2.3.1`;
      const acks = await sendMllp('127.0.0.1', listener.port, [msg('1'), msg('2'), msg('3') + 'x'.repeat(300), msg('4')]);
      expect(acks.map(ackCode)).toEqual(['AA', 'AE', 'AR', 'AA']);
      expect(acks[0]).toContain('MSA|AA|1|ok');
      expect(acks[1]).toContain('MSA|AE|2|Temporarily unable to process');
      expect(listener.stats).toMatchObject({ messages: 3, oversized: 1, handlerErrors: 1 });
    } finally {
      await listener.close();
    }
  });
});
