import { describe, expect, it } from 'vitest';
import { Hl7ParseError } from './errors.js';
import { DEFAULT_DELIMITERS, escapeHl7, parseHl7, peekHl7Header, readDelimiters, unescapeHl7, type Delimiters } from './message.js';

function parseError(text: string): { code: string; location: string | null } {
  try {
    parseHl7(text);
  } catch (err) {
    if (err instanceof Hl7ParseError) return { code: err.code, location: err.location };
    throw err;
  }
  throw new Error('expected a parse error');
}

describe('accessors are 1-based and follow MSH numbering', () => {
  const msg = parseHl7(
    'MSH|^~\\&|APP|FAC^776|RAPP|RFAC|20260614||RDS^R06^RDS_R06|CTRL1|P|2.3.1\r\nPID|1||A^^^X^NI~B^^^Y^PI^442&sub||N\nRXD|1|4006^LISINOPRIL^L|||||2719547||""|||\\F\\x|T1\rZZ1|',
  );
  const pid = msg.segment('PID')!;
  const rxd = msg.segment('RXD')!;
  it.each([
    ['MSH-1 is the field separator', () => msg.msh.get(1), '|'],
    ['MSH-2 is the encoding characters, undecoded', () => msg.msh.get(2), '^~\\&'],
    ['MSH-2 via field()', () => msg.msh.field(2).value, '^~\\&'],
    ['MSH-3', () => msg.msh.get(3), 'APP'],
    ['MSH-4.2', () => msg.msh.field(4).component(2), '776'],
    ['MSH-9.2', () => msg.msh.get(9, 2), 'R06'],
    ['MSH-9.3', () => msg.msh.field(9).component(3), 'RDS_R06'],
    ['message type', () => msg.messageType, 'RDS^R06'],
    ['control id', () => msg.controlId, 'CTRL1'],
    ['version', () => msg.version, '2.3.1'],
    ['PID-3 rep 2 comp 1 via get', () => pid.get(3, 1, 2), 'B'],
    ['PID-3 rep 2 CX-6 sub 1', () => pid.get(3, 6, 2, 1), '442'],
    ['PID-3 rep 2 CX-6 sub 2', () => pid.get(3, 6, 2, 2), 'sub'],
    ['PID-3 rep 2 via repetitions()', () => pid.field(3).repetitions()[1]!.component(5), 'PI'],
    ['PID-3 repetition count', () => pid.repetitions(3).length, 2],
    ['PID-3 repetition(2).subcomponents(6)', () => pid.field(3).repetition(2).subcomponents(6), ['442', 'sub']],
    ['absent repetition reads empty', () => pid.field(3).repetition(9).component(1), ''],
    ['RXD-13 whole field', () => rxd.field(13).value, 'T1'],
    ['RXD-2.2', () => rxd.field(2).component(2), 'LISINOPRIL'],
    ['RXD-9 explicit null reads empty', () => rxd.get(9), ''],
    ['RXD-9 isNull', () => rxd.field(9).isNull, true],
    ['RXD-12 escaped separator decoded', () => rxd.get(12), '|x'],
    ['RXD-8 empty', () => rxd.field(8).isEmpty, true],
    ['field past the end', () => pid.get(99), ''],
    ['field 0 is not a field', () => pid.get(0), ''],
    ['component past the end', () => pid.get(3, 40), ''],
    ['fieldCount', () => rxd.fieldCount, 13],
    ['Z segment', () => msg.segment('ZZ1')!.name, 'ZZ1'],
    ['absent segment', () => msg.segment('XXX'), undefined],
    ['nth segment', () => msg.segment('PID', 2), undefined],
  ])('%s', (_name, read, expected) => {
    expect(read()).toEqual(expected);
  });
});

