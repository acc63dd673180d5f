import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildAck } from './ack.js';
import { isBatch, splitBatch } from './batch.js';
import { mapCmopMessage, peekHeader } from './cmop-dispense.js';
import { Hl7ParseError } from './errors.js';
import { mutate, mutations, seededRng } from './fuzz.js';

const dir = new URL('./__fixtures__/', import.meta.url);
const seeds = readdirSync(dir).map((f) => readFileSync(new URL(f, dir), 'latin1'));
const COUNT = Number(process.env.HL7_FUZZ_COUNT ?? 20_000);

describe('fuzzing the HL7 layer', () => {
  it('the corpus is reproducible from its seed and actually mutates', () => {
    const a = [...mutations(seeds, 50, seededRng(7))];
    const b = [...mutations(seeds, 50, seededRng(7))];
    expect(a).toEqual(b);
    expect(a.filter((m) => !seeds.includes(m)).length).toBeGreaterThan(40);
  });

  it(`${COUNT} mutated inputs: only Hl7ParseError (never INTERNAL), always an ACK, never slow`, () => {
    const codes = new Map<string, number>();
    let accepted = 0;
    let slowest = 0;
    for (const text of mutations(seeds, COUNT, seededRng(20260614))) {
      const started = performance.now();
      const parts = isBatch(text) ? splitBatch(text).messages : [text];
      for (const part of parts) {
        let result: { code: 'AA' | 'AE' | 'AR'; errorCode?: string; errorLocation?: string | null } = { code: 'AA' };
        try {
          mapCmopMessage(part);
          accepted += 1;
        } catch (err) {
          if (!(err instanceof Hl7ParseError))
            throw new Error(`non-Hl7ParseError thrown for input ${JSON.stringify(part.slice(0, 300))}: ${String(err)}`, { cause: err });
          if (err.code === 'INTERNAL') throw new Error(`INTERNAL for input ${JSON.stringify(part.slice(0, 300))}`, { cause: err });
          codes.set(err.code, (codes.get(err.code) ?? 0) + 1);
          result = { code: err.ack, errorCode: err.code, errorLocation: err.location };
        }
        const ack = buildAck(part, result);
        expect(ack.startsWith('MSH')).toBe(true);
        peekHeader(part);
      }
      slowest = Math.max(slowest, performance.now() - started);
    }
    // The mix matters: a fuzzer that only produces one error class is not exercising much.
    expect(codes.size).toBeGreaterThanOrEqual(7);
    expect(accepted).toBeGreaterThan(COUNT / 20);
    // A hang guard (a pathological input would take minutes), not a speed target: speed is bench/hl7-parse.ts.
    expect(slowest).toBeLessThan(10_000);
  });

  it('binary noise and pathological escapes do not hang', () => {
    const rng = seededRng(3);
    const started = performance.now();
    for (let i = 0; i < 200; i++) {
      const noise = Array.from({ length: 5000 }, () => String.fromCharCode(Math.floor(rng() * 256))).join('');
      for (const text of [
        noise,
        `MSH|^~\\&|${noise}`,
        `MSH|^~\\&|A\rRXD|1|${'\\'.repeat(50_000)}`,
        mutate(`MSH|^~\\&|A\rRXD|1|${'\\X41'.repeat(10_000)}`, rng),
      ]) {
        try {
          mapCmopMessage(text);
        } catch (err) {
          expect(err).toBeInstanceOf(Hl7ParseError);
        }
      }
    }
    expect(performance.now() - started).toBeLessThan(60_000); // hang guard
  });
});
