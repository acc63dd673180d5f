/**
 * CMOP HL7 → DispenseEvent. Two layouts (reference C5, C6):
 *
 *  RDS^R06 (2.3.1 fulfilment)  ORC (1 OK|CA, 2 Rx Index) · RXD · ZR2 (1 carrier, 2 tracking, 3 Rx#)
 *  RRD^O14 (2.4 completion)    ORC (2 Rx IEN) · RXD (9 = NDC ^ release date/time, 13 = tracking)
 *
 * Terminology: Rx Index = `{station}-{Rx#}-{fill#}` (2.3.1, fill 1 = original); DFN = the
 * patient's record number at one station; ICN = national patient id.
 *
 * A message may carry several prescriptions: a new group starts at each ORC (or at an RXD when the
 * current group already has one), and the RXD/ZR2 that follow belong to it.
 *
 * Field choices and their reasons:
 *  - patient: PID-3 repetitions by identifier type (CX-5): NI = ICN (whole, or ICN ^ checksum in
 *    two components), PI = DFN with its station in CX-6 (else CX-4). No ICN is not an error (the
 *    pipeline decides); an NI value that is not an ICN is (BAD_VALUE), so a corrupt id never
 *    addresses an e-mail.
 *  - station, first valid of: ORC-2 Rx Index, MSH-10 Rx Index (R06), the DFN's station, MSH-6
 *    (the VistA site the dispense reports to), MSH-4 (O14: the dispensing system sits at the site).
 *  - fill number (0 = original): R06 RXD-1 counts fills from 1 (reference: "1–12", and Rx Index
 *    fill 1 = original), so it is RXD-1 − 1; O14 RXD-1 is VistA's fill number (0 = original), taken
 *    as is. ASSUMPTION — the reference does not spell out the base of RXD-1 in either layout.
 *  - NDC: O14 RXD-9.1; R06 carries none unless RXD-2 is coded with system "NDC".
 *  - dispensedAt: RXD-3; shippedAt: O14 RXD-9.2 (release date/time); R06 has no ship date (null).
 *    Timestamps without an offset are facility-local time; pass `timeZone` (see values.ts).
 *  - cancelled: ORC-1 CA, or ZR2-1 CA (R06); reason from RXD-9 (R06) or ORC-16 (O14).
 *
 * No silent outcomes (every rule answers AE naming the field, so CMOP sees it at once and ops see
 * the rejected message, replayable after a corrected resend):
 *  - a date/time that is present but not a valid HL7 timestamp (RXD-3, RXD-9.2) is BAD_VALUE at
 *    that field; it is never turned into "no date". (Only "no time zone" stays a warning.)
 *  - a dispensed (not cancelled) fill without a tracking number (ZR2-2 in R06, RXD-13 in O14) is
 *    MISSING_FIELD. Chosen over holding it "waiting for tracking number": CMOP mails every fill and
 *    sends the tracking number in the same message as the dispense, so an empty one is a sender
 *    error that only the sender can fix, and an AE tells it now; a held state would wait for a
 *    message nobody knows is expected. The corrected resend (same MSH-10) replaces the rejected row.
 *  - control characters (C0, DEL, C1 — also when written as HL7 escapes such as \X00\) in a text
 *    field we pass on (drug name RXD-2.2, carrier ZR2-1, cancellation reason) are BAD_VALUE at that
 *    field, so they never reach a Veteran's e-mail (they used to arrive as U+FFFD).
 */
import type { DispenseEvent } from '../../dispense-event.js';
import { Hl7ParseError } from './errors.js';
import { type Hl7Message, type Hl7Segment, parseHl7, peekHl7Header } from './message.js';
import { normaliseNdc, parseHl7Timestamp, parseQuantity } from './values.js';

export const SUPPORTED_MESSAGE_TYPES = ['RDS^R06', 'RRD^O14'] as const;
const STATION = /^\d{3}[A-Z0-9]{0,3}$/;
const ICN = /^\d{10}V\d{6}$/;
const RX_NUMBER = /^[A-Za-z0-9]{1,20}$/;
const RX_INDEX = /^(\d{3}[A-Z0-9]{0,3})-([A-Za-z0-9]+)-(\d{1,2})$/;
const TRACKING = /^[A-Za-z0-9-]{1,60}$/;
/** Carriers seen in CMOP data (reference C7); anything else is kept but warned about. */
export const KNOWN_CARRIERS = ['USPS', 'UPS', 'FEDEX', 'DHL', 'ONTRAC', 'LSO'] as const;
const KNOWN_CARRIER = new RegExp(`^(CTC-)?(${KNOWN_CARRIERS.join('|')})$`, 'i');

export interface CmopMapOptions {
  /** IANA zone for timestamps without an offset, or a lookup by station number. */
  timeZone?: string | ((stationNumber: string) => string | undefined);
}

