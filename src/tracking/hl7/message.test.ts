import { describe, expect, it } from 'vitest';
import { buildAck } from './ack.js';
import { splitBatch } from './batch.js';
import { DEFAULT_DELIMITERS, escapeHl7, parseHl7, unescapeHl7 } from './message.js';
import { normaliseNdc, parseHl7Timestamp } from './values.js';

describe('accessors are 1-based and follow MSH numbering', () => {
  const msg = parseHl7('MSH|^~\\&|APP|FAC|RAPP|RFAC|20260614||RDS^R06|CTRL1|P|2.3.1\r\nPID|1||A^^^X^NI~B^^^Y^PI^442&sub||N\nZZ1|');
  it.each([
    [() => msg.msh.get(1), '|'],
    [() => msg.msh.get(2), '^~\\&'],
    [() => msg.msh.get(3), 'APP'],
    [() => msg.msh.get(9, 2), 'R06'],
    [() => msg.messageType, 'RDS^R06'],
    [() => msg.controlId, 'CTRL1'],
    [() => msg.segment('PID')!.get(3, 1, 2), 'B'],
    [() => msg.segment('PID')!.get(3, 6, 2, 1), '442'],
    [() => msg.segment('PID')!.get(3, 6, 2, 2), 'sub'],
    [() => msg.segment('PID')!.repetitions(3).length, 2],
    [() => msg.segment('PID')!.get(99), ''],
    [() => msg.segment('ZZ1')!.name, 'ZZ1'],
    [() => msg.segment('XXX'), undefined],
  ])('%#', (read, expected) => {
    expect(read()).toEqual(expected);
  });
});

describe('escapes', () => {
  it.each([
    ['A\\F\\B', 'A|B'],
    ['A\\S\\B\\T\\C\\R\\D\\E\\', 'A^B&C~D\\'],
    ['line\\.br\\two', 'line\ntwo'],
    ['\\X41\\\\X4243\\', 'ABC'],
    ['\\H\\bold\\N\\', 'bold'],
    ['keep \\Z9\\ unknown', 'keep \\Z9\\ unknown'],
    ['unterminated \\F', 'unterminated \\F'],
  ])('%j → %j', (raw, decoded) => {
    expect(unescapeHl7(raw, DEFAULT_DELIMITERS)).toBe(decoded);
  });
  it('escape then unescape is the identity for delimiters', () => {
    const v = 'a|b^c~d\\e&f';
    expect(unescapeHl7(escapeHl7(v, DEFAULT_DELIMITERS), DEFAULT_DELIMITERS)).toBe(v);
  });
});

describe('values', () => {
  it.each([
    ['00093-5057-98', '00093505798'],
    ['0093-5057-98', '00093505798'],
    ['00093-505-98', '00093050598'],
    ['00093-5057-8', '00093505708'],
    ['00093505798', '00093505798'],
    ['000093505798', '00093505798'],
    ['0093505798', null],
    ['93-5057-98', null],
    ['', null],
  ])('NDC %j → %j', (raw, ndc) => {
    expect(normaliseNdc(raw)).toBe(ndc);
  });
  it.each([
    ['20260614', '2026-06-14T12:00:00.000Z', null],
    ['202606141130-0500', '2026-06-14T16:30:00.000Z', null],
    ['20260614113000+0100', '2026-06-14T10:30:00.000Z', null],
    ['20260614113000.123-0500', '2026-06-14T16:30:00.000Z', null],
    ['2026061411', '2026-06-14T11:00:00.000Z', 'timestamp has no time zone; read as UTC'],
    ['20261314', null, 'timestamp out of range'],
    ['tomorrow', null, 'not an HL7 timestamp: length 8'],
    ['', null, null],
  ])('TS %j', (raw, iso, warning) => {
    const r = parseHl7Timestamp(raw);
    expect(r.date?.toISOString() ?? null).toBe(iso);
    expect(r.warning).toBe(warning);
  });
});

describe('batches', () => {
  it('splits FHS/BHS/BTS/FTS files into messages and checks counts', () => {
    const text = 'FHS|^~\\&\rBHS|^~\\&\rMSH|^~\\&|A||||||RDS^R06|1\rPID|1\rMSH|^~\\&|A||||||RDS^R06|2\rBTS|3\rFTS|1';
    const b = splitBatch(text);
    expect(b.messages).toEqual(['MSH|^~\\&|A||||||RDS^R06|1\rPID|1', 'MSH|^~\\&|A||||||RDS^R06|2']);
    expect(b.warnings).toEqual(['BTS counts 3 messages, the batch holds 2']);
  });
});

describe('acknowledgements', () => {
  const at = new Date('2026-06-15T15:00:00Z');
  it('AA echoes the control id with the sender’s own delimiters', () => {
    const ack = buildAck('MSH#~^\\&#CMOP#776#VISTA#442#20260614##RDS~R06#CTRL9#P#2.3.1', { code: 'AA', text: 'Accepted' }, at, 'A1');
    expect(ack).toBe('MSH#~^\\&#RXBRIDGE#VA#CMOP#776#20260615150000+0000##ACK~R06#A1#P#2.3.1\rMSA#AA#CTRL9#Accepted\r');
  });
  it('AE carries an ERR segment with location and HL7 table 0357 code', () => {
    const ack = buildAck('MSH|^~\\&|CMOP|776|VISTA|442|20260614||RDS^R06|C2|P|2.3.1', { code: 'AE', text: 'No ICN', errorLocation: 'PID-3', errorCode: 'MISSING_ICN' }, at, 'A2');
    expect(ack.split('\r')[2]).toBe('ERR||PID^3|101^Required field missing^HL70357|E||||No ICN');
  });
  it('answers AR with default delimiters when the inbound MSH is unreadable', () => {
    const ack = buildAck('garbage', { code: 'AA' }, at, 'A3');
    expect(ack.split('\r')[1]).toBe('MSA|AR||');
  });
});
