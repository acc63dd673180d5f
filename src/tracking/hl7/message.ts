/**
 * HL7 v2 message model with 1-based accessors that read like the spec:
 *   msg.segment('RXD')?.get(13)          RXD-13, first repetition, first component
 *   pid.repetitions(3)[1]?.component(5)  PID-3, second repetition, CX-5
 *
 * Delimiters come from the message itself (MSH-1 field separator, MSH-2 encoding characters in the
 * order component, repetition, escape, subcomponent) and are never assumed: VistA interfaces use
 * `|^~\&`, `|~^\&` and even `^~|\&`. Segments may end in CR, LF or CRLF. Values are decoded
 * (escape sequences) only when read, so splitting never trips over an escaped delimiter.
 */
import { Hl7ParseError } from './errors.js';

export interface Delimiters {
  field: string;
  component: string;
  repetition: string;
  escape: string;
  subcomponent: string;
}

export const DEFAULT_DELIMITERS: Delimiters = { field: '|', component: '^', repetition: '~', escape: '\\', subcomponent: '&' };

/** Largest message we parse; the MLLP listener refuses bigger frames before they get here. */
export const MAX_MESSAGE_CHARS = 1_048_576;

export function readDelimiters(mshLine: string): Delimiters {
  if (!mshLine.startsWith('MSH') || mshLine.length < 8) throw new Hl7ParseError('BAD_DELIMITERS', 'MSH-2', 'MSH is too short to hold its delimiters');
  const field = mshLine[3]!;
  const end = mshLine.indexOf(field, 4);
  const enc = end === -1 ? '' : mshLine.slice(4, end);
  if (enc.length < 4 || enc.length > 5) throw new Hl7ParseError('BAD_DELIMITERS', 'MSH-2', 'MSH-2 must hold 4 encoding characters (component, repetition, escape, subcomponent)');
  const chars = [field, ...enc.slice(0, 4)];
  const bad = chars.some((c) => /[A-Za-z0-9\s]/.test(c)) || new Set(chars).size !== chars.length;
  if (bad) throw new Hl7ParseError('BAD_DELIMITERS', 'MSH-2', 'Delimiters must be distinct non-alphanumeric characters');
  return { field, component: enc[0]!, repetition: enc[1]!, escape: enc[2]!, subcomponent: enc[3]! };
}

/** Decode HL7 escape sequences. Unknown or unterminated sequences are kept as they are. */
export function unescapeHl7(value: string, d: Delimiters): string {
  if (!value.includes(d.escape)) return value;
  let out = '';
  let i = 0;
  while (i < value.length) {
    const ch = value[i]!;
    if (ch !== d.escape) {
      out += ch;
      i += 1;
      continue;
    }
    const close = value.indexOf(d.escape, i + 1);
    if (close === -1) {
      out += value.slice(i);
      break;
    }
    const seq = value.slice(i + 1, close);
    const decoded = decodeSequence(seq, d);
    out += decoded ?? value.slice(i, close + 1);
    i = close + 1;
  }
  return out;
}

function decodeSequence(seq: string, d: Delimiters): string | null {
  switch (seq) {
    case 'F': return d.field;
    case 'S': return d.component;
    case 'T': return d.subcomponent;
    case 'R': return d.repetition;
    case 'E': return d.escape;
    case '.br': return '\n';
    case 'H': case 'N': return ''; // highlight on/off: formatting only
  }
  if (/^X([0-9A-Fa-f]{2})+$/.test(seq)) return Buffer.from(seq.slice(1), 'hex').toString('latin1');
  return null;
}

/** Escape a value for writing into a message with delimiters `d` (used for ACK text). */
export function escapeHl7(value: string, d: Delimiters): string {
  let out = '';
  for (const ch of value) {
    if (ch === d.escape) out += `${d.escape}E${d.escape}`;
    else if (ch === d.field) out += `${d.escape}F${d.escape}`;
    else if (ch === d.component) out += `${d.escape}S${d.escape}`;
    else if (ch === d.subcomponent) out += `${d.escape}T${d.escape}`;
    else if (ch === d.repetition) out += `${d.escape}R${d.escape}`;
    else if (ch === '\r' || ch === '\n') out += ' ';
    else out += ch;
  }
  return out;
}

/** One repetition of a field: components and subcomponents, decoded on read. */
export class Hl7Repetition {
  constructor(readonly raw: string, private readonly d: Delimiters) {}
  /** Component n (1-based), first subcomponent, decoded; '' when absent. */
  component(n: number, sub = 1): string {
    const comp = this.raw.split(this.d.component)[n - 1] ?? '';
    return unescapeHl7(comp.split(this.d.subcomponent)[sub - 1] ?? '', this.d);
  }
  /** The whole repetition decoded, delimiters inside it left as they are. */
  get value(): string {
    return unescapeHl7(this.raw, this.d);
  }
}

export class Hl7Segment {
  /** fields[n] is field n (1-based); fields[0] is the segment name. */
  private readonly fields: string[];
  constructor(readonly raw: string, private readonly d: Delimiters) {
    const parts = raw.split(d.field);
    // MSH-1 is the field separator itself, so MSH fields are shifted by one against the split.
    this.fields = parts[0] === 'MSH' ? ['MSH', d.field, ...parts.slice(1)] : parts;
  }
  get name(): string {
    return this.fields[0]!;
  }
  /** Raw (undecoded) field n; '' when absent. */
  rawField(n: number): string {
    return this.fields[n] ?? '';
  }
  /** Field n, repetition, component, subcomponent — all 1-based; decoded; '' when absent. MSH-1/MSH-2 are returned as is. */
  get(field: number, component = 1, repetition = 1, sub = 1): string {
    if (this.name === 'MSH' && (field === 1 || field === 2)) return this.rawField(field);
    return this.repetitions(field)[repetition - 1]?.component(component, sub) ?? '';
  }
  repetitions(field: number): Hl7Repetition[] {
    const raw = this.rawField(field);
    if (raw === '') return [];
    return raw.split(this.d.repetition).map((r) => new Hl7Repetition(r, this.d));
  }
}

export class Hl7Message {
  readonly segments: Hl7Segment[];
  constructor(readonly delimiters: Delimiters, lines: string[]) {
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
  /** MSH-9 as "TYPE^TRIGGER", e.g. "RDS^R06". */
  get messageType(): string {
    return `${this.msh.get(9, 1)}^${this.msh.get(9, 2)}`;
  }
  get controlId(): string {
    return this.msh.get(10);
  }
}

export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).filter((l) => l.trim() !== '');
}

/** Parse one message. Throws Hl7ParseError only. */
export function parseHl7(text: string): Hl7Message {
  if (text.length > MAX_MESSAGE_CHARS) throw new Hl7ParseError('TOO_LARGE', null, `Message longer than ${MAX_MESSAGE_CHARS} characters`);
  const lines = splitLines(text);
  if (lines.length === 0) throw new Hl7ParseError('EMPTY', null, 'The message is empty');
  if (!lines[0]!.startsWith('MSH')) throw new Hl7ParseError('NO_MSH', 'MSH', 'The message must start with an MSH segment');
  const d = readDelimiters(lines[0]!);
  for (const [i, line] of lines.entries()) {
    const name = line.split(d.field, 1)[0]!;
    if (!/^[A-Z][A-Z0-9]{2}$/.test(name)) throw new Hl7ParseError('BAD_SEGMENT', `segment ${i + 1}`, `Segment ${i + 1} does not start with a segment name`);
  }
  return new Hl7Message(d, lines);
}
