/**
 * One rule for every piece of free text that reaches the API (and HL7/FHIR text that reaches
 * people). Browser-safe: no Node APIs, so the web UI counts characters with the same function.
 *
 * The rule, applied in this order:
 *   1. Refused (400 naming the field, position given in characters from 1):
 *      - C0 control characters U+0000–U+001F except TAB (U+0009), LF (U+000A) and CR (U+000D);
 *        DEL (U+007F); C1 control characters U+0080–U+009F. NUL is the one PostgreSQL `text`
 *        cannot hold at all; the others are invisible and have no place in a message.
 *      - lone (unpaired) UTF-16 surrogates, which are not Unicode text: they would otherwise be
 *        replaced by U+FFFD on the way to the database, so what was stored differed from what
 *        was accepted.
 *      - (`singleLine` fields) any line break or tab.
 *   2. Line breaks normalised: CR LF and a lone CR become LF. So CR is accepted, never stored,
 *      and the character count is the same whatever the client's line endings.
 *   3. Stripped: bidirectional embedding/override/isolate controls U+202A–U+202E (LRE, RLE, PDF,
 *      LRO, RLO) and U+2066–U+2069 (LRI, RLI, FSI, PDI). They can make text display in another
 *      order than it is stored ("Trojan Source"-style spoofing of a subject or a care-team
 *      message). The implicit marks LRM/RLM/ALM (U+200E, U+200F, U+061C) stay: they cannot
 *      reorder runs and right-to-left writers need them.
 *   4. Optionally trimmed (`trim`), then length checked in code points — the same count the UI
 *      counter shows (`codePointLength`), that autosave and send enforce, and that PostgreSQL's
 *      `length()` on a UTF-8 database applies in the CHECK constraints.
 * Accepted text is stored and returned exactly as the schema's output (the property test in
 * text.test.ts checks that output is a fixed point: parsing it again changes nothing).
 */
import { z } from 'zod';

export { codePointLength } from './text-count.js';
import { codePointLength } from './text-count.js';

/** Bidi embedding, override and isolate controls (stripped). */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

const hex = (c: number) => `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
const isControl = (c: number) => (c <= 0x1f && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0x7f && c <= 0x9f);

export type TextProblem =
  { kind: 'control'; codePoint: string; position: number } | { kind: 'surrogate'; position: number } | { kind: 'line_break'; position: number };

/** The first character the rule refuses (positions count code points from 1), or null. */
export function findTextProblem(s: string, opts: { singleLine?: boolean } = {}): TextProblem | null {
  let pos = 0;
  for (let i = 0; i < s.length; i++) {
    pos++;
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = s.charCodeAt(i + 1);
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
      return { kind: 'surrogate', position: pos };
    }
    if (isControl(c)) return { kind: 'control', codePoint: hex(c), position: pos };
    if (opts.singleLine && (c === 0x0a || c === 0x0d || c === 0x09)) return { kind: 'line_break', position: pos };
  }
  return null;
}

export function describeTextProblem(p: TextProblem): string {
  switch (p.kind) {
    case 'control':
      return `contains a control character (${p.codePoint}) at character ${p.position}, which is not allowed`;
    case 'surrogate':
      return `contains an invalid character (an unpaired UTF-16 surrogate) at character ${p.position}`;
    case 'line_break':
      return `must be on one line (a line break or tab at character ${p.position})`;
  }
}

/** Steps 2–3 of the rule on text that passed step 1: line breaks to LF, bidi controls removed. */
export function normalizeText(s: string): string {
  return s.replace(/\r\n?/g, '\n').replace(BIDI_CONTROLS, '');
}

export interface TextOptions {
  /** Maximum length in code points (after normalising and trimming). */
  max: number;
  /** Minimum length in code points (after trimming); default 0. */
  min?: number;
  /** Trim leading/trailing white space before counting and storing. Default false. */
  trim?: boolean;
  /** Refuse line breaks and tabs (subjects, one-line labels). Default false. */
  singleLine?: boolean;
  /** Message when shorter than `min` (default "Enter a value" for min 1). */
  tooShort?: string;
  /** Message when longer than `max` (default "Must be N characters or fewer"). */
  tooLong?: string;
}

/** The clean form of `s` under the rule, or the reason it is refused. Pure; used by `text()`. */
export function checkText(s: string, opts: TextOptions): { ok: true; value: string } | { ok: false; message: string } {
  const problem = findTextProblem(s, opts);
  if (problem) return { ok: false, message: describeTextProblem(problem) };
  let value = normalizeText(s);
  if (opts.trim) value = value.trim();
  const n = codePointLength(value);
  const min = opts.min ?? 0;
  if (n < min) return { ok: false, message: opts.tooShort ?? (min === 1 ? 'Enter a value' : `Must be at least ${min.toLocaleString('en-US')} characters`) };
  if (n > opts.max) return { ok: false, message: opts.tooLong ?? `Must be ${opts.max.toLocaleString('en-US')} characters or fewer` };
  return { ok: true, value };
}

/**
 * A zod string that applies the rule. Output type stays `string` (checks and `overwrite`, no
 * transform), so it works in request and response schemas and the OpenAPI document states
 * `minLength`/`maxLength`. zod (≥ 4.1) counts string lengths in code points too; text.test.ts
 * fails if that ever stops agreeing with `codePointLength`.
 */
export function text(opts: TextOptions) {
  const min = opts.min ?? 0;
  let schema = z
    .string()
    .check((ctx) => {
      const problem = findTextProblem(ctx.value, opts);
      // `continue: false`: nothing else is checked or rewritten once the input is refused.
      if (problem) ctx.issues.push({ code: 'custom', message: describeTextProblem(problem), input: ctx.value, continue: false });
    })
    .overwrite(normalizeText);
  if (opts.trim) schema = schema.trim();
  if (min > 0) schema = schema.min(min, opts.tooShort ?? (min === 1 ? 'Enter a value' : `Must be at least ${min.toLocaleString('en-US')} characters`));
  return schema.max(opts.max, opts.tooLong ?? `Must be ${opts.max.toLocaleString('en-US')} characters or fewer`);
}
