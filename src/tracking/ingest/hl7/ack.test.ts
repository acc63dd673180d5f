import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildAck, buildBatchAck, hl7ErrorCode, isBatchFile, newAckControlId, parseErrorLocation } from './ack.js';
import { parseHl7 } from './message.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'latin1');
const at = new Date('2026-06-15T15:00:00Z');
const lines = (ack: string) => ack.split('\r').filter(Boolean);

describe('ACK', () => {
  it('AA: the sender’s own delimiters, apps/facilities swapped, control id echoed, version and processing id kept', () => {
    const ack = buildAck('MSH#~^\\&#CMOP#776#VISTA#442#20260614##RDS~R06#CTRL9#T#2.3.1\rPID#1', { code: 'AA', text: 'Accepted' }, at, 'A1');
    expect(lines(ack)).toEqual(['MSH#~^\\&#VISTA#442#CMOP#776#20260615150000+0000##ACK~R06#A1#T#2.3.1', 'MSA#AA#CTRL9#Accepted']);
    expect(ack.endsWith('\r')).toBe(true);
  });

  it('keeps HD components of the facilities and adds the message structure from 2.4 on', () => {
    const ack = buildAck(fixture('rds-r06-single.hl7').replace('|2.3.1|', '|2.4|'), { code: 'AA' }, at, 'A2');
    expect(lines(ack)[0]).toBe('MSH|^~\\&|VISTA|442|CMOP|CMOP LEAVENWORTH^776|20260615150000+0000||ACK^R06^ACK|A2|P|2.4');
  });

  it('before 2.5: MSA-6 error condition and ERR-1 (segment^sequence^field^code&text&table)', () => {
    const ack = buildAck(fixture('missing-icn.hl7'), { code: 'AE', text: 'No ICN', errorLocation: 'PID-3', errorCode: 'MISSING_ICN' }, at, 'A3');
    expect(lines(ack).slice(1)).toEqual(['MSA|AE|442-2719555-1|No ICN|||101^Required field missing^HL70357', 'ERR|PID^1^3^101&Required field missing&HL70357']);
  });

  it('2.5 and later: ERR-2 location, ERR-3 code, ERR-4 severity, ERR-8 message', () => {
    const inbound = 'MSH|^~\\&|PSO DISPENSE|442|PSO VISTA|442|2026||RRD^O14^RRD_O14|X7|P|2.5.1\rPID|1';
    const ack = buildAck(
      inbound,
      { code: 'AE', text: 'RXD-7 (prescription number) is required', errorLocation: 'RXD(2)-7', errorCode: 'MISSING_FIELD' },
      at,
      'A4',
    );
    expect(lines(ack).slice(1)).toEqual([
      'MSA|AE|X7|RXD-7 (prescription number) is required',
      'ERR||RXD^2^7|101^Required field missing^HL70357|E||||RXD-7 (prescription number) is required',
    ]);
  });

  it('escapes delimiters in the text with the inbound escape character', () => {
    const ack = buildAck(
      'MSH|^~!&|A|B|C|D|2026||RDS^R06|X|P|2.3.1',
      { code: 'AR', text: 'a|b^c', errorCode: 'UNSUPPORTED_MESSAGE_TYPE', errorLocation: 'MSH-9' },
      at,
      'A5',
    );
    expect(lines(ack).slice(1)).toEqual(['MSA|AR|X|a!F!b!S!c|||200^Unsupported message type^HL70357', 'ERR|MSH^1^9^200&Unsupported message type&HL70357']);
  });

  it('a broken body does not lose the header: control id echoed, handler’s code kept', () => {
    const ack = buildAck(
      fixture('malformed-truncated.hl7'),
      { code: 'AR', text: 'bad segment', errorLocation: 'segment 4', errorCode: 'BAD_SEGMENT' },
      at,
      'A6',
    );
    expect(lines(ack).slice(1)).toEqual(['MSA|AR|442-TRUNC-1|bad segment|||100^Segment sequence error^HL70357', 'ERR|^^^100&Segment sequence error&HL70357']);
  });

  it.each([['garbage'], [''], ['MSH|^^^^|x'], [fixture('malformed-no-msh.hl7')]])(
    'unreadable header %#: default delimiters, version 2.4, always AR',
    (inbound) => {
      const ack = buildAck(inbound, { code: 'AA' }, at, 'A7');
      expect(lines(ack)).toEqual([
        'MSH|^~\\&|RXBRIDGE|VA|||20260615150000+0000||ACK|A7|P|2.4',
        'MSA|AR||Message header (MSH) unreadable|||100^Segment sequence error^HL70357',
        'ERR|^^^100&Segment sequence error&HL70357',
      ]);
    },
  );

  it('a batch file is answered with its header’s delimiters and FHS-11', () => {
    const ack = buildAck(
      'FHS#^~\\&#CMOP#776#VISTA#554#2026##f.QRY##F-88\rBHS#^~\\&\rMSH#^~\\&#CMOP#776#VISTA#554#2026##RDS^R06#M1#P#2.3.1',
      { code: 'AA' },
      at,
      'A8',
    );
    expect(lines(ack)).toEqual(['MSH#^~\\&#VISTA#554#CMOP#776#20260615150000+0000##ACK^R06#A8#P#2.3.1', 'MSA#AA#F-88#']);
  });

  it('every ACK parses with our own parser', () => {
    const ack = buildAck(fixture('rrd-o14-rxd13.hl7'), { code: 'AE', text: 'x', errorLocation: 'RXD-13' }, at);
    const m = parseHl7(ack);
    expect([m.messageType, m.segment('MSA')!.get(2), m.delimiters.component]).toEqual(['ACK^O14', 'O14-55501', '~']);
  });

  it('control ids are unique and fit MSH-10 (20 chars)', () => {
    const ids = Array.from({ length: 1000 }, () => newAckControlId(at));
    expect(new Set(ids).size).toBe(1000);
    expect(ids.every((i) => i.length <= 20)).toBe(true);
  });
});

