import { describe, expect, it } from 'vitest';
import type { Schema } from 'avsc';
import { DISPENSE_SCHEMAS } from '../../tracking/event-bus/dispense-record.js';
import { checkCompatibility, checkVersionHistory, type CompatibilityMode } from './avro-compatibility.js';

type Field = { name: string; type: unknown; default?: unknown };
const record = (fields: Field[]): Schema => ({ type: 'record', name: 'MedicationDispense', namespace: 'gov.va.eventbus.health.pharmacy', fields }) as Schema;
const base: Field[] = [
  { name: 'event_id', type: 'string' },
  { name: 'tracking_number', type: 'string' },
  { name: 'carrier', type: ['null', 'string'], default: null },
  { name: 'fill', type: 'int' },
];
const without = (name: string) => base.filter((f) => f.name !== name);
const replace = (name: string, f: Field) => base.map((x) => (x.name === name ? f : x));

const cases: Array<{ change: string; next: Schema; mode: CompatibilityMode; compatible: boolean; reason?: RegExp }> = [
  {
    change: 'add an optional field with a default',
    next: record([...base, { name: 'station', type: ['null', 'string'], default: null }]),
    mode: 'BACKWARD',
    compatible: true,
  },
  {
    change: 'add a required field (no default)',
    next: record([...base, { name: 'station', type: 'string' }]),
    mode: 'BACKWARD',
    compatible: false,
    reason: /new schema cannot read old data/,
  },
  {
    change: 'remove a field without default',
    next: record(without('tracking_number')),
    mode: 'FORWARD',
    compatible: false,
    reason: /old schema cannot read new data/,
  },
  // Avro lets a new reader ignore a field the old writer had, so BACKWARD alone accepts a removal…
  { change: 'remove a field without default', next: record(without('tracking_number')), mode: 'BACKWARD', compatible: true },
  // …which is why FULL (both directions) is the stricter setting.
  { change: 'remove a field without default', next: record(without('tracking_number')), mode: 'FULL', compatible: false },
  { change: 'remove a field that has a default', next: record(without('carrier')), mode: 'FULL', compatible: true },
  { change: 'widen int to long (promotion)', next: record(replace('fill', { name: 'fill', type: 'long' })), mode: 'BACKWARD', compatible: true },
  {
    change: 'narrow to an incompatible type (int to string)',
    next: record(replace('fill', { name: 'fill', type: 'string' })),
    mode: 'BACKWARD',
    compatible: false,
  },
  {
    change: 'make a required string nullable',
    next: record(replace('tracking_number', { name: 'tracking_number', type: ['null', 'string'], default: null })),
    mode: 'BACKWARD',
    compatible: true,
  },
  { change: 'rename the record', next: { ...(record(base) as object), name: 'Dispense' } as Schema, mode: 'BACKWARD', compatible: false },
];

describe('checkCompatibility', () => {
  it.each(cases)('$mode: $change → compatible=$compatible', ({ next, mode, compatible, reason }) => {
    const r = checkCompatibility(next, record(base), mode);
    expect(r.compatible).toBe(compatible);
    if (!r.compatible && reason) expect(r.reason).toMatch(reason);
  });
});

describe('shipped medication_dispense-value schemas', () => {
  it('every version is BACKWARD compatible with every earlier one (v2 reads v1 data)', () => {
    expect(DISPENSE_SCHEMAS.length).toBeGreaterThanOrEqual(2);
    expect(checkVersionHistory(DISPENSE_SCHEMAS, 'BACKWARD')).toEqual({ compatible: true });
  });

  it('v2 is also FORWARD compatible (v1 consumers can read v2 data), since it only adds an optional field', () => {
    expect(checkCompatibility(DISPENSE_SCHEMAS[1]!, DISPENSE_SCHEMAS[0]!, 'FULL')).toEqual({ compatible: true });
  });

  it('a hypothetical v3 that adds a required field would be rejected', () => {
    const v2 = DISPENSE_SCHEMAS[1] as unknown as { fields: Field[] };
    const v3 = { ...v2, fields: [...v2.fields, { name: 'ndc', type: 'string' }] } as unknown as Schema;
    const r = checkVersionHistory([...DISPENSE_SCHEMAS, v3], 'BACKWARD');
    expect(r.compatible).toBe(false);
    if (!r.compatible) expect(r.reason).toMatch(/^v3 vs v1/);
  });
});
