import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mapCmopMessage, peekHeader } from './cmop-dispense.js';
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

const ALEX = '1012345678V123456';
const JORDAN = '1098765432V654321';

describe('RDS^R06 (RXD + ZR2)', () => {
  it('maps every field of a single-Rx fulfilment', () => {
    const m = mapCmopMessage(fixture('rds-r06-single.hl7'));
    expect(m).toMatchObject({ controlId: '442-2719547-1', messageType: 'RDS^R06', sendingFacility: 'CMOP LEAVENWORTH', version: '2.3.1' });
    expect(m.events).toEqual([
      {
        messageControlId: '442-2719547-1',
        messageType: 'RDS^R06',
        stationNumber: '442',
        patient: { icn: ALEX, dfn: '7209', dfnStation: '442' },
        rxNumber: '2719547',
        fillNumber: 0, // RXD-1 = 1 = original fill (Rx Index 442-2719547-1)
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
      },
    ]);
  });

  it('maps two prescriptions in one package to two events with the same tracking number', () => {
    const m = mapCmopMessage(fixture('rds-r06-two-rx.hl7'));
    expect(
      m.events.map((e) => [
        e.rxNumber,
        e.fillNumber,
        e.drugName,
        e.vaProductId,
        e.quantity,
        e.trackingNumber,
        e.carrier,
        e.stationNumber,
        e.patient.icn,
        e.dispensedAt?.toISOString(),
      ]),
    ).toEqual([
      ['2719547', 1, 'LISINOPRIL 10MG TAB', '4006', 90, '1Z999AA10123456784', 'UPS', '442', ALEX, '2026-06-14T15:15:00.000Z'],
      ['3636412', 0, 'METFORMIN HCL 500MG TAB', '5120', 180, '1Z999AA10123456784', 'UPS', '442', ALEX, '2026-06-14T15:17:00.000Z'],
    ]);
    expect(m.events.every((e) => e.messageControlId === '442-BATCHSET-7' && e.warnings.length === 0)).toBe(true);
  });

  it('reads delimiters from MSH-1/MSH-2 (# as field separator)', () => {
    const [e] = mapCmopMessage(fixture('custom-delimiters.hl7')).events;
    expect(e).toMatchObject({
      rxNumber: '2719553',
      drugName: 'HYDROCHLOROTHIAZIDE 25MG TAB',
      trackingNumber: '9400111899223344551111',
      carrier: 'USPS',
      stationNumber: '442',
      patient: { icn: ALEX },
    });
  });

  it('reads a VDEF-style message (^ fields, ~ components, | repetitions, LF endings, spaced tracking number)', () => {
    const [e] = mapCmopMessage(fixture('vdef-caret-fields.hl7')).events;
    expect(e).toEqual({
      messageControlId: '442-2719558-3',
      messageType: 'RDS^R06',
      stationNumber: '442',
      patient: { icn: ALEX, dfn: '7209', dfnStation: '442' },
      rxNumber: '2719558',
      fillNumber: 2,
      drugName: 'GABAPENTIN 300MG CAP',
      vaProductId: '4420',
      ndc: null,
      quantity: 90,
      dispensedAt: new Date('2026-06-15T13:30:00Z'),
      shippedAt: null,
      carrier: 'CTC-USPS',
      trackingNumber: '9400111899223344556601',
      status: 'dispensed',
      cancellationReason: null,
      warnings: [],
    });
  });

  it('decodes escape sequences in the drug name', () => {
    expect(mapCmopMessage(fixture('escapes.hl7')).events[0]!.drugName).toBe('SALINE 0.9^NASAL & SPRAY | 15ML');
  });

  it('keeps a DFN-only patient with a null ICN (the pipeline decides)', () => {
    const [e] = mapCmopMessage(fixture('missing-icn.hl7')).events;
    expect(e!.patient).toEqual({ icn: null, dfn: '7209', dfnStation: '442' });
    expect(e!.rxNumber).toBe('2719555');
  });

  it('maps a cancelled fill (ORC-1 CA, ZR2 CA) with its reason and no tracking', () => {
    const [e] = mapCmopMessage(fixture('cancelled.hl7')).events;
    expect(e).toMatchObject({
      status: 'cancelled',
      cancellationReason: 'OUT OF STOCK',
      trackingNumber: null,
      carrier: null,
      quantity: 0,
      dispensedAt: null,
      rxNumber: '2719556',
      drugName: 'WARFARIN 5MG TAB',
    });
  });

  it('warns about an unknown carrier and reads an NDC-coded alternate identifier in RXD-2', () => {
    const [e] = mapCmopMessage(fixture('unknown-carrier.hl7')).events;
    expect(e).toMatchObject({
      carrier: 'PONYEXPRESS',
      trackingNumber: 'PX0001234567',
      ndc: '00071015723',
      vaProductId: '4380',
      fillNumber: 1,
      status: 'dispensed',
    });
    expect(e!.warnings).toEqual(['ZR2-1: unknown carrier code']);
  });

  it('each message of a batch maps on its own', () => {
    const text = fixture('batch-three.hl7');
    const msgs = text
      .split('\r')
      .filter((l) => l && !/^(FHS|BHS|BTS|FTS)/.test(l))
      .join('\r')
      .split(/(?=MSH\|)/);
    expect(msgs.map((m) => mapCmopMessage(m).events[0]!.patient.icn)).toEqual([ALEX, ALEX, JORDAN]);
  });
});