export interface CmopMessage {
  controlId: string;
  sendingFacility: string | null;
  messageType: string;
  /** MSH-12, e.g. "2.3.1". */
  version: string;
  events: DispenseEvent[];
}

type Layout = 'R06' | 'O14';

interface Patient {
  icn: string | null;
  dfn: string | null;
  dfnStation: string | null;
  warnings: string[];
}

function patientFrom(msg: Hl7Message): Patient {
  const pid = msg.segment('PID');
  if (!pid) throw new Hl7ParseError('MISSING_SEGMENT', 'PID', 'PID segment is required');
  const p: Patient = { icn: null, dfn: null, dfnStation: null, warnings: [] };
  for (const rep of pid.field(3).repetitions()) {
    const type = rep.component(5).trim().toUpperCase();
    const id = rep.component(1).trim();
    if (type === 'NI' && p.icn === null) {
      const whole = ICN.test(id) ? id : /^\d{10}$/.test(id) && /^\d{6}$/.test(rep.component(2).trim()) ? `${id}V${rep.component(2).trim()}` : null;
      if (!whole) throw new Hl7ParseError('BAD_VALUE', 'PID-3', 'PID-3 identifier of type NI is not an ICN (10 digits, V, 6 digits)');
      p.icn = whole;
    } else if (type === 'PI' && p.dfn === null) {
      if (/^\d{1,15}$/.test(id)) {
        p.dfn = id;
        const station = [rep.component(6).trim(), rep.component(4).trim()].find((s) => STATION.test(s));
        p.dfnStation = station ?? null;
        if (!station) p.warnings.push('PID-3: DFN without an assigning station');
      } else if (id) p.warnings.push('PID-3: identifier of type PI is not a DFN');
    }
  }
  if (!p.icn && !p.dfn) p.warnings.push('PID-3: no ICN (NI) or DFN (PI) identifier');
  return p;
}

interface Group {
  orc?: Hl7Segment;
  rxd?: Hl7Segment;
  zr2?: Hl7Segment;
  /** 1-based occurrence numbers of the segments, for error locations. */
  orcN: number;
  rxdN: number;
  zr2N: number;
}

function groups(msg: Hl7Message): Group[] {
  const out: Group[] = [];
  const seen = { ORC: 0, RXD: 0, ZR2: 0 };
  for (const s of msg.segments) {
    if (s.name === 'ORC') {
      seen.ORC += 1;
      out.push({ orc: s, orcN: seen.ORC, rxdN: 0, zr2N: 0 });
    } else if (s.name === 'RXD') {
      seen.RXD += 1;
      const g = out.at(-1);
      if (!g || g.rxd) out.push({ rxd: s, orcN: 0, rxdN: seen.RXD, zr2N: 0 });
      else {
        g.rxd = s;
        g.rxdN = seen.RXD;
      }
    } else if (s.name === 'ZR2') {
      seen.ZR2 += 1;
      const g = out.at(-1);
      if (g && !g.zr2) {
        g.zr2 = s;
        g.zr2N = seen.ZR2;
      }
    }
  }
  if (out.length === 0) throw new Hl7ParseError('MISSING_SEGMENT', 'RXD', 'No ORC/RXD group in the message');
  return out;
}

/** C0 controls, DEL and C1 controls: never valid in a name or a reason shown to a person. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function plainText(value: string, where: string, what: string): string {
  if (CONTROL.test(value)) throw new Hl7ParseError('BAD_VALUE', where, `${what} contains control characters`);
  return value;
}

/** "RXD-7" for the first RXD, "RXD(2)-7" for the second. */
const loc = (seg: string, n: number, field?: number) => `${seg}${n > 1 ? `(${n})` : ''}${field === undefined ? '' : `-${field}`}`;

function resolveZone(opts: CmopMapOptions, station: string): string | undefined {
  return typeof opts.timeZone === 'function' ? opts.timeZone(station) : opts.timeZone;
}

/** What every group of one message shares, read once. */
interface MessageFacts {
  controlId: string;
  messageType: string;
}

function readTime(v: string, zone: string | undefined, where: string, what: string, warnings: string[]): Date | null {
  const { date, warning } = parseHl7Timestamp(v, zone ? { timeZone: zone } : {});
  if (warning && date === null) throw new Hl7ParseError('BAD_VALUE', where, `${what} is not a valid HL7 date/time (${warning.replace(/: length \d+$/, '')})`);
  if (warning) warnings.push(`${where}: ${warning}`);
  return date;
}

function firstStation(candidates: string[]): string | undefined {
  for (const s of candidates) if (STATION.test(s)) return s;
  return undefined;
}

