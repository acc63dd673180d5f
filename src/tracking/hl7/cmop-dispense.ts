/**
 * CMOP HL7 → DispenseEvent. Two layouts (reference C5, C6):
 *
 *  RDS^R06 (2.3.1 fulfilment)   ORC (OK | CA) · RXD · ZR2 (1 carrier, 2 tracking, 3 Rx number)
 *  RRD^O14 (2.4 completion)     ORC · RXD with RXD-13 = tracking, RXD-9 = NDC ^ release date/time
 *
 * Each ORC starts a prescription; the RXD and ZR2 after it belong to it, so one message may carry
 * several prescriptions. The patient comes from PID-3 repetitions by identifier type (CX-5):
 * NI = ICN, PI = DFN with its station in CX-6 (or the assigning authority). The owning station is
 * read, in order, from the Rx Index in ORC-2 (`{station}-{Rx#}-{fill#}`), the DFN's station, and
 * the receiving facility (MSH-6, the VistA site the dispense reports to).
 *
 * Absent ICN is not a format error (DFN-only messages exist); the pipeline decides what to do.
 */
import type { DispenseEvent } from '../dispense-event.js';
import { Hl7ParseError } from './errors.js';
import { type Hl7Message, type Hl7Segment, parseHl7 } from './message.js';
import { normaliseNdc, parseHl7Timestamp, parseQuantity } from './values.js';

export const SUPPORTED_MESSAGE_TYPES = ['RDS^R06', 'RRD^O14'] as const;
const STATION = /^\d{3}[A-Z0-9]{0,3}$/;
const ICN = /^\d{10}V\d{6}$/;
const KNOWN_CARRIERS = /^(CTC-)?(USPS|UPS|FEDEX|DHL|ONTRAC|LSO)$/i;

export interface CmopMessage {
  controlId: string;
  sendingFacility: string | null;
  messageType: string;
  events: DispenseEvent[];
}

function patientFrom(msg: Hl7Message): DispenseEvent['patient'] & { station: string | null } {
  const pid = msg.segment('PID');
  if (!pid) throw new Hl7ParseError('MISSING_SEGMENT', 'PID', 'PID segment is required');
  let icn: string | null = null;
  let dfn: string | null = null;
  let dfnStation: string | null = null;
  for (const rep of pid.repetitions(3)) {
    const type = rep.component(5).toUpperCase();
    if (type === 'NI' && !icn) {
      const id = rep.component(1);
      // ICN may be sent whole (1012345678V123456) or as ICN ^ checksum in two components.
      const whole = ICN.test(id) ? id : /^\d{10}$/.test(id) && /^\d{6}$/.test(rep.component(2)) ? `${id}V${rep.component(2)}` : null;
      if (!whole) throw new Hl7ParseError('BAD_VALUE', 'PID-3', 'PID-3 identifier of type NI is not an ICN (10 digits, V, 6 digits)');
      icn = whole;
    } else if (type === 'PI' && !dfn) {
      dfn = rep.component(1) || null;
      const station = rep.component(6) || rep.component(4);
      dfnStation = STATION.test(station) ? station : null;
    }
  }
  if (!icn && !dfn) throw new Hl7ParseError('MISSING_FIELD', 'PID-3', 'PID-3 has no ICN (NI) or DFN (PI) identifier');
  return { icn, dfn, dfnStation, station: dfnStation };
}

interface Group {
  orc: Hl7Segment;
  rxd?: Hl7Segment;
  zr2?: Hl7Segment;
}

function groups(msg: Hl7Message): Group[] {
  const out: Group[] = [];
  for (const s of msg.segments) {
    if (s.name === 'ORC') out.push({ orc: s });
    else if (s.name === 'RXD' && out.length > 0) out.at(-1)!.rxd ??= s;
    else if (s.name === 'ZR2' && out.length > 0) out.at(-1)!.zr2 ??= s;
    else if (s.name === 'RXD' && out.length === 0) throw new Hl7ParseError('MISSING_SEGMENT', 'ORC', 'RXD must follow an ORC segment');
  }
  if (out.length === 0) throw new Hl7ParseError('MISSING_SEGMENT', 'ORC', 'No ORC/RXD group in the message');
  return out;
}

