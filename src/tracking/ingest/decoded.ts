/** What a format decoder (HL7 v2, FHIR) gives ingest: a decoded message, or a failure with its place. */
import type { DispenseEvent } from '../dispense-event.js';

export type AckCode = 'AA' | 'AE' | 'AR';

export interface DecodedMessage {
  controlId: string | null;
  sendingFacility: string | null;
  events: DispenseEvent[];
}

export interface DecodeFailure {
  code: string;
  /** Where in the message, e.g. "PID-3" or "$.identifier[0]". */
  location: string | null;
  message: string;
  ack: 'AE' | 'AR';
  controlId: string | null;
  sendingFacility: string | null;
}

export type DecodeResult = { ok: true; value: DecodedMessage } | { ok: false; error: DecodeFailure };
export type Decoder = (raw: string) => DecodeResult;