function mapGroup(msg: Hl7Message, g: Group, patient: Patient, layout: Layout, opts: CmopMapOptions, facts: MessageFacts): DispenseEvent {
  const n = g.rxdN || g.orcN;
  if (!g.rxd) throw new Hl7ParseError('MISSING_SEGMENT', loc('RXD', g.orcN || 1), 'Each ORC needs an RXD segment');
  const rxd = g.rxd;
  const warnings: string[] = [...patient.warnings];

  const rxNumber = rxd.get(7).trim();
  if (!rxNumber) throw new Hl7ParseError('MISSING_FIELD', loc('RXD', n, 7), 'RXD-7 (prescription number) is required');
  if (!RX_NUMBER.test(rxNumber)) throw new Hl7ParseError('BAD_VALUE', loc('RXD', n, 7), 'RXD-7 is not a prescription number (1–20 letters or digits)');
  const drugName = plainText(rxd.get(2, 2).trim(), `${loc('RXD', n, 2)}.2`, 'RXD-2.2 (drug name)');
  if (!drugName) throw new Hl7ParseError('MISSING_FIELD', loc('RXD', n, 2), 'RXD-2.2 (drug name) is required');

  const rxIndex =
    RX_INDEX.exec(g.orc?.get(2).trim() ?? '') ??
    (layout === 'R06' && msg.segments.filter((s) => s.name === 'RXD').length === 1 ? RX_INDEX.exec(facts.controlId) : null);
  if (rxIndex && rxIndex[2] !== rxNumber) warnings.push(`${loc('ORC', g.orcN, 2)}: Rx Index names a different prescription than RXD-7`);

  // Fill number (see module comment for the base of RXD-1 in each layout).
  const fillRaw = rxd.get(1).trim();
  let fillNumber: number;
  if (fillRaw === '') {
    fillNumber = rxIndex ? Math.max(Number(rxIndex[3]) - 1, 0) : 0;
    if (!rxIndex) warnings.push(`${loc('RXD', n, 1)}: no fill number; taken as the original fill`);
  } else {
    if (!/^\d{1,2}$/.test(fillRaw)) throw new Hl7ParseError('BAD_VALUE', loc('RXD', n, 1), 'RXD-1 (fill number) must be a whole number from 0 to 99');
    const raw = Number(fillRaw);
    if (layout === 'R06') {
      if (raw === 0) warnings.push(`${loc('RXD', n, 1)}: fill counter 0 in RDS^R06 (expected 1 for the original); taken as the original fill`);
      fillNumber = Math.max(raw - 1, 0);
    } else fillNumber = raw;
  }
  if (rxIndex && Number(rxIndex[3]) - 1 !== fillNumber) warnings.push(`${loc('ORC', g.orcN, 2)}: Rx Index fill differs from RXD-1`);

  const candidates = [rxIndex?.[1] ?? '', patient.dfnStation ?? '', msg.msh.get(6).trim(), layout === 'O14' ? msg.msh.get(4).trim() : ''];
  const stationNumber = firstStation(candidates);
  if (!stationNumber)
    throw new Hl7ParseError('MISSING_FIELD', g.orc ? loc('ORC', g.orcN, 2) : 'MSH-6', 'No station number (ORC-2 Rx Index, PID-3 DFN station, or MSH-6)');
  const zone = resolveZone(opts, stationNumber);

  const dispensedAt = readTime(rxd.get(3), zone, loc('RXD', n, 3), 'RXD-3 (dispense date/time)', warnings);

  let vaProductId: string | null = rxd.get(2, 1).trim() || null;
  let ndcRaw = '';
  let ndcWhere = loc('RXD', n, 2);
  if (rxd.get(2, 3).trim().toUpperCase() === 'NDC') {
    ndcRaw = rxd.get(2, 1);
    vaProductId = null;
  } else if (rxd.get(2, 6).trim().toUpperCase() === 'NDC') ndcRaw = rxd.get(2, 4);

  let carrier: string | null = null;
  let trackingRaw: string;
  let shippedAt: Date | null = null;
  let cancelled = g.orc?.get(1).trim().toUpperCase() === 'CA';
  let reason: string;
  if (layout === 'R06') {
    if (!g.zr2) throw new Hl7ParseError('MISSING_SEGMENT', loc('ZR2', n), 'RDS^R06 needs a ZR2 segment after each RXD');
    const c = plainText(g.zr2.get(1).trim(), loc('ZR2', g.zr2N, 1), 'ZR2-1 (carrier)');
    if (c.toUpperCase() === 'CA') cancelled = true;
    else carrier = c || null;
    trackingRaw = g.zr2.get(2);
    const zr2Rx = g.zr2.get(3).trim();
    if (zr2Rx && zr2Rx !== rxNumber) throw new Hl7ParseError('BAD_VALUE', loc('ZR2', g.zr2N, 3), 'ZR2-3 must match RXD-7 (prescription number)');
    reason = plainText(rxd.get(9).trim(), loc('RXD', n, 9), 'RXD-9 (cancellation reason)');
  } else {
    trackingRaw = rxd.get(13);
    if (rxd.get(9, 1).trim()) {
      ndcRaw = rxd.get(9, 1);
      ndcWhere = loc('RXD', n, 9);
    }
    shippedAt = readTime(rxd.get(9, 2), zone, `${loc('RXD', n, 9)}.2`, 'RXD-9.2 (release date/time)', warnings);
    reason = plainText((g.orc?.get(16, 2) || g.orc?.get(16, 1) || '').trim(), loc('ORC', g.orcN, 16), 'ORC-16 (cancellation reason)');
  }
  const ndc = ndcRaw.trim() ? normaliseNdc(ndcRaw) : null;
  if (ndcRaw.trim() && !ndc) warnings.push(`${ndcWhere}: NDC not in a known format`);

  // Tracking numbers are sometimes printed in groups of digits; spaces are not part of them.
  const trackingNumber = trackingRaw.replace(/\s+/g, '') || null;
  const trackingWhere = layout === 'R06' ? loc('ZR2', g.zr2N, 2) : loc('RXD', n, 13);
  if (trackingNumber && !TRACKING.test(trackingNumber))
    throw new Hl7ParseError('BAD_VALUE', trackingWhere, 'Tracking number must be 1–60 letters, digits or dashes');
  if (carrier && !KNOWN_CARRIER.test(carrier)) warnings.push(`${loc('ZR2', g.zr2N, 1)}: unknown carrier code`);
  if (carrier && carrier.length > 12) warnings.push(`${loc('ZR2', g.zr2N, 1)}: carrier longer than 12 characters`);
  if (!cancelled && !trackingNumber)
    throw new Hl7ParseError('MISSING_FIELD', trackingWhere, `${layout === 'R06' ? 'ZR2-2' : 'RXD-13'} (tracking number) is required for a dispensed fill`);

  const qtyRaw = rxd.get(4).trim();
  const quantity = parseQuantity(qtyRaw);
  if (qtyRaw && quantity === null) warnings.push(`${loc('RXD', n, 4)}: quantity is not a number`);

  return {
    messageControlId: facts.controlId,
    messageType: facts.messageType,
    stationNumber,
    patient: { icn: patient.icn, dfn: patient.dfn, dfnStation: patient.dfnStation },
    rxNumber,
    fillNumber,
    drugName,
    vaProductId,
    ndc,
    quantity,
    dispensedAt,
    shippedAt,
    carrier: cancelled ? null : carrier,
    trackingNumber: cancelled ? null : trackingNumber,
    status: cancelled ? 'cancelled' : 'dispensed',
    cancellationReason: cancelled ? reason || 'Not dispensed' : null,
    warnings,
  };
}