function mapGroup(msg: Hl7Message, g: Group, i: number, patient: ReturnType<typeof patientFrom>, layout: 'R06' | 'O14'): DispenseEvent {
  const at = (seg: string, n: number) => (i === 0 ? `${seg}-${n}` : `${seg}(${i + 1})-${n}`);
  if (!g.rxd) throw new Hl7ParseError('MISSING_SEGMENT', at('RXD', 0).replace(/-0$/, ''), 'Each ORC needs an RXD segment');
  const rxd = g.rxd;
  const warnings: string[] = [];
  const rxNumber = rxd.get(7).trim();
  if (!rxNumber) throw new Hl7ParseError('MISSING_FIELD', at('RXD', 7), 'RXD-7 (prescription number) is required');
  if (!/^[A-Za-z0-9]{1,20}$/.test(rxNumber)) throw new Hl7ParseError('BAD_VALUE', at('RXD', 7), 'RXD-7 is not a prescription number');
  const drugName = rxd.get(2, 2).trim();
  if (!drugName) throw new Hl7ParseError('MISSING_FIELD', at('RXD', 2), 'RXD-2.2 (drug name) is required');
  const fillRaw = rxd.get(1).trim();
  const fillNumber = fillRaw === '' ? 0 : Number(fillRaw);
  if (!Number.isInteger(fillNumber) || fillNumber < 0 || fillNumber > 99) throw new Hl7ParseError('BAD_VALUE', at('RXD', 1), 'RXD-1 (fill number) must be a whole number');

  const rxIndexStation = /^(\d{3}[A-Z0-9]{0,3})-[A-Za-z0-9]+-\d+$/.exec(g.orc.get(2))?.[1] ?? '';
  const receiving = msg.msh.get(6);
  const stationNumber = [rxIndexStation, patient.station ?? '', receiving].find((s) => STATION.test(s));
  if (!stationNumber) throw new Hl7ParseError('MISSING_FIELD', at('ORC', 2), 'No station number (ORC-2 Rx Index, PID-3 DFN station, or MSH-6)');

  const time = (v: string, where: string) => {
    const { date, warning } = parseHl7Timestamp(v);
    if (warning) warnings.push(`${where}: ${warning}`);
    return date;
  };
  const dispensedAt = time(rxd.get(3), at('RXD', 3));
  let carrier: string | null = null;
  let trackingNumber: string | null = null;
  let shippedAt: Date | null = null;
  let ndc: string | null = null;
  let cancelled = g.orc.get(1).toUpperCase() === 'CA';
  if (layout === 'R06') {
    if (!g.zr2) throw new Hl7ParseError('MISSING_SEGMENT', at('ZR2', 0).replace(/-0$/, ''), 'RDS^R06 needs a ZR2 segment after each RXD');
    const c = g.zr2.get(1).trim();
    if (c.toUpperCase() === 'CA') cancelled = true;
    else carrier = c || null;
    trackingNumber = g.zr2.get(2).trim() || null;
    const zr2Rx = g.zr2.get(3).trim();
    if (zr2Rx && zr2Rx !== rxNumber) throw new Hl7ParseError('BAD_VALUE', at('ZR2', 3), 'ZR2-3 must match RXD-7 (prescription number)');
  } else {
    trackingNumber = rxd.get(13).trim() || null;
    ndc = rxd.get(9, 1).trim() ? normaliseNdc(rxd.get(9, 1)) : null;
    if (rxd.get(9, 1).trim() && !ndc) warnings.push(`${at('RXD', 9)}: NDC not in a known format`);
    shippedAt = time(rxd.get(9, 2), at('RXD', 9));
  }
  if (trackingNumber && (trackingNumber.length > 60 || !/^[A-Za-z0-9-]+$/.test(trackingNumber))) {
    throw new Hl7ParseError('BAD_VALUE', layout === 'R06' ? at('ZR2', 2) : at('RXD', 13), 'Tracking number must be 1–60 letters, digits or dashes');
  }
  if (carrier && !KNOWN_CARRIERS.test(carrier)) warnings.push(`${at('ZR2', 1)}: unknown carrier code`);
  const quantity = parseQuantity(rxd.get(4));
  const cancellationReason = cancelled ? rxd.get(9).trim() || 'Not dispensed' : null;
  return {
    messageControlId: msg.controlId,
    messageType: msg.messageType,
    stationNumber,
    patient: { icn: patient.icn, dfn: patient.dfn, dfnStation: patient.dfnStation },
    rxNumber,
    fillNumber,
    drugName,
    vaProductId: rxd.get(2, 1).trim() || null,
    ndc,
    quantity,
    dispensedAt,
    shippedAt,
    carrier,
    trackingNumber: cancelled ? null : trackingNumber,
    status: cancelled ? 'cancelled' : 'dispensed',
    cancellationReason,
    warnings,
  };
}

/** Parse one CMOP message into dispense events. Throws Hl7ParseError only. */
export function mapCmopMessage(text: string): CmopMessage {
  const msg = parseHl7(text);
  const controlId = msg.controlId.trim();
  if (!controlId) throw new Hl7ParseError('MISSING_FIELD', 'MSH-10', 'MSH-10 (message control id) is required');
  const type = msg.messageType;
  if (!(SUPPORTED_MESSAGE_TYPES as readonly string[]).includes(type)) {
    throw new Hl7ParseError('UNSUPPORTED_MESSAGE_TYPE', 'MSH-9', `Message type ${type.replace(/[^A-Z0-9^]/g, '')} is not a CMOP dispense (expected RDS^R06 or RRD^O14)`);
  }
  const patient = patientFrom(msg);
  const layout = type === 'RDS^R06' ? 'R06' : 'O14';
  const events = groups(msg).map((g, i) => mapGroup(msg, g, i, patient, layout));
  return { controlId, sendingFacility: msg.msh.get(4) || null, messageType: type, events };
}

/** Header fields for storing a message we could not map (best effort, never throws). */
export function peekHeader(text: string): { controlId: string | null; sendingFacility: string | null } {
  try {
    const msg = parseHl7(text);
    return { controlId: msg.controlId.trim().slice(0, 200) || null, sendingFacility: msg.msh.get(4).slice(0, 200) || null };
  } catch {
    return { controlId: null, sendingFacility: null };
  }
}
