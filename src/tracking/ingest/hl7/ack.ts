/**
 * HL7 original-mode acknowledgements: MSH + MSA (+ ERR unless AA), written with the inbound
 * message's own delimiters, version and processing id so the sender can read them.
 *
 *  MSH  sending app/facility = inbound receiving app/facility (MSH-5/6, copied raw so HD
 *       components survive) and the other way round; MSH-9 `ACK^{trigger}` (+ `^ACK` structure
 *       from 2.4 on); a new control id; MSH-11/12 and MSH-18 (character set) echoed.
 *  MSA  code, inbound MSH-10, text (≤ 80 chars); before 2.5 also MSA-6 error condition.
 *  ERR  version-aware, because the segment changed in 2.5:
 *         < 2.5   ERR-1 (ELD)  `{segment}^{sequence}^{field}^{code&text&HL70357}`
 *         ≥ 2.5   ERR-2 (ERL)  `{segment}^{sequence}^{field}[^{component}]`, ERR-3 code (CWE),
 *                 ERR-4 severity E, ERR-8 user message.
 *       Codes come from HL7 table 0357 (message error condition codes).
 *
 * When the inbound header cannot be read at all (no MSH/FHS/BHS, bad delimiters) the answer uses
 * the default delimiters, version 2.4, and is always AR. For a batch file (FHS/BHS first) the
 * header's delimiters are used and MSA-2 echoes FHS-11/BHS-11 (else the first MSH-10).
 */
import { DEFAULT_DELIMITERS, escapeHl7, peekHl7Header, type Delimiters } from './message.js';

export interface AckInput {
  code: 'AA' | 'AE' | 'AR';
  text?: string;
  /** HL7 location of the problem, e.g. "PID-3", "RXD(2)-7", "RXD-2.2". */
  errorLocation?: string | null;
  /** Our error code (Hl7ErrorCode, MISSING_ICN, …) or a numeric HL7 table 0357 code. */
  errorCode?: string;
  /** For a batch file: every message's own result; the answer is then a batch acknowledgement. */
  batch?: BatchAckEntry[];
}

const TABLE_0357: Record<string, string> = {
  '100': 'Segment sequence error',
  '101': 'Required field missing',
  '102': 'Data type error',
  '103': 'Table value not found',
  '200': 'Unsupported message type',
  '201': 'Unsupported event code',
  '202': 'Unsupported processing id',
  '203': 'Unsupported version id',
  '204': 'Unknown key identifier',
  '205': 'Duplicate key identifier',
  '206': 'Application record locked',
  '207': 'Application internal error',
};

/** Our error codes → HL7 table 0357 `[code, text]`. */
export function hl7ErrorCode(code: string | undefined): [string, string] {
  if (code && TABLE_0357[code]) return [code, TABLE_0357[code]];
  const n = (() => {
    switch (code) {
      case 'MISSING_FIELD':
      case 'MISSING_ICN':
        return '101';
      case 'MISSING_SEGMENT':
      case 'BAD_SEGMENT':
      case 'NO_MSH':
      case 'EMPTY':
        return '100';
      case 'BAD_VALUE':
      case 'BAD_DELIMITERS':
        return '102';
      case 'UNSUPPORTED_MESSAGE_TYPE':
        return '200';
      default:
        return '207';
    }
  })();
  return [n, TABLE_0357[n]!];
}

/** "RXD(2)-7.1" → { segment: 'RXD', sequence: 2, field: 7, component: 1 }; null when not an HL7 location. */
export function parseErrorLocation(
  location: string | null | undefined,
): { segment: string; sequence: number; field: number | null; component: number | null } | null {
  const m = /^([A-Z][A-Z0-9]{2})(?:\((\d{1,4})\))?(?:-(\d{1,3})(?:\.(\d{1,3}))?)?$/.exec(location ?? '');
  if (!m) return null;
  return { segment: m[1]!, sequence: Number(m[2] ?? '1'), field: m[3] ? Number(m[3]) : null, component: m[4] ? Number(m[4]) : null };
}

function versionAtLeast(version: string, minor: number): boolean {
  const [major, min] = version.split('.').map((x) => Number(x));
  return (major ?? 0) > 2 || ((major ?? 0) === 2 && (min ?? 0) >= minor);
}

function hl7Now(d: Date): string {
  return d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + '+0000';
}

let counter = 0;
/** A control id unique within this process: ACK + base-36 time + counter (≤ 20 chars, the 2.3.1 MSH-10 limit). */
export function newAckControlId(now = new Date()): string {
  counter = (counter + 1) % 1_679_616; // 36^4
  return `ACK${now.getTime().toString(36).toUpperCase()}${counter.toString(36).toUpperCase().padStart(4, '0')}`.slice(0, 20);
}

/** Cap a raw (already escaped) field copied from the inbound message. */
function capRaw(raw: string, max = 180): string {
  return raw.length <= max ? raw : raw.slice(0, max);
}

