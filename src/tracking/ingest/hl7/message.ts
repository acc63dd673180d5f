/**
 * HL7 v2 message model with 1-based accessors that read like the spec:
 *
 *   msg.segment('RXD')?.field(13).value          RXD-13 (whole field, decoded)
 *   msg.segment('RXD')?.field(2).component(2)    RXD-2.2 (first repetition)
 *   pid.field(3).repetitions()[1]?.component(5)  PID-3, second repetition, CX-5
 *   pid.get(3, 6, 2, 1)                          PID-3 component 6, repetition 2, subcomponent 1
 *
 * Delimiters come from the message itself (MSH-1 is the field separator, MSH-2 the encoding
 * characters in the order component, repetition, escape, subcomponent [, truncation]) and are never
 * assumed: VistA interfaces use `|^~\&`, `|~^\&` and even `^~|\&`. Because MSH-1 *is* the separator,
 * MSH field n is split part n-1; the accessors hide that, so `msh.field(9)` is MSH-9 as in the spec.
 * Segments may end in CR, LF or CRLF; blank lines are ignored.
 *
 * Values are split first and decoded (escape sequences) only when read, so an escaped delimiter
 * never splits a value. Escape decisions (documented because the standard leaves some open):
 *  - \F\ \S\ \T\ \R\ \E\ → the message's own delimiters; \P\ → the truncation character (2.7);
 *  - \Xhh…\ → the bytes, read as latin1 (one byte = one character, same as the MLLP transport);
 *  - \.br\ → "\n"; \.sp\ / \.sp n\ → n newlines (at most 10); other formatting commands
 *    (\H\ \N\ \.ce\ \.fi\ \.nf\ \.in±n\ \.ti±n\ \.sk n\) → '' (they only change presentation);
 *  - anything else (\Cxxyy\ / \Mxxyyzz\ charset switches, \Zxx\ site escapes, unterminated ones) is
 *    kept literally, escape characters included: losing text silently is worse than showing it.
 * An explicit HL7 null (`""`) reads as '' from get()/component(); `field(n).isNull` tells it apart.
 *
 * parseHl7 throws Hl7ParseError and nothing else, is linear in the input size, and refuses input
 * longer than MAX_MESSAGE_CHARS; this is fuzzed (see fuzz.test.ts).
 */
import { Hl7ParseError } from './errors.js';

export interface Delimiters {
  field: string;
  component: string;
  repetition: string;
  escape: string;
  subcomponent: string;
  /** HL7 2.7 truncation character (5th MSH-2 character), when present. */
  truncation?: string;
}

export const DEFAULT_DELIMITERS: Delimiters = { field: '|', component: '^', repetition: '~', escape: '\\', subcomponent: '&' };

/** Largest message we parse (characters = bytes, input is latin1); the MLLP listener refuses bigger frames first. */
export const MAX_MESSAGE_CHARS = 1_048_576;

/** Header segments whose field 1/2 carry the delimiters (MSH, and the batch headers FHS/BHS). */
const HEADER_SEGMENTS = new Set(['MSH', 'FHS', 'BHS']);

/** A delimiter must be printable and not a letter or digit (printable ASCII punctuation is decided without a regex). */
function badDelimiter(c: string): boolean {
  const k = c.charCodeAt(0);
  if (c.length === 1 && k > 32 && k < 127) return (k >= 48 && k <= 57) || (k >= 65 && k <= 90) || (k >= 97 && k <= 122);
  return /[A-Za-z0-9\s\x00-\x1f\x7f]/.test(c);
}

