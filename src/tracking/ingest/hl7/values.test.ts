import { describe, expect, it } from 'vitest';
import { normaliseNdc, parseHl7Timestamp, parseQuantity } from './values.js';

describe('NDC normalisation to 11 digits (5-4-2)', () => {
  it.each([
    ['00093-5057-98', '00093505798', '5-4-2 dashed'],
    ['0093-5057-98', '00093505798', '4-4-2'],
    ['68180-720-02', '68180072002', '5-3-2'],
    ['00093-5057-8', '00093505708', '5-4-1'],
    ['00093505798', '00093505798', '11 digits'],
    [' 00093505798 ', '00093505798', 'surrounding spaces'],
    ['000093505798', '00093505798', 'CMOP 12-digit padded'],
    ['100093505798', null, '12 digits without the padding zero'],
    ['0093505798', null, '10 undashed digits are ambiguous'],
    ['93-5057-98', null, 'two short segments'],
    ['0093-505-98', null, '4-3-2 is too short'],
    ['00093-5057-98-1', null, 'four segments'],
    ['ABCDE-1234-12', null, 'letters'],
    ['', null, 'empty'],
  ])('%j → %j (%s)', (raw, ndc, _why) => {
    expect(normaliseNdc(raw)).toBe(ndc);
  });
});

describe('HL7 timestamps', () => {
  it.each<[string, string | undefined, string | null, string | null]>([
    ['20260614', undefined, '2026-06-14T12:00:00.000Z', null],
    ['202606141130-0500', undefined, '2026-06-14T16:30:00.000Z', null],
    ['20260614113000+0100', undefined, '2026-06-14T10:30:00.000Z', null],
    ['20260614113000.123-0500', undefined, '2026-06-14T16:30:00.123Z', null],
    ['20260614113000.5+0000', undefined, '2026-06-14T11:30:00.500Z', null],
    ['2026061411', undefined, '2026-06-14T11:00:00.000Z', 'timestamp has no time zone; read as UTC'],
    // facility-local time, zone supplied by the caller (DST and standard time)
    ['202606141130', 'America/Denver', '2026-06-14T17:30:00.000Z', null],
    ['202601141130', 'America/Denver', '2026-01-14T18:30:00.000Z', null],
    ['202607040900', 'America/New_York', '2026-07-04T13:00:00.000Z', null],
    ['202611010130', 'America/Chicago', '2026-11-01T06:30:00.000Z', null], // fall-back overlap: the earlier instant
    ['202606141130-0500', 'America/Denver', '2026-06-14T16:30:00.000Z', null], // an explicit offset wins
    ['202606141130', 'Mars/Olympus', '2026-06-14T11:30:00.000Z', 'timestamp has no time zone and the configured zone is unknown; read as UTC'],
    ['20261314', undefined, null, 'timestamp out of range'],
    ['20260230', undefined, null, 'timestamp out of range'],
    ['202606142460', undefined, null, 'timestamp out of range'],
    ['20260614+1500', undefined, '2026-06-14T12:00:00.000Z', null],
    ['202606141200+1500', undefined, null, 'time zone offset out of range'],
    ['202606', undefined, null, 'not an HL7 timestamp: length 6'],
    ['tomorrow', undefined, null, 'not an HL7 timestamp: length 8'],
    ['', undefined, null, null],
    ['""', undefined, null, null],
  ])('%j in %s', (raw, timeZone, iso, warning) => {
    const r = parseHl7Timestamp(raw, timeZone ? { timeZone } : {});
    expect(r.date?.toISOString() ?? null).toBe(iso);
    expect(r.warning).toBe(warning);
  });
});

describe('quantities', () => {
  it.each([
    ['90', 90],
    [' 30.5 ', 30.5],
    ['0', 0],
    ['-1', null],
    ['1e3', null],
    ['', null],
  ])('%j → %j', (raw, n) => {
    expect(parseQuantity(raw)).toBe(n);
  });
});
