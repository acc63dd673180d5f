/**
 * Adapters from the format parsers (HL7 v2, FHIR) to the ingest service's Decoder contract: a
 * decoded message or a failure with code, location and the HL7 acknowledgement to give.
 */
import { FhirMappingError, mapFhirDispenses } from './fhir/medication-dispense.js';
import { isBatch, splitBatch } from './hl7/batch.js';
import { mapCmopMessage, peekHeader } from './hl7/cmop-dispense.js';
import { Hl7ParseError } from './hl7/errors.js';
import type { Decoder, DecodeResult } from './decoded.js';

const hl7v2: Decoder = (raw) => {
  try {
    const m = mapCmopMessage(raw);
    return { ok: true, value: { controlId: m.controlId.slice(0, 200), sendingFacility: m.sendingFacility?.slice(0, 200) ?? null, events: m.events } };
  } catch (err) {
    const header = peekHeader(raw);
    if (err instanceof Hl7ParseError) return { ok: false, error: { code: err.code, location: err.location, message: err.message, ack: err.ack, ...header } };
    return { ok: false, error: { code: 'INTERNAL', location: null, message: 'Unexpected error while reading the message', ack: 'AE', ...header } };
  }
};

const fhir: Decoder = (raw): DecodeResult => {
  try {
    const m = mapFhirDispenses(raw);
    return { ok: true, value: { controlId: m.controlId, sendingFacility: 'FHIR', events: m.events } };
  } catch (err) {
    const code = err instanceof FhirMappingError ? err.code : 'INTERNAL';
    const location = err instanceof FhirMappingError ? err.path : null;
    const message = err instanceof FhirMappingError ? err.message : 'Unexpected error while reading the resource';
    return {
      ok: false,
      error: { code, location, message, ack: code === 'BAD_JSON' || code === 'BAD_RESOURCE' ? 'AR' : 'AE', controlId: null, sendingFacility: 'FHIR' },
    };
  }
};

/** One HL7 text → the messages in it (batch files are split; a single message is returned as is). */
function splitHl7(text: string): string[] {
  return isBatch(text) ? splitBatch(text).messages : [text];
}

export const decoders = { hl7v2, fhir, splitHl7 };