/** Read the delimiters from an MSH (or FHS/BHS) line. Throws Hl7ParseError('BAD_DELIMITERS'). */
export function readDelimiters(headerLine: string): Delimiters {
  const name = headerLine.slice(0, 3);
  if (!HEADER_SEGMENTS.has(name) || headerLine.length < 8)
    throw new Hl7ParseError('BAD_DELIMITERS', `${name || 'MSH'}-2`, `${name || 'MSH'} is too short to hold its delimiters`);
  const field = headerLine[3]!;
  // The usual `|^~\&` (valid by the rules below), without the checks.
  if (field === '|' && headerLine.startsWith('^~\\&', 4) && (headerLine.length === 8 || headerLine[8] === '|'))
    return { field, component: '^', repetition: '~', escape: '\\', subcomponent: '&' };
  const end = headerLine.indexOf(field, 4);
  const enc = end === -1 ? headerLine.slice(4) : headerLine.slice(4, end);
  if (enc.length < 4 || enc.length > 5) {
    throw new Hl7ParseError('BAD_DELIMITERS', `${name}-2`, `${name}-2 must hold 4 encoding characters (component, repetition, escape, subcomponent)`);
  }
  const chars = [field, ...enc];
  const bad = chars.some(badDelimiter) || new Set(chars).size !== chars.length;
  if (bad) throw new Hl7ParseError('BAD_DELIMITERS', `${name}-2`, 'Delimiters must be distinct, printable, non-alphanumeric characters');
  const d: Delimiters = { field, component: enc[0]!, repetition: enc[1]!, escape: enc[2]!, subcomponent: enc[3]! };
  if (enc.length === 5) d.truncation = enc[4]!;
  return d;
}

/** Decode HL7 escape sequences (rules in the module comment). Never throws. */
export function unescapeHl7(value: string, d: Delimiters): string {
  if (!value.includes(d.escape)) return value;
  let out = '';
  let i = 0;
  while (i < value.length) {
    const at = value.indexOf(d.escape, i);
    if (at === -1) {
      out += value.slice(i);
      break;
    }
    out += value.slice(i, at);
    const close = value.indexOf(d.escape, at + 1);
    if (close === -1) {
      out += value.slice(at);
      break;
    }
    const decoded = decodeSequence(value.slice(at + 1, close), d);
    out += decoded ?? value.slice(at, close + 1);
    i = close + 1;
  }
  return out;
}

function decodeSequence(seq: string, d: Delimiters): string | null {
  switch (seq) {
    case 'F':
      return d.field;
    case 'S':
      return d.component;
    case 'T':
      return d.subcomponent;
    case 'R':
      return d.repetition;
    case 'E':
      return d.escape;
    case 'P':
      return d.truncation ?? null;
    case '.br':
      return '\n';
    case 'H':
    case 'N':
    case '.ce':
    case '.fi':
    case '.nf':
      return '';
  }
  if (seq.length > 1 && seq.length % 2 === 1 && seq[0] === 'X' && /^X[0-9A-Fa-f]+$/.test(seq)) return Buffer.from(seq.slice(1), 'hex').toString('latin1');
  const sp = /^\.sp(?:\s*\+?(\d{1,3}))?$/.exec(seq);
  if (sp) return '\n'.repeat(Math.min(Number(sp[1] ?? '1'), 10));
  if (/^\.(in|ti)\s*[+-]?\d{1,3}$/.test(seq) || /^\.sk\s*[+-]?\d{1,3}$/.test(seq)) return '';
  return null;
}

/** Escape a value for writing into a message with delimiters `d` (ACK text, test fixtures). */
export function escapeHl7(value: string, d: Delimiters): string {
  let out = '';
  for (const ch of value) {
    if (ch === d.escape) out += `${d.escape}E${d.escape}`;
    else if (ch === d.field) out += `${d.escape}F${d.escape}`;
    else if (ch === d.component) out += `${d.escape}S${d.escape}`;
    else if (ch === d.subcomponent) out += `${d.escape}T${d.escape}`;
    else if (ch === d.repetition) out += `${d.escape}R${d.escape}`;
    else if (d.truncation !== undefined && ch === d.truncation) out += `${d.escape}P${d.escape}`;
    else if (ch === '\r' || ch === '\n') out += `${d.escape}.br${d.escape}`;
    else out += ch;
  }
  return out;
}

const nullToEmpty = (v: string) => (v === '""' ? '' : v);

