/**
 * HL7 acknowledgements (original mode): MSH + MSA (+ ERR unless AA), written with the inbound
 * message's own delimiters and version so the sender can read them. When the inbound MSH cannot be
 * read at all we answer with default delimiters and AR.
 */
import { DEFAULT_DELIMITERS, escapeHl7, parseHl7, type Delimiters } from './message.js';

export interface AckInput {
  code: 'AA' | 'AE' | 'AR';
  text?: string;
  /** HL7 location of the problem, e.g. "PID-3". */
  errorLocation?: string | null;
  /** HL7 table 0357 code: 100 segment sequence, 101 required field missing, 102 data type, 200 unsupported message type, 207 application error. */
  errorCode?: string;
}

function ts(d: Date): string {
  return d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + '+0000';
}

/** Map our error codes to HL7 table 0357. */
export function hl7ErrorCode(code: string | undefined): string {
  switch (code) {
    case 'MISSING_FIELD':
    case 'MISSING_ICN':
      return '101^Required field missing^HL70357';
    case 'MISSING_SEGMENT':
    case 'BAD_SEGMENT':
      return '100^Segment sequence error^HL70357';
    case 'BAD_VALUE':
      return '102^Data type error^HL70357';
    case 'UNSUPPORTED_MESSAGE_TYPE':
      return '200^Unsupported message type^HL70357';
    default:
      return '207^Application internal error^HL70357';
  }
}

export function buildAck(inbound: string, result: AckInput, now = new Date(), ackControlId = `ACK${now.getTime()}`): string {
  let d: Delimiters = DEFAULT_DELIMITERS;
  let get = (_f: number, _c = 1) => '';
  try {
    const msg = parseHl7(inbound);
    d = msg.delimiters;
    get = (f, c = 1) => msg.msh.get(f, c);
  } catch {
    result = { ...result, code: 'AR' };
  }
  const e = (v: string) => escapeHl7(v, d);
  const enc = `${d.component}${d.repetition}${d.escape}${d.subcomponent}`;
  const f = d.field;
  const trigger = get(9, 2);
  const msh = ['MSH', enc, 'RXBRIDGE', 'VA', e(get(3)), e(get(4)), ts(now), '', `ACK${trigger ? d.component + e(trigger) : ''}`, e(ackControlId), 'P', e(get(12) || '2.4')].join(f);
  const msa = ['MSA', result.code, e(get(10)), e((result.text ?? '').slice(0, 80))].join(f);
  const lines = [msh, msa];
  if (result.code !== 'AA') {
    const loc = result.errorLocation ? e(result.errorLocation).replace('-', d.component) : '';
    const code = hl7ErrorCode(result.errorCode).split('^').map(e).join(d.component);
    lines.push(['ERR', '', loc, code, 'E', '', '', '', e(result.text ?? '')].join(f));
  }
  return lines.join('\r') + '\r';
}
