/** The one text rule (src/shared/text.ts): table cases and fast-check properties over random strings. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkText, codePointLength, findTextProblem, normalizeText, text } from './text.js';

const field = (opts: Parameters<typeof text>[0]) => z.object({ v: text(opts) });
const parse = (v: string, opts: Parameters<typeof text>[0] = { max: 2000 }) => field(opts).safeParse({ v });
const firstIssue = (r: ReturnType<typeof parse>) => (r.success ? null : { path: r.error.issues[0]!.path, message: r.error.issues[0]!.message });

describe('text rule: table', () => {
  it.each<[string, string, string]>([
    ['NUL', 'hello\u0000world', 'contains a control character (U+0000) at character 6, which is not allowed'],
    ['bell', '\u0007', 'contains a control character (U+0007) at character 1, which is not allowed'],
    ['escape', 'a\u001b[31m', 'contains a control character (U+001B) at character 2, which is not allowed'],
    ['DEL', 'x\u007f', 'contains a control character (U+007F) at character 2, which is not allowed'],
    ['C1 (NEL)', '\u0085', 'contains a control character (U+0085) at character 1, which is not allowed'],
    ['C1 (CSI)', 'ok\u009b', 'contains a control character (U+009B) at character 3, which is not allowed'],
    ['lone high surrogate', 'a\ud800b', 'contains an invalid character (an unpaired UTF-16 surrogate) at character 2'],
    ['lone low surrogate at the end', '😀\udc00', 'contains an invalid character (an unpaired UTF-16 surrogate) at character 2'],
    ['reversed pair', '\ude00\ud83d', 'contains an invalid character (an unpaired UTF-16 surrogate) at character 1'],
  ])('refuses %s, naming the field and the position', (_n, input, message) => {
    expect(firstIssue(parse(input))).toEqual({ path: ['v'], message });
  });

  it.each<[string, string, string]>([
    ['tab and newline kept', 'a\tb\nc', 'a\tb\nc'],
    ['CR LF → LF', 'line 1\r\nline 2', 'line 1\nline 2'],
    ['lone CR → LF', 'a\rb', 'a\nb'],
    ['bidi override stripped (RLO … PDF)', 'invoice\u202Egpj.exe\u202C', 'invoicegpj.exe'],
    ['every embedding/override/isolate stripped', '\u202A\u202B\u202C\u202D\u202Ex\u2066\u2067\u2068\u2069', 'x'],
    ['implicit marks kept (LRM, RLM, ALM)', 'a\u200Eb\u200Fc\u061Cd', 'a\u200Eb\u200Fc\u061Cd'],
    ['emoji, CJK, combining marks kept', '😀 漢字 e\u0301', '😀 漢字 e\u0301'],
    ['non-characters and BOM are text, kept', '\uFEFF\uFFFE', '\uFEFF\uFFFE'],
  ])('accepts: %s', (_n, input, output) => {
    expect(parse(input)).toEqual({ success: true, data: { v: output } });
  });

  it('counts code points: 2,000 emoji fit a 2,000 limit, 2,001 do not (autosave, send and the database agree)', () => {
    expect(codePointLength('😀'.repeat(2000))).toBe(2000);
    expect('😀'.repeat(2000).length).toBe(4000);
    expect(parse('😀'.repeat(2000)).success).toBe(true);
    expect(firstIssue(parse('😀'.repeat(2001)))).toEqual({ path: ['v'], message: 'Must be 2,000 characters or fewer' });
    // Stripped characters and CR of CR LF do not count.
    expect(parse(`${'a'.repeat(2000)}\u202E\u202C`).success).toBe(true);
    expect(parse(`${'a\r\n'.repeat(1000)}`).success).toBe(true);
  });

  it('min, trim, single line and custom messages', () => {
    expect(firstIssue(parse('   ', { max: 50, min: 1, trim: true, tooShort: 'Enter a subject' }))).toEqual({ path: ['v'], message: 'Enter a subject' });
    expect(parse('  hi \u202E ', { max: 50, min: 1, trim: true })).toEqual({ success: true, data: { v: 'hi' } });
    expect(firstIssue(parse('two\nlines', { max: 50, singleLine: true }))).toEqual({
      path: ['v'],
      message: 'must be on one line (a line break or tab at character 4)',
    });
    expect(firstIssue(parse('abc', { max: 2, tooLong: 'Too long' }))).toEqual({ path: ['v'], message: 'Too long' });
  });

  it('a refused value reports one issue (nothing is rewritten or length-checked after it)', () => {
    const r = parse(`\u0000${'x'.repeat(3000)}`);
    expect(r.success ? [] : r.error.issues).toHaveLength(1);
  });

  it('states its limits in the JSON schema (OpenAPI)', () => {
    expect(z.toJSONSchema(text({ max: 50, min: 1, trim: true }))).toMatchObject({ type: 'string', minLength: 1, maxLength: 50 });
  });
});

/** Strings built from single UTF-16 units (so lone surrogates occur) mixed with the characters the rule is about. */
const special = fc.constantFrom(
  '\u0000',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u009f',
  '\u202A',
  '\u202E',
  '\u2066',
  '\u2069',
  '\u200F',
  '\ud800',
  '\udfff',
  '😀',
  'é',
  ' ',
);
const unit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const anyText = fc
  .array(fc.oneof({ weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) }, { weight: 2, arbitrary: special }, { weight: 1, arbitrary: unit }), {
    maxLength: 60,
  })
  .map((parts) => parts.join(''));