describe('RRD^O14 (RXD-13 tracking)', () => {
  it('maps the VistA automation completion with ~ as component separator', () => {
    const m = mapCmopMessage(fixture('rrd-o14-rxd13.hl7'));
    expect(m).toMatchObject({ controlId: 'O14-55501', messageType: 'RRD^O14', version: '2.4' });
    expect(m.events).toEqual([
      {
        messageControlId: 'O14-55501',
        messageType: 'RRD^O14',
        stationNumber: '554',
        patient: { icn: JORDAN, dfn: '8812', dfnStation: '554' },
        rxNumber: '3640001',
        fillNumber: 0,
        drugName: 'ATORVASTATIN 20MG TAB',
        vaProductId: '3311',
        ndc: '00093505798',
        quantity: 30,
        dispensedAt: new Date('2026-06-14T12:00:00Z'),
        shippedAt: new Date('2026-06-14T16:30:00Z'),
        carrier: null,
        trackingNumber: '9405511899560000111122',
        status: 'dispensed',
        cancellationReason: null,
        warnings: [],
      },
    ]);
  });

  it('maps two prescriptions (CRLF endings, 5-3-2 and 4-4-2 NDCs, local times read in the station’s zone)', () => {
    const m = mapCmopMessage(fixture('rrd-o14-two-rx.hl7'), { timeZone: (station) => (station === '554' ? 'America/Denver' : undefined) });
    expect(
      m.events.map((e) => [e.rxNumber, e.fillNumber, e.drugName, e.ndc, e.trackingNumber, e.shippedAt?.toISOString(), e.stationNumber, e.patient]),
    ).toEqual([
      [
        '3636456',
        2,
        'AMLODIPINE BESYLATE 5MG TAB',
        '68180072002',
        '1Z999AA10123456785',
        '2026-06-16T15:45:00.000Z',
        '554',
        { icn: JORDAN, dfn: '8812', dfnStation: '554' },
      ],
      [
        '3636467',
        0,
        'LEVOTHYROXINE 50MCG TAB',
        '00378180301',
        '1Z999AA10123456785',
        '2026-06-16T15:50:00.000Z',
        '554',
        { icn: JORDAN, dfn: '8812', dfnStation: '554' },
      ],
    ]);
    expect(m.events.flatMap((e) => e.warnings)).toEqual([]);
  });

  it('without a zone, offset-less times are read as UTC and flagged', () => {
    const [e] = mapCmopMessage(fixture('rrd-o14-two-rx.hl7')).events;
    expect(e!.shippedAt?.toISOString()).toBe('2026-06-16T09:45:00.000Z');
    expect(e!.warnings).toEqual(['RXD-9.2: timestamp has no time zone; read as UTC']);
  });
});