/** One repetition of a field: components and subcomponents, decoded on read. */
export class Hl7Repetition {
  private comps: string[] | undefined;
  constructor(
    readonly raw: string,
    private readonly d: Delimiters,
  ) {}
  private parts(): string[] {
    return (this.comps ??= this.raw.split(this.d.component));
  }
  /** Raw components (undecoded). */
  rawComponents(): string[] {
    return this.parts();
  }
  /** Component n (1-based), subcomponent `sub` (1-based), decoded; '' when absent or `""`. */
  component(n: number, sub = 1): string {
    const comp = this.parts()[n - 1] ?? '';
    if (sub === 1 && !comp.includes(this.d.subcomponent)) return nullToEmpty(unescapeHl7(comp, this.d));
    return nullToEmpty(unescapeHl7(comp.split(this.d.subcomponent)[sub - 1] ?? '', this.d));
  }
  /** All subcomponents of component n, decoded. */
  subcomponents(n: number): string[] {
    const comp = this.parts()[n - 1];
    return comp === undefined ? [] : comp.split(this.d.subcomponent).map((s) => unescapeHl7(s, this.d));
  }
  get componentCount(): number {
    return this.raw === '' ? 0 : this.parts().length;
  }
  /** The whole repetition decoded; delimiters inside it are left as they are. */
  get value(): string {
    return unescapeHl7(this.raw, this.d);
  }
}

/** One field (all its repetitions). MSH-1 and MSH-2 are literal: never split or decoded. */
export class Hl7Field {
  private reps: Hl7Repetition[] | undefined;
  constructor(
    readonly raw: string,
    private readonly d: Delimiters,
    private readonly literal = false,
  ) {}
  /** True when the field is absent or empty ("unchanged" in CMOP terms). */
  get isEmpty(): boolean {
    return this.raw === '';
  }
  /** True for the explicit HL7 null `""` ("set to null" in CMOP terms). */
  get isNull(): boolean {
    return this.raw === '""';
  }
  repetitions(): Hl7Repetition[] {
    if (this.reps) return this.reps;
    if (this.raw === '') return (this.reps = []);
    const parts = this.literal ? [this.raw] : this.raw.split(this.d.repetition);
    return (this.reps = parts.map(
      (r) => new Hl7Repetition(r, this.literal ? { ...this.d, component: '\u0000', subcomponent: '\u0000', escape: '\u0000' } : this.d),
    ));
  }
  /** Repetition r (1-based); an empty repetition when absent. */
  repetition(r = 1): Hl7Repetition {
    return this.repetitions()[r - 1] ?? new Hl7Repetition('', this.d);
  }
  /** Component c / subcomponent s of the first repetition, decoded. */
  component(c: number, sub = 1): string {
    return this.repetition(1).component(c, sub);
  }
  /** The whole field decoded, all repetitions; repetition/component delimiters inside it are kept. */
  get value(): string {
    return this.literal ? this.raw : nullToEmpty(unescapeHl7(this.raw, this.d));
  }
}