export function buildAck(inbound: string, result: AckInput, now = new Date(), ackControlId = newAckControlId(now)): string {
  const h = peekHl7Header(inbound);
  const d: Delimiters = h?.delimiters ?? DEFAULT_DELIMITERS;
  if (!h) result = { ...result, code: 'AR', text: result.text ?? 'Message header (MSH) unreadable', errorCode: result.errorCode ?? 'NO_MSH' };
  const version = h?.version.trim() || '2.4';
  const v25 = versionAtLeast(version, 5);
  const e = (v: string) => escapeHl7(v, d);
  const raw = (n: number) => capRaw(h?.header.rawField(n) ?? '');
  const f = d.field;
  const c = d.component;
  const enc = `${d.component}${d.repetition}${d.escape}${d.subcomponent}${d.truncation ?? ''}`;
  const trigger = (h?.trigger ?? '').replace(/[^A-Z0-9]/gi, '').slice(0, 3);
  const messageType = ['ACK', ...(trigger ? [trigger] : []), ...(trigger && versionAtLeast(version, 4) ? ['ACK'] : [])].join(c);
  const mshFields = [
    'MSH',
    enc,
    raw(5) || 'RXBRIDGE',
    raw(6) || 'VA',
    raw(3),
    raw(4),
    hl7Now(now),
    '',
    messageType,
    e(ackControlId),
    e(h?.processingId.trim() || 'P'),
    e(version),
  ];
  // Echo the character set (MSH-18) so the sender decodes the ACK the way it encoded the message.
  const charset = h?.segment === 'MSH' ? raw(18) : '';
  if (charset) mshFields.push('', '', '', '', '', charset);
  const msh = mshFields.join(f);
  const text = (result.text ?? '').slice(0, 80);
  const msaFields = ['MSA', result.code, e((h?.controlId ?? '').slice(0, 199)), e(text)];
  const lines = [msh];
  if (result.code === 'AA') {
    lines.push(msaFields.join(f));
  } else {
    const [code, codeText] = hl7ErrorCode(result.errorCode);
    const where = parseErrorLocation(result.errorLocation);
    if (!v25) msaFields.push('', '', [code, e(codeText), 'HL70357'].join(c));
    lines.push(msaFields.join(f));
    const erl = where
      ? [where.segment, String(where.sequence), where.field === null ? '' : String(where.field), ...(where.component ? ['', String(where.component)] : [])]
      : [];
    if (v25) {
      lines.push(['ERR', '', erl.join(c), [code, e(codeText), 'HL70357'].join(c), 'E', '', '', '', e((result.text ?? '').slice(0, 250))].join(f));
    } else {
      const eld = [...(erl.length ? erl.slice(0, 3) : ['', '', '']), [code, e(codeText), 'HL70357'].join(d.subcomponent)];
      lines.push(['ERR', eld.join(c)].join(f));
    }
  }
  return lines.join('\r') + '\r';
}

export interface BatchAckEntry {
  /** The message as received (its own MSH). */
  message: string;
  result: AckInput;
}

/**
 * Batch acknowledgement (HL7 v2 batch protocol, chapter 2 "Batch acknowledgments"): the answer to a
 * batch file is itself a batch — FHS/BHS built from the inbound headers (sender and receiver
 * swapped, FHS-12/BHS-12 = the inbound FHS-11/BHS-11 as the reference control id), then one
 * original-mode ACK per message (MSH + MSA with that message's own code and MSH-10, + ERR naming
 * the field for AE/AR), then BTS-1 = the number of ACK messages and FTS-1 = 1 batch. Every message
 * of the batch is answered, so the sender can tell which were accepted and which were not. A file
 * without FHS is answered without FHS/FTS; without BHS, without BHS/BTS.
 */
export function buildBatchAck(inbound: string, entries: BatchAckEntry[], now = new Date(), ackControlId = newAckControlId(now)): string {
  const h = peekHl7Header(inbound);
  const d: Delimiters = h?.delimiters ?? DEFAULT_DELIMITERS;
  const f = d.field;
  const enc = `${d.component}${d.repetition}${d.escape}${d.subcomponent}${d.truncation ?? ''}`;
  const lines = inbound.split(/\r\n|\r|\n/);
  const headerOf = (name: 'FHS' | 'BHS') => {
    const line = lines.find((l) => l.startsWith(name) && l[3] === f);
    return line ? line.split(f) : null;
  };
  const fhs = headerOf('FHS');
  const bhs = headerOf('BHS');
  // Fields are 1-based after the segment name; FHS-1 is the separator, FHS-2 the encoding characters.
  const fld = (seg: string[], n: number) => capRaw(seg[n - 1] ?? '');
  const header = (name: 'FHS' | 'BHS', seg: string[], suffix: string) =>
    [
      name,
      enc,
      fld(seg, 5) || 'RXBRIDGE',
      fld(seg, 6) || 'VA',
      fld(seg, 3),
      fld(seg, 4),
      hl7Now(now),
      '',
      '',
      '',
      escapeHl7(`${ackControlId}${suffix}`.slice(0, 20), d),
      fld(seg, 11),
    ].join(f);
  const out: string[] = [];
  if (fhs) out.push(header('FHS', fhs, 'F'));
  if (bhs || !fhs) out.push(header('BHS', bhs ?? ['BHS'], 'B'));
  entries.forEach((e, i) =>
    out.push(
      ...buildAck(e.message, e.result, now, `${ackControlId.slice(0, 16)}${String(i + 1).padStart(4, '0')}`)
        .split('\r')
        .filter(Boolean),
    ),
  );
  if (bhs || !fhs) out.push(['BTS', String(entries.length)].join(f));
  if (fhs) out.push(['FTS', '1'].join(f));
  return out.join('\r') + '\r';
}

/** True when the text is an HL7 batch file (starts with FHS or BHS). */
export function isBatchFile(text: string): boolean {
  const first = text.replace(/^[\s\u000b]+/, '').slice(0, 3);
  return first === 'FHS' || first === 'BHS';
}