describe('no silent outcomes: every unusable field is an error naming it', () => {
  const norm = (m: string) =>
    m
      .split(/\r\n|\r|\n/)
      .filter(Boolean)
      .join('\r');
  const single = () => norm(fixture('rds-r06-single.hl7'));
  const o14 = () => norm(fixture('rrd-o14-rxd13.hl7')).replace(/~/g, '^').replace('MSH|^^\\&', 'MSH|^~\\&');
  const rxd = (msg: string) =>
    msg
      .split('\r')
      .find((s) => s.startsWith('RXD'))!
      .split('|');
  const withRxd = (msg: string, field: number, value: string) => {
    const f = rxd(msg);
    f[field] = value;
    return msg
      .split('\r')
      .map((s) => (s.startsWith('RXD') ? f.join('|') : s))
      .join('\r');
  };
  const zr2 = (msg: string, field: number, value: string) =>
    msg
      .split('\r')
      .map((s) => {
        if (!s.startsWith('ZR2')) return s;
        const f = s.split('|');
        f[field] = value;
        return f.join('|');
      })
      .join('\r');
  const err = (msg: string) => {
    try {
      mapCmopMessage(msg);
    } catch (e) {
      return { code: (e as Hl7ParseError).code, location: (e as Hl7ParseError).location, ack: (e as Hl7ParseError).ack };
    }
    return null;
  };

  it.each([
    ['RXD-3 = NOT-A-DATE', () => withRxd(single(), 3, 'NOT-A-DATE'), 'BAD_VALUE', 'RXD-3'],
    ['RXD-3 = 20260230 (no such day)', () => withRxd(single(), 3, '20260230'), 'BAD_VALUE', 'RXD-3'],
    ['RXD-3 = 20261301', () => withRxd(single(), 3, '20261301'), 'BAD_VALUE', 'RXD-3'],
    ['O14 RXD-9.2 release date garbage', () => withRxd(o14(), 9, `${rxd(o14())[9]!.split('^')[0]}^YESTERDAY`), 'BAD_VALUE', 'RXD-9.2'],
    ['dispensed, ZR2-2 empty (R06)', () => zr2(single(), 2, ''), 'MISSING_FIELD', 'ZR2-2'],
    ['dispensed, RXD-13 empty (O14)', () => withRxd(o14(), 13, ''), 'MISSING_FIELD', 'RXD-13'],
    ['NUL in the drug name', () => single().replace('LISINOPRIL 10MG TAB', 'LISINOPRIL\u000010MG'), 'BAD_VALUE', 'RXD-2.2'],
    ['NUL written as an HL7 escape', () => single().replace('LISINOPRIL 10MG TAB', 'LISINOPRIL\\X00\\10MG'), 'BAD_VALUE', 'RXD-2.2'],
    ['BEL in the carrier', () => zr2(single(), 1, 'US\u0007PS'), 'BAD_VALUE', 'ZR2-1'],
    ['C1 control in the drug name', () => single().replace('LISINOPRIL 10MG TAB', 'LISINOPRIL\u008510MG'), 'BAD_VALUE', 'RXD-2.2'],
  ])('%s → AE %s at %s', (_name, build, code, location) => {
    expect(err(build())).toEqual({ code, location, ack: 'AE' });
  });

  it('an empty date stays "no date" (optional field), and a cancelled fill needs no tracking number', () => {
    expect(mapCmopMessage(withRxd(single(), 3, '')).events[0]!.dispensedAt).toBeNull();
    expect(mapCmopMessage(fixture('cancelled.hl7')).events[0]!.status).toBe('cancelled');
  });
});

