/**
 * What ingest does with one inbound message, decided in ONE place for the single path, the batch
 * path and replay alike. Pure: the store's answer (was the control id new? what status does the
 * stored row have? is it the same content?) and the decoder's result in, a verdict out.
 *
 *  duplicate    same control id, same content, already accepted          → AA, nothing to do
 *  reused-id    same control id, different content, already accepted     → AE at MSH-10, kept apart
 *  undecodable  the decoder failed (structure or a field)                → the decoder's AE/AR
 *  invalid      decoded, but the pipeline cannot use it (rules below)    → AE naming the field
 *  accept       everything else                                          → events stored and handed on
 *
 * Pipeline rules (the format allows these; the e-mail pipeline cannot work without them):
 *  - at least one dispense;
 *  - a dispensed fill has a tracking number (the mappers already name the field; this is the net
 *    for any decoder that does not) — see docs/tracking-ingest-rules in README: CMOP mails every
 *    fill, so a dispensed fill without a tracking number is a sender error, answered AE;
 *  - a dispensed fill with a tracking number has the patient's ICN (it addresses the e-mail).
 */
import type { MessageStatus } from '../tracking.tables.js';
import type { DecodeFailure, DecodeResult } from './decoded.js';
import type { DispenseEvent } from '../dispense-event.js';

export interface StoredState {
  /** The control id was new (a row was inserted). */
  inserted: boolean;
  /** Status of the stored row after the upsert. */
  status: MessageStatus;
  /** The stored row holds exactly this content. */
  sameContent: boolean;
}

export interface PipelineProblem {
  code: string;
  location: string;
  message: string;
}

export type Verdict =
  | { kind: 'duplicate' }
  | { kind: 'reused-id' }
  | { kind: 'undecodable'; failure: DecodeFailure }
  | { kind: 'invalid'; problem: PipelineProblem; warnings: string[] }
  | { kind: 'accept'; events: DispenseEvent[]; warnings: string[] };

export function validateForPipeline(events: DispenseEvent[]): PipelineProblem | null {
  if (events.length === 0) return { code: 'NO_DISPENSE', location: 'RXD', message: 'The message contains no dispense' };
  if (events.some((e) => e.status === 'dispensed' && !e.trackingNumber)) {
    return { code: 'MISSING_TRACKING_NUMBER', location: 'tracking number', message: 'A dispensed fill has no tracking number' };
  }
  if (events.some((e) => e.status === 'dispensed' && e.trackingNumber && !e.patient.icn)) {
    return { code: 'MISSING_ICN', location: 'PID-3', message: 'No patient ICN (identifier type NI); cannot address the shipment e-mail' };
  }
  return null;
}

/** The parser's warnings for every dispense, de-duplicated, in order. */
export function messageWarnings(events: DispenseEvent[]): string[] {
  return [...new Set(events.flatMap((e) => e.warnings))];
}

export function classifyMessage(stored: StoredState, decoded: DecodeResult): Verdict {
  if (!stored.inserted && stored.status === 'accepted') return stored.sameContent ? { kind: 'duplicate' } : { kind: 'reused-id' };
  if (!decoded.ok) return { kind: 'undecodable', failure: decoded.error };
  const warnings = messageWarnings(decoded.value.events);
  const problem = validateForPipeline(decoded.value.events);
  if (problem) return { kind: 'invalid', problem, warnings };
  return { kind: 'accept', events: decoded.value.events, warnings };
}