describe('table 0357 and locations', () => {
  it.each([
    ['MISSING_FIELD', '101'],
    ['MISSING_ICN', '101'],
    ['MISSING_SEGMENT', '100'],
    ['BAD_VALUE', '102'],
    ['UNSUPPORTED_MESSAGE_TYPE', '200'],
    ['206', '206'],
    ['SOMETHING_ELSE', '207'],
    [undefined, '207'],
  ])('%s → %s', (code, n) => {
    expect(hl7ErrorCode(code)[0]).toBe(n);
  });
  it.each([
    ['PID-3', { segment: 'PID', sequence: 1, field: 3, component: null }],
    ['RXD(2)-7', { segment: 'RXD', sequence: 2, field: 7, component: null }],
    ['RXD-2.2', { segment: 'RXD', sequence: 1, field: 2, component: 2 }],
    ['ZR2(3)', { segment: 'ZR2', sequence: 3, field: null, component: null }],
    ['segment 4', null],
    [null, null],
  ])('%j', (loc, parsed) => {
    expect(parseErrorLocation(loc)).toEqual(parsed);
  });
});

describe('batch acknowledgement', () => {
  const m1 = 'MSH|^~\\&|CMOP|776|VISTA|442|20260614||RDS^R06|M-1|P|2.3.1\rPID|1';
  const m2 = 'MSH|^~\\&|CMOP|776|VISTA|442|20260614||RDS^R06|M-2|P|2.3.1\rPID|1';
  const m3 = 'MSH|^~\\&|CMOP|776|VISTA|442|20260614||RDS^R06|M-3|P|2.3.1\rPID|1';
  const file = `FHS|^~\\&|CMOP|776|VISTA|442|20260614||||F-77\rBHS|^~\\&|CMOP|776|VISTA|442|20260614||||B-9\r${m1}\r${m2}\r${m3}\rBTS|3\rFTS|1\r`;
  const entries = [
    { message: m1, result: { code: 'AA' as const, text: 'Accepted' } },
    { message: m2, result: { code: 'AE' as const, text: 'RXD-3 is not a valid HL7 date/time', errorCode: 'BAD_VALUE', errorLocation: 'RXD-3' } },
    { message: m3, result: { code: 'AA' as const, text: 'Accepted' } },
  ];

  it('answers a batch with a batch: FHS/BHS referencing the inbound ids, one MSA per message with its own id and code, BTS/FTS counts', () => {
    const segs = buildBatchAck(file, entries, at, 'ACKX').split('\r').filter(Boolean);
    expect(segs.map((s) => s.slice(0, 3))).toEqual(['FHS', 'BHS', 'MSH', 'MSA', 'MSH', 'MSA', 'ERR', 'MSH', 'MSA', 'BTS', 'FTS']);
    const fhs = segs[0]!.split('|');
    expect([fhs[2], fhs[3], fhs[4], fhs[5], fhs[10], fhs[11]]).toEqual(['VISTA', '442', 'CMOP', '776', 'ACKXF', 'F-77']);
    expect(segs[1]!.split('|')[11]).toBe('B-9');
    expect(segs.filter((s) => s.startsWith('MSA'))).toEqual([
      'MSA|AA|M-1|Accepted',
      expect.stringMatching(/^MSA\|AE\|M-2\|RXD-3 is not a valid/),
      'MSA|AA|M-3|Accepted',
    ]);
    expect(segs[6]).toMatch(/^ERR\|RXD\^1\^3\^102/);
    expect(segs.at(-2)).toBe('BTS|3');
    expect(segs.at(-1)).toBe('FTS|1');
    // Each ACK has its own control id.
    const ids = segs.filter((s) => s.startsWith('MSH')).map((s) => s.split('|')[9]);
    expect(new Set(ids).size).toBe(3);
  });

  it('a batch without FHS gets BHS…BTS only; a single message is not a batch file', () => {
    const segs = buildBatchAck(`BHS|^~\\&|CMOP|776|VISTA|442\r${m1}\rBTS|1`, entries.slice(0, 1), at, 'ACKY').split('\r').filter(Boolean);
    expect(segs.map((s) => s.slice(0, 3))).toEqual(['BHS', 'MSH', 'MSA', 'BTS']);
    expect(isBatchFile(file)).toBe(true);
    expect(isBatchFile(m1)).toBe(false);
  });
});
