import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mapCmopMessage } from './cmop-dispense.js';
import { Hl7ParseError } from './errors.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'latin1');

function failure(text: string): { code: string; location: string | null; ack: string } {
  try {
    mapCmopMessage(text);
  } catch (err) {
    if (err instanceof Hl7ParseError) return { code: err.code, location: err.location, ack: err.ack };
    throw err;
  }
  throw new Error('expected a parse error');
}

describe('RDS^R06 with ZR2', () => {
  it('maps every field of a single-Rx fulfilment', () => {
    const m = mapCmopMessage(fixture('rds-r06-single.hl7'));
    expect(m).toMatchObject({ controlId: '442-2719547-1', messageType: 'RDS^R06', sendingFacility: 'CMOP LEAVENWORTH' });
    expect(m.events).toHaveLength(1);
    expect(m.events[0]).toEqual({
      messageControlId: '442-2719547-1',
      messageType: 'RDS^R06',
      stationNumber: '442',
      patient: { icn: '1012345678V123456', dfn: '7209', dfnStation: '442' },
      rxNumber: '2719547',
      fillNumber: 1,
      drugName: 'LISINOPRIL 10MG TAB',
      vaProductId: '4006',
      ndc: null,
      quantity: 90,
      dispensedAt: new Date('2026-06-14T15:15:00Z'),
      shippedAt: null,
      carrier: 'USPS',
      trackingNumber: '9400111899223344556677',
      status: 'dispensed',
      cancellationReason: null,
      warnings: [],
    });
  });

  it('maps two prescriptions in one package to two events with the same tracking number', () => {
    const m = mapCmopMessage(fixture('rds-r06-two-rx.hl7'));
    expect(m.events.map((e) => [e.rxNumber, e.fillNumber, e.drugName, e.trackingNumber, e.carrier])).toEqual([
      ['2719547', 2, 'LISINOPRIL 10MG TAB', '1Z999AA10123456784', 'UPS'],
      ['3636412', 1, 'METFORMIN HCL 500MG TAB', '1Z999AA10123456784', 'UPS'],
    ]);
  });

  it('reads delimiters from MSH-1/MSH-2 rather than assuming them', () => {
    const m = mapCmopMessage(fixture('custom-delimiters.hl7'));
    expect(m.events[0]).toMatchObject({ rxNumber: '2719553', drugName: 'HYDROCHLOROTHIAZIDE 25MG TAB', trackingNumber: '9400111899223344551111' });
  });

  it('decodes escape sequences in values', () => {
    expect(mapCmopMessage(fixture('escapes.hl7')).events[0]!.drugName).toBe('SALINE 0.9^NASAL & SPRAY | 15ML');
  });

  it('keeps a DFN-only patient with a null ICN (the pipeline decides)', () => {
    expect(mapCmopMessage(fixture('missing-icn.hl7')).events[0]!.patient).toEqual({ icn: null, dfn: '7209', dfnStation: '442' });
  });

  it('maps a cancelled fill (ORC-1 CA, ZR2 CA) with its reason and no tracking', () => {
    expect(mapCmopMessage(fixture('cancelled.hl7')).events[0]).toMatchObject({ status: 'cancelled', cancellationReason: 'OUT OF STOCK', trackingNumber: null, carrier: null });
  });
});

describe('RRD^O14 with RXD-13', () => {
  it('maps the VistA automation completion with ~ as component separator', () => {
    const e = mapCmopMessage(fixture('rrd-o14-rxd13.hl7')).events[0]!;
    expect(e).toMatchObject({
      messageType: 'RRD^O14',
      stationNumber: '554',
      patient: { icn: '1098765432V654321', dfn: '8812', dfnStation: '554' },
      rxNumber: '3640001',
      fillNumber: 0,
      drugName: 'ATORVASTATIN 20MG TAB',
      ndc: '00093505798',
      trackingNumber: '9405511899560000111122',
      carrier: null,
      shippedAt: new Date('2026-06-14T16:30:00Z'),
      dispensedAt: new Date('2026-06-14T12:00:00Z'),
    });
  });
});

describe('malformed messages name the problem', () => {
  it.each([
    ['malformed-no-msh.hl7', 'NO_MSH', 'MSH', 'AR'],
    ['malformed-truncated.hl7', 'BAD_SEGMENT', 'segment 4', 'AR'],
    ['malformed-missing-rxd.hl7', 'MISSING_SEGMENT', 'RXD', 'AE'],
  ])('%s → %s at %s', (file, code, location, ack) => {
    expect(failure(fixture(file))).toEqual({ code, location, ack });
  });

  const base = 'MSH|^~\\&|CMOP|776|VISTA|442|20260614||RDS^R06|C1|P|2.3.1\rPID|1||1012345678V123456^^^USVHA^NI\rORC|OK|442-1-1\r';
  it.each([
    ['', 'EMPTY', null],
    ['MSH|^~|X', 'BAD_DELIMITERS', 'MSH-2'],
    ['MSHA^~\\&A', 'BAD_DELIMITERS', 'MSH-2'],
    ['MSH|^^\\&|A|B|C|D|E||RDS^R06|1|P|2.3', 'BAD_DELIMITERS', 'MSH-2'],
    ['MSH|^~\\&|CMOP|776|VISTA|442|20260614||ADT^A01|C1|P|2.3.1\rPID|1', 'UNSUPPORTED_MESSAGE_TYPE', 'MSH-9'],
    ['MSH|^~\\&|CMOP|776|VISTA|442|20260614||RDS^R06||P|2.3.1', 'MISSING_FIELD', 'MSH-10'],
    [base.replace(/PID[^\r]*\r/, ''), 'MISSING_SEGMENT', 'PID'],
    [base.replace('1012345678V123456^^^USVHA^NI', 'X^^^USVHA^SS'), 'MISSING_FIELD', 'PID-3'],
    [base.replace('1012345678V123456', '12345V1'), 'BAD_VALUE', 'PID-3'],
    [base + 'RXD|1|4006^LISINOPRIL^L|20260614|90\rZR2|USPS|1|', 'MISSING_FIELD', 'RXD-7'],
    [base + 'RXD|1|4006^^L|20260614|90|||2719547\rZR2|USPS|1|', 'MISSING_FIELD', 'RXD-2'],
    [base + 'RXD|x|4006^A^L|20260614|90|||2719547\rZR2|USPS|1|', 'BAD_VALUE', 'RXD-1'],
    [base + 'RXD|1|4006^A^L|20260614|90|||2719547\r', 'MISSING_SEGMENT', 'ZR2'],
    [base + 'RXD|1|4006^A^L|20260614|90|||2719547\rZR2|USPS|1|9999999', 'BAD_VALUE', 'ZR2-3'],
    [base + 'RXD|1|4006^A^L|20260614|90|||2719547\rZR2|USPS|bad tracking!|', 'BAD_VALUE', 'ZR2-2'],
    [base + 'rxd|1', 'BAD_SEGMENT', 'segment 4'],
  ])('%j → %s', (text, code, location) => {
    expect(failure(text)).toMatchObject({ code, location });
  });
});
