import { describe, expect, it } from 'vitest';
import type { DispenseEvent } from '../dispense-event.js';
import type { DecodeResult } from './decoded.js';
import { classifyMessage, validateForPipeline, type StoredState } from './message-verdict.js';

const event = (over: Partial<DispenseEvent> = {}): DispenseEvent => ({
  messageControlId: 'C1',
  messageType: 'RDS^R06',
  stationNumber: '442',
  patient: { icn: '1012345678V123456', dfn: null, dfnStation: null },
  rxNumber: '2719547',
  fillNumber: 0,
  drugName: 'LISINOPRIL',
  vaProductId: null,
  ndc: null,
  quantity: 30,
  dispensedAt: null,
  shippedAt: null,
  carrier: 'USPS',
  trackingNumber: '9400111899223344556677',
  status: 'dispensed',
  cancellationReason: null,
  warnings: [],
  ...over,
});
const ok = (...events: DispenseEvent[]): DecodeResult => ({ ok: true, value: { controlId: 'C1', sendingFacility: 'CMOP', events } });
const failed: DecodeResult = {
  ok: false,
  error: { code: 'BAD_VALUE', location: 'RXD-3', message: 'bad date', ack: 'AE', controlId: 'C1', sendingFacility: 'CMOP' },
};
const fresh: StoredState = { inserted: true, status: 'received', sameContent: true };
const acceptedSame: StoredState = { inserted: false, status: 'accepted', sameContent: true };
const acceptedOther: StoredState = { inserted: false, status: 'accepted', sameContent: false };
const rejectedResend: StoredState = { inserted: false, status: 'received', sameContent: true };

describe('classifyMessage: one decision for single, batch and replay', () => {
  it.each<[string, StoredState, DecodeResult, string, string | null]>([
    ['new, decodes, usable', fresh, ok(event()), 'accept', null],
    ['repeat of an accepted message, same content', acceptedSame, ok(event()), 'duplicate', null],
    ['repeat of an accepted message even if today it would not decode', acceptedSame, failed, 'duplicate', null],
    ['accepted control id, different content', acceptedOther, ok(event()), 'reused-id', null],
    ['new, does not decode', fresh, failed, 'undecodable', 'BAD_VALUE'],
    ['corrected resend of a rejected message', rejectedResend, ok(event()), 'accept', null],
    ['no dispense', fresh, ok(), 'invalid', 'NO_DISPENSE'],
    ['dispensed, no tracking number', fresh, ok(event({ trackingNumber: null })), 'invalid', 'MISSING_TRACKING_NUMBER'],
    ['cancelled, no tracking number', fresh, ok(event({ status: 'cancelled', trackingNumber: null, carrier: null })), 'accept', null],
    ['dispensed, no ICN', fresh, ok(event({ patient: { icn: null, dfn: '7', dfnStation: '442' } })), 'invalid', 'MISSING_ICN'],
    ['cancelled, no ICN', fresh, ok(event({ status: 'cancelled', trackingNumber: null, patient: { icn: null, dfn: '7', dfnStation: '442' } })), 'accept', null],
  ])('%s → %s', (_name, stored, decoded, kind, code) => {
    const v = classifyMessage(stored, decoded);
    expect(v.kind).toBe(kind);
    const got = v.kind === 'invalid' ? v.problem.code : v.kind === 'undecodable' ? v.failure.code : null;
    expect(got).toBe(code);
  });

  it('carries the parser warnings of every dispense, once each', () => {
    const v = classifyMessage(
      fresh,
      ok(
        event({ warnings: ['ZR2-1: unknown carrier code', 'RXD-3: timestamp has no time zone; read as UTC'] }),
        event({ rxNumber: '2', warnings: ['ZR2-1: unknown carrier code'] }),
      ),
    );
    expect(v.kind === 'accept' && v.warnings).toEqual(['ZR2-1: unknown carrier code', 'RXD-3: timestamp has no time zone; read as UTC']);
  });

  it('names the ICN field for a missing ICN', () => {
    expect(validateForPipeline([event({ patient: { icn: null, dfn: null, dfnStation: null } })])).toMatchObject({ location: 'PID-3' });
  });
});