describe('malformed messages name the problem', () => {
  it.each([
    ['malformed-no-msh.hl7', 'NO_MSH', 'MSH', 'AR'],
    ['malformed-truncated.hl7', 'BAD_SEGMENT', 'segment 4', 'AR'],
    ['malformed-missing-rxd.hl7', 'MISSING_SEGMENT', 'RXD', 'AE'],
    ['malformed-missing-drug.hl7', 'MISSING_FIELD', 'RXD-2', 'AE'],
    ['malformed-missing-rxnumber.hl7', 'MISSING_FIELD', 'RXD-7', 'AE'],
    ['malformed-bad-delimiters.hl7', 'BAD_DELIMITERS', 'MSH-2', 'AR'],
  ])('%s → %s at %s', (file, code, location, ack) => {
    expect(failure(fixture(file))).toEqual({ code, location, ack });
  });

  const base = 'MSH|^~\\&|CMOP|776|VISTA|442|20260614||RDS^R06|C1|P|2.3.1\rPID|1||1012345678V123456^^^USVHA^NI\rORC|OK|442-1-1\r';
  const rxd = 'RXD|1|4006^A^L|20260614|90|||2719547\r';
  it.each([
    ['', 'EMPTY', null],
    ['MSH|^~\\&|CMOP|776|VISTA|442|20260614||ADT^A01|C1|P|2.3.1\rPID|1', 'UNSUPPORTED_MESSAGE_TYPE', 'MSH-9'],
    ['MSH|^~\\&|CMOP|776|VISTA|442|20260614||RDS^R06||P|2.3.1', 'MISSING_FIELD', 'MSH-10'],
    [base.replace(/PID[^\r]*\r/, ''), 'MISSING_SEGMENT', 'PID'],
    [base.replace('1012345678V123456', '12345V1'), 'BAD_VALUE', 'PID-3'],
    [base, 'MISSING_SEGMENT', 'RXD'],
    [base + 'RXD|1|4006^LISINOPRIL^L|20260614|90\rZR2|USPS|1|', 'MISSING_FIELD', 'RXD-7'],
    [base + 'RXD|1|4006^A^L|20260614|90|||27195-47\rZR2|USPS|1|', 'BAD_VALUE', 'RXD-7'],
    [base + 'RXD|x|4006^A^L|20260614|90|||2719547\rZR2|USPS|1|', 'BAD_VALUE', 'RXD-1'],
    [base + rxd, 'MISSING_SEGMENT', 'ZR2'],
    [base + rxd + 'ZR2|USPS|1|9999999', 'BAD_VALUE', 'ZR2-3'],
    [base + rxd + 'ZR2|USPS|bad tracking!|', 'BAD_VALUE', 'ZR2-2'],
    [base + rxd + `ZR2|USPS|${'9'.repeat(61)}|`, 'BAD_VALUE', 'ZR2-2'],
    [base + rxd + 'ZR2|USPS|1|\rORC|OK\rRXD|1|1^B^L||||||\rZR2|USPS|2', 'MISSING_FIELD', 'RXD(2)-7'],
    [base + rxd + 'ZR2|USPS|1|\rORC|OK\rRXD|1|1^B^L|||||3\r', 'MISSING_SEGMENT', 'ZR2(2)'],
    [base.replace('|442|', '|VISTA|').replace('442-1-1', '') + rxd + 'ZR2|USPS|1', 'MISSING_FIELD', 'ORC-2'],
    [base + 'rxd|1', 'BAD_SEGMENT', 'segment 4'],
  ])('%j → %s at %s', (text, code, location) => {
    expect(failure(text)).toMatchObject({ code, location });
  });

  it('PID-3 without ICN or DFN is not a parse error: null patient ids and a warning', () => {
    const [e] = mapCmopMessage(base.replace('1012345678V123456^^^USVHA^NI', '000000000^^^USSSA^SS') + rxd + 'ZR2|USPS|1').events;
    expect(e!.patient).toEqual({ icn: null, dfn: null, dfnStation: null });
    expect(e!.warnings).toContain('PID-3: no ICN (NI) or DFN (PI) identifier');
  });

  it('ICN sent as two CX components is joined', () => {
    const [e] = mapCmopMessage(base.replace('1012345678V123456^^^USVHA^NI', '1012345678^123456^^USVHA&&L^NI') + rxd + 'ZR2|USPS|1').events;
    expect(e!.patient.icn).toBe(ALEX);
  });

  it('notes a Rx Index that disagrees with RXD', () => {
    const [e] = mapCmopMessage(base.replace('442-1-1', '442-2719547-3') + rxd + 'ZR2|USPS|1').events;
    expect(e!.warnings).toEqual(['ORC-2: Rx Index fill differs from RXD-1']);
  });
});

describe('peekHeader', () => {
  it.each([
    [fixture('malformed-missing-rxd.hl7'), { controlId: '442-NORXD-1', sendingFacility: '776' }],
    [fixture('malformed-truncated.hl7'), { controlId: '442-TRUNC-1', sendingFacility: '776' }],
    [fixture('malformed-no-msh.hl7'), { controlId: null, sendingFacility: null }],
  ])('#%#', (text, expected) => {
    expect(peekHeader(text)).toEqual(expected);
  });
});
