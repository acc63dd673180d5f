/**
 * The parser's fast paths (issue 19) against the plain definitions they replace, on the fuzz
 * corpus: lines split by indexOf vs splitting on every CR/LF, fields scanned lazily vs
 * `split(field separator)` (header segments shifted by one), components read without the object
 * model vs through it, the usual delimiters without the checks vs with them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Hl7ParseError } from './errors.js';
import { mutations, seededRng } from './fuzz.js';
import { parseHl7, readDelimiters, splitLines } from './message.js';

const dir = new URL('./__fixtures__/', import.meta.url);
const seeds = readdirSync(dir).map((f) => readFileSync(new URL(f, dir), 'latin1'));
const corpus = [...seeds, ...mutations(seeds, 1500, seededRng(19))];

describe('parser fast paths agree with the plain definitions', () => {
  it('splitLines = split on every CR and LF, blank lines dropped', () => {
    for (const text of corpus) expect(splitLines(text)).toEqual(text.split(/[\r\n]/).filter((l) => /\S/.test(l)));
  });

  it('fields read lazily = split on the field separator (MSH/FHS/BHS: field 1 is the separator itself)', () => {
    let segments = 0;
    for (const text of corpus) {
      let msg;
      try {
        msg = parseHl7(text);
      } catch (err) {
        expect(err).toBeInstanceOf(Hl7ParseError);
        continue;
      }
      const sep = msg.delimiters.field;
      for (const seg of msg.segments) {
        const parts = seg.raw.split(sep);
        const header = ['MSH', 'FHS', 'BHS'].includes(parts[0]!);
        const fields = header ? [parts[0]!, sep, ...parts.slice(1)] : parts;
        // Read in a scattered order so the lazy scan is exercised from every state.
        for (const n of [3, 1, 0, 2, fields.length + 1, ...fields.keys()]) expect(seg.rawField(n)).toBe(n >= 1 ? (fields[n] ?? '') : '');
        expect(seg.fieldCount).toBe(fields.length - 1);
        for (let n = 3; n < Math.min(fields.length, 20); n++) for (const c of [1, 2, 5]) expect(seg.get(n, c)).toBe(seg.field(n).repetition(1).component(c));
        segments++;
      }
    }
    expect(segments).toBeGreaterThan(2500);
  });

  it('the usual |^~\\& is read as the checked path reads it', () => {
    expect(readDelimiters('MSH|^~\\&|CMOP')).toEqual({ field: '|', component: '^', repetition: '~', escape: '\\', subcomponent: '&' });
    expect(readDelimiters('MSH|^~\\&')).toEqual({ field: '|', component: '^', repetition: '~', escape: '\\', subcomponent: '&' });
    expect(readDelimiters('MSH|^~\\&#|CMOP')).toEqual({ field: '|', component: '^', repetition: '~', escape: '\\', subcomponent: '&', truncation: '#' });
    expect(() => readDelimiters('MSH|^~\\&A|CMOP')).toThrow(Hl7ParseError);
  });
});