describe('delimiters come from MSH-1/MSH-2', () => {
  it.each<[string, string, Partial<Delimiters>]>([
    ['standard', 'MSH|^~\\&|A', { field: '|', component: '^', repetition: '~', escape: '\\', subcomponent: '&' }],
    ['VistA PSO automation (component ~, repetition ^)', 'MSH|~^\\&|A', { component: '~', repetition: '^' }],
    ['VistA VDEF (^ as field separator)', 'MSH^~|\\&^A', { field: '^', component: '~', repetition: '|' }],
    ['hash field separator', 'MSH#^~\\&#A', { field: '#' }],
    ['2.7 truncation character', 'MSH|^~\\&#|A', { truncation: '#' }],
  ])('%s', (_name, line, expected) => {
    expect(readDelimiters(line)).toMatchObject(expected);
  });

  it('reads the same values whatever the delimiters', () => {
    const a = parseHl7('MSH|^~\\&|A|B|C|D|1||RDS^R06|X|P|2.3.1\rPID|1||ID1^^^USVHA^NI~ID2^^^USVHA^PI^442');
    const b = parseHl7('MSH^~|\\&^A^B^C^D^1^^RDS~R06^X^P^2.3.1\nPID^1^^ID1~~~USVHA~NI|ID2~~~USVHA~PI~442');
    for (const m of [a, b]) {
      expect([m.messageType, m.controlId, m.segment('PID')!.get(3, 1, 2), m.segment('PID')!.get(3, 6, 2)]).toEqual(['RDS^R06', 'X', 'ID2', '442']);
    }
  });

  it.each([
    ['', 'EMPTY', null],
    ['\r\n\r\n', 'EMPTY', null],
    ['PID|1', 'NO_MSH', 'MSH'],
    ['MSH|^~', 'BAD_DELIMITERS', 'MSH-2'],
    ['MSH|^~\\|A', 'BAD_DELIMITERS', 'MSH-2'], // only 3 encoding characters
    ['MSHA^~\\&A', 'BAD_DELIMITERS', 'MSH-2'], // alphanumeric separator
    ['MSH|^^\\&|A', 'BAD_DELIMITERS', 'MSH-2'], // duplicate
    ['MSH|^~\\&\u0000|A', 'BAD_DELIMITERS', 'MSH-2'], // control character
    ['MSH|^~\\&|A\rpid|1', 'BAD_SEGMENT', 'segment 2'],
    ['MSH|^~\\&|A\rPID|1\r|x', 'BAD_SEGMENT', 'segment 3'],
    ['x'.repeat(1_048_577), 'TOO_LARGE', null],
  ])('%j → %s', (text, code, location) => {
    expect(parseError(text)).toEqual({ code, location });
  });

  it('tolerates CR, LF and CRLF segment endings and blank lines', () => {
    const m = parseHl7('MSH|^~\\&|A\r\n\r\nPID|1\nORC|OK\rRXD|1\r\n');
    expect(m.segments.map((s) => s.name)).toEqual(['MSH', 'PID', 'ORC', 'RXD']);
  });
});

describe('escape sequences', () => {
  const d = DEFAULT_DELIMITERS;
  it.each([
    ['A\\F\\B', 'A|B'],
    ['A\\S\\B\\T\\C\\R\\D\\E\\', 'A^B&C~D\\'],
    ['line\\.br\\two', 'line\ntwo'],
    ['a\\.sp\\b\\.sp 2\\c', 'a\nb\n\nc'],
    ['\\X41\\\\X4243\\', 'ABC'],
    ['caf\\XE9\\', 'café'],
    ['\\H\\bold\\N\\ \\.ce\\x\\.in+4\\', 'bold x'],
    ['keep \\Z9\\ unknown', 'keep \\Z9\\ unknown'],
    ['charset switch kept \\C2842\\x', 'charset switch kept \\C2842\\x'],
    ['odd hex kept \\X414\\', 'odd hex kept \\X414\\'],
    ['unterminated \\F', 'unterminated \\F'],
    ['\\P\\ without a truncation char', '\\P\\ without a truncation char'],
    ['\\\\', '\\\\'],
  ])('%j → %j', (raw, decoded) => {
    expect(unescapeHl7(raw, d)).toBe(decoded);
  });

  it('uses the message’s own escape character', () => {
    const m = parseHl7('MSH|^~!&|A\rRXD|1|1^A!S!B!F!C!E!');
    expect(m.segment('RXD')!.get(2, 2)).toBe('A^B|C!');
  });

  it('splits before decoding, so escaped delimiters never split a value', () => {
    const m = parseHl7('MSH|^~\\&|A\rRXD|1|1^X\\S\\Y\\R\\Z^L');
    expect([m.segment('RXD')!.get(2, 2), m.segment('RXD')!.get(2, 3), m.segment('RXD')!.repetitions(2).length]).toEqual(['X^Y~Z', 'L', 1]);
  });

  it.each(['a|b^c~d\\e&f', 'two\nlines', ''])('escape then unescape round-trips %j', (v) => {
    expect(unescapeHl7(escapeHl7(v, d), d)).toBe(v);
  });
});

describe('peekHl7Header', () => {
  it('reads the header of a message whose body is broken', () => {
    const h = peekHl7Header('MSH|~^\\&|PSO DISPENSE|442|PSO VISTA|442|2026||RRD~O14|C9|T|2.4\rbroken segment');
    expect(h).toMatchObject({ segment: 'MSH', controlId: 'C9', trigger: 'O14', processingId: 'T', version: '2.4', sendingApplication: 'PSO DISPENSE' });
  });
  it('reads a batch header and the first MSH behind it', () => {
    const h = peekHl7Header('FHS|^~\\&|CMOP|776|VISTA|442|2026||f.QRY||F77\rBHS|^~\\&\rMSH|^~\\&|CMOP||||||RDS^R06|M1|P|2.3.1');
    expect(h).toMatchObject({ segment: 'FHS', controlId: 'F77', trigger: 'R06', version: '2.3.1' });
  });
  it.each(['', 'garbage', 'MSH|^', 'PID|1\rPID|2\rPID|3\rMSH|^~\\&|A'])('null for %j', (t) => {
    expect(peekHl7Header(t)).toBeNull();
  });
});