/** Parse one CMOP message (not a batch: split those with splitBatch first) into dispense events. Throws Hl7ParseError only. */
export function mapCmopMessage(text: string, opts: CmopMapOptions = {}): CmopMessage {
  try {
    const msg = parseHl7(text);
    const controlId = msg.controlId.trim();
    if (!controlId) throw new Hl7ParseError('MISSING_FIELD', 'MSH-10', 'MSH-10 (message control id) is required');
    const type = msg.messageType;
    if (!(SUPPORTED_MESSAGE_TYPES as readonly string[]).includes(type)) {
      throw new Hl7ParseError(
        'UNSUPPORTED_MESSAGE_TYPE',
        'MSH-9',
        `Message type ${type.replace(/[^A-Z0-9^]/g, '').slice(0, 20)} is not a CMOP dispense (expected RDS^R06 or RRD^O14)`,
      );
    }
    const patient = patientFrom(msg);
    const layout: Layout = type === 'RDS^R06' ? 'R06' : 'O14';
    const facts: MessageFacts = { controlId, messageType: type };
    const events = groups(msg).map((g) => mapGroup(msg, g, patient, layout, opts, facts));
    return { controlId, sendingFacility: msg.msh.get(4).trim() || null, messageType: type, version: msg.version, events };
  } catch (err) {
    if (err instanceof Hl7ParseError) throw err;
    throw new Hl7ParseError('INTERNAL', null, 'Unexpected failure while reading the message');
  }
}

/** Header fields for storing a message we could not map (best effort, never throws). */
export function peekHeader(text: string): { controlId: string | null; sendingFacility: string | null } {
  const h = peekHl7Header(text);
  return { controlId: h?.controlId.trim().slice(0, 200) || null, sendingFacility: h?.sendingFacility.trim().slice(0, 200) || null };
}