const options = fc.record({ max: fc.integer({ min: 0, max: 80 }), min: fc.integer({ min: 0, max: 3 }), trim: fc.boolean(), singleLine: fc.boolean() });

const wellFormed = (s: string) => findTextProblem(s) === null;

describe('text rule: properties (fast-check)', () => {
  it('never throws; accepted output is clean, within limits, and a fixed point (stored and returned unchanged)', () => {
    fc.assert(
      fc.property(anyText, options, (input, opts) => {
        const r = parse(input, opts);
        if (!r.success) {
          expect(r.error.issues[0]!.path).toEqual(['v']);
          expect(r.error.issues[0]!.message.length).toBeGreaterThan(0);
          return;
        }
        const out = r.data.v;
        expect(wellFormed(out)).toBe(true);
        expect(out).not.toMatch(/[\r\u202A-\u202E\u2066-\u2069]/);
        expect(codePointLength(out)).toBeLessThanOrEqual(opts.max);
        expect(codePointLength(out)).toBeGreaterThanOrEqual(opts.min);
        // What we store is `out`; reading it back and sending it again must not change it.
        expect(parse(out, opts)).toEqual({ success: true, data: { v: out } });
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts exactly the inputs the rule allows, with the same result as the pure checkText', () => {
    fc.assert(
      fc.property(anyText, options, (input, opts) => {
        const expected = checkText(input, opts);
        const r = parse(input, opts);
        expect(r.success).toBe(expected.ok);
        if (r.success && expected.ok) expect(r.data.v).toBe(expected.value);
        // The rule in words: refused iff a forbidden character, or too short/long after normalising.
        const cleaned = opts.trim ? normalizeText(input).trim() : normalizeText(input);
        const allowed = findTextProblem(input, opts) === null && codePointLength(cleaned) >= opts.min && codePointLength(cleaned) <= opts.max;
        expect(r.success).toBe(allowed);
      }),
      { numRuns: 3000 },
    );
  });

  it('text without CR or bidi controls comes back character for character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
        fc.pre(wellFormed(s) && !/[\r\u202A-\u202E\u2066-\u2069]/.test(s));
        expect(parse(s, { max: 1000 })).toEqual({ success: true, data: { v: s } });
      }),
      { numRuns: 1000 },
    );
  });

  it('codePointLength agrees with the string iterator (and so with zod’s and PostgreSQL’s counts)', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        expect(codePointLength(s)).toBe([...s].length);
        expect(z.string().max(codePointLength(s)).safeParse(s).success).toBe(true);
        if (codePointLength(s) > 0)
          expect(
            z
              .string()
              .max(codePointLength(s) - 1)
              .safeParse(s).success,
          ).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});