export class Hl7Segment {
  /**
   * Positions of the field separators found so far (seps[k] ends split part k; part 0 is the
   * name). Scanned lazily, only as far as the highest field read: the CMOP mapping reads PID-3 of
   * a 13-field PID, so most of a segment is never cut into strings.
   */
  private readonly seps: number[] = [];
  private scanned = false;
  private fieldCache: Hl7Field[] | undefined;
  readonly name: string;
  /** MSH, FHS or BHS: fields 1 and 2 are the delimiters, read literally. */
  private readonly header: boolean;
  constructor(
    readonly raw: string,
    private readonly d: Delimiters,
  ) {
    // Usual shape (checked by parseHl7): a 3-character name, then the field separator or the end.
    const sep = raw.length === 3 ? 3 : raw[3] === d.field ? 3 : raw.indexOf(d.field);
    this.name = sep === -1 ? raw : raw.slice(0, sep);
    this.header = sep === 3 && HEADER_SEGMENTS.has(this.name);
  }
  /** Split part k (as `raw.split(field)[k]`), or undefined past the end. */
  private part(k: number): string | undefined {
    const seps = this.seps;
    while (seps.length < k + 1 && !this.scanned) {
      const at = this.raw.indexOf(this.d.field, seps.length === 0 ? 0 : seps[seps.length - 1]! + 1);
      if (at === -1) this.scanned = true;
      else seps.push(at);
    }
    if (k > seps.length) return undefined;
    const start = k === 0 ? 0 : seps[k - 1]! + 1;
    return this.raw.slice(start, k < seps.length ? seps[k] : this.raw.length);
  }
  /** Number of the last field present. */
  get fieldCount(): number {
    while (!this.scanned) this.part(this.seps.length + 1);
    // MSH-1 is the field separator itself, so header fields are shifted by one against the split.
    return this.seps.length + (this.header ? 1 : 0);
  }
  /** Raw (undecoded) field n; '' when absent. */
  rawField(n: number): string {
    if (n < 1) return '';
    if (this.header) return n === 1 ? this.d.field : (this.part(n - 1) ?? '');
    return this.part(n) ?? '';
  }
  /** Field n (1-based). Absent fields are empty. */
  field(n: number): Hl7Field {
    const cache = (this.fieldCache ??= []);
    return (cache[n] ??= new Hl7Field(this.rawField(n), this.d, this.header && (n === 1 || n === 2)));
  }
  /** Field n, component, repetition, subcomponent — all 1-based; decoded; '' when absent. */
  get(field: number, component = 1, repetition = 1, sub = 1): string {
    if ((field === 1 || field === 2) && this.header) return this.rawField(field);
    const raw = this.rawField(field);
    if (raw === '') return '';
    const d = this.d;
    // Fast path: a plain value (no repetition/component/subcomponent/escape characters).
    if (component === 1 && repetition === 1 && sub === 1 && !hasAny(raw, d)) return raw === '""' ? '' : raw;
    // Fast path: component c of the first repetition, with no repetition/subcomponent/escape character in the field.
    if (repetition === 1 && sub === 1 && !raw.includes(d.repetition) && !raw.includes(d.escape) && !raw.includes(d.subcomponent))
      return nthComponent(raw, d.component, component);
    return this.field(field).repetition(repetition).component(component, sub);
  }
  /** Repetitions of field n. */
  repetitions(field: number): Hl7Repetition[] {
    return this.field(field).repetitions();
  }
}

/** Component n (1-based) of a plain field (no repetition, subcomponent or escape character); '' when absent or `""`. */
function nthComponent(raw: string, sep: string, n: number): string {
  let start = 0;
  for (let k = 1; k < n; k++) {
    const at = raw.indexOf(sep, start);
    if (at === -1) return '';
    start = at + 1;
  }
  const end = raw.indexOf(sep, start);
  const v = end === -1 ? (start === 0 ? raw : raw.slice(start)) : raw.slice(start, end);
  return v === '""' ? '' : v;
}

function hasAny(raw: string, d: Delimiters): boolean {
  return raw.includes(d.component) || raw.includes(d.repetition) || raw.includes(d.escape) || raw.includes(d.subcomponent);
}

export class Hl7Message {
  readonly segments: Hl7Segment[];
  constructor(
    readonly delimiters: Delimiters,
    lines: string[],
  ) {
    this.segments = lines.map((l) => new Hl7Segment(l, delimiters));
  }
  /** The nth segment with this name (1-based), or undefined. */
  segment(name: string, n = 1): Hl7Segment | undefined {
    let seen = 0;
    for (const s of this.segments) if (s.name === name && ++seen === n) return s;
    return undefined;
  }
  all(name: string): Hl7Segment[] {
    return this.segments.filter((s) => s.name === name);
  }
  get msh(): Hl7Segment {
    return this.segments[0]!;
  }
  /** MSH-9 as "TYPE^TRIGGER" (always with '^', whatever the component separator), e.g. "RDS^R06". */
  get messageType(): string {
    return `${this.msh.get(9, 1)}^${this.msh.get(9, 2)}`;
  }
  get controlId(): string {
    return this.msh.get(10);
  }
  /** MSH-12.1, e.g. "2.3.1". */
  get version(): string {
    return this.msh.get(12);
  }
}

/** Split on CR, LF or CRLF; drop blank (whitespace-only) lines. Linear: each indexOf scan moves forward only. */
export function splitLines(text: string): string[] {
  const out: string[] = [];
  const n = text.length;
  let start = 0;
  let cr = text.indexOf('\r');
  let lf = text.indexOf('\n');
  while (start <= n) {
    if (cr !== -1 && cr < start) cr = text.indexOf('\r', start);
    if (lf !== -1 && lf < start) lf = text.indexOf('\n', start);
    const end = cr === -1 ? (lf === -1 ? n : lf) : lf === -1 ? cr : Math.min(cr, lf);
    if (end > start) {
      // A printable ASCII first character is not whitespace; otherwise ask the regex.
      const first = text.charCodeAt(start);
      const line = text.slice(start, end);
      if ((first > 32 && first < 127) || /\S/.test(line)) out.push(line);
    }
    start = end + 1;
  }
  return out;
}

const isUpper = (c: number) => c >= 65 && c <= 90;
const isUpperOrDigit = (c: number) => isUpper(c) || (c >= 48 && c <= 57);

/** Parse one message. Throws Hl7ParseError only. */
export function parseHl7(text: string): Hl7Message {
  if (typeof text !== 'string') throw new Hl7ParseError('EMPTY', null, 'The message is not text');
  if (text.length > MAX_MESSAGE_CHARS) throw new Hl7ParseError('TOO_LARGE', null, `Message longer than ${MAX_MESSAGE_CHARS} characters`);
  const lines = splitLines(text);
  if (lines.length === 0) throw new Hl7ParseError('EMPTY', null, 'The message is empty');
  // Leading garbage before MSH (a stray BOM or NULs) is not tolerated: a message starts with MSH.
  if (!lines[0]!.startsWith('MSH')) throw new Hl7ParseError('NO_MSH', 'MSH', 'The message must start with an MSH segment');
  const d = readDelimiters(lines[0]!);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // A segment name is [A-Z][A-Z0-9]{2} followed by the field separator or the end of the line.
    if (!(
      isUpper(line.charCodeAt(0)) &&
      isUpperOrDigit(line.charCodeAt(1)) &&
      isUpperOrDigit(line.charCodeAt(2)) &&
      (line.length === 3 || line[3] === d.field)
    )) {
      throw new Hl7ParseError('BAD_SEGMENT', `segment ${i + 1}`, `Segment ${i + 1} does not start with a segment name`);
    }
  }
  return new Hl7Message(d, lines);
}

/**
 * Best-effort header of a message or batch file, for ACKs and logs of messages that failed to
 * parse. Reads only the first MSH/FHS/BHS line (and the first MSH for control id, type and
 * version), so an error further down does not lose the sender's delimiters. Never throws.
 */
export interface Hl7Header {
  delimiters: Delimiters;
  /** The header segment found ("MSH", "FHS" or "BHS"). */
  segment: string;
  sendingApplication: string;
  sendingFacility: string;
  receivingApplication: string;
  receivingFacility: string;
  /** MSH-10, or FHS-11/BHS-11 for a batch with no MSH. */
  controlId: string;
  /** MSH-9.2, e.g. "R06"; '' when unknown. */
  trigger: string;
  /** MSH-11.1 (P/T/D); '' when unknown. */
  processingId: string;
  /** MSH-12.1; '' when unknown. */
  version: string;
  /** The header segment itself (MSH, FHS or BHS), for raw field access. */
  header: Hl7Segment;
}

export function peekHl7Header(text: string): Hl7Header | null {
  try {
    if (typeof text !== 'string') return null;
    // Look at the start only: a header is never deep inside a huge payload.
    const head = text.length > 65_536 ? text.slice(0, 65_536) : text;
    const lines = splitLines(head);
    const first = lines.findIndex((l) => HEADER_SEGMENTS.has(l.slice(0, 3)));
    if (first === -1 || first > 2) return null;
    const d = readDelimiters(lines[first]!);
    const hdr = new Hl7Segment(lines[first]!, d);
    const mshLine = hdr.name === 'MSH' ? lines[first] : lines.find((l) => l.startsWith('MSH') && l[3] === d.field);
    const msh = mshLine ? new Hl7Segment(mshLine, d) : undefined;
    return {
      delimiters: d,
      segment: hdr.name,
      sendingApplication: hdr.get(3),
      sendingFacility: hdr.get(4),
      receivingApplication: hdr.get(5),
      receivingFacility: hdr.get(6),
      controlId: hdr.name === 'MSH' ? hdr.get(10) : hdr.get(11) || (msh?.get(10) ?? ''),
      trigger: msh?.get(9, 2) ?? '',
      processingId: msh?.get(11) ?? '',
      version: msh?.get(12) ?? '',
      header: hdr,
    };
  } catch {
    return null;
  }
}
