import { describe, expect, it } from 'vitest';
import { BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH } from '../shared/message-rules.js';
import { buildRenewalPrefill, PREFILL_EXCLUDED_FIELDS, PREFILL_INCLUDED_FIELDS, truncate, type PrefillPrescription } from './renewal-prefill.js';

const base: PrefillPrescription = {
  name: 'LISINOPRIL 10MG TAB',
  rxNumber: '2719547',
  lastFillDate: '2026-05-21',
  quantity: 30,
  prescriber: { name: 'Priya Shah, MD' },
  facility: { name: 'Cheyenne VA Medical Center' },
};

describe('buildRenewalPrefill: subject', () => {
  const longName = 'HYDROCHLOROTHIAZIDE 25MG/LISINOPRIL 20MG COMBINATION TAB';
  it.each([
    { case: 'short name fits', name: 'LISINOPRIL 10MG TAB', expected: 'Renewal request: LISINOPRIL 10MG TAB' },
    { case: 'exactly at the limit is kept whole', name: 'X'.repeat(SUBJECT_MAX_LENGTH - 17), expected: `Renewal request: ${'X'.repeat(SUBJECT_MAX_LENGTH - 17)}` },
    { case: 'one over the limit is cut with an ellipsis', name: 'X'.repeat(SUBJECT_MAX_LENGTH - 16), expected: `Renewal request: ${'X'.repeat(SUBJECT_MAX_LENGTH - 18)}…` },
    { case: 'long name is cut to the limit', name: longName, expected: `Renewal request: ${longName.slice(0, 32)}…` },
    { case: 'whitespace is collapsed', name: '  METFORMIN   500MG\tTAB ', expected: 'Renewal request: METFORMIN 500MG TAB' },
    { case: 'missing name leaves a generic subject', name: '', expected: 'Renewal request' },
  ])('$case', ({ name, expected }) => {
    const { subject } = buildRenewalPrefill({ ...base, name });
    expect(subject).toBe(expected);
    expect(subject.length).toBeLessThanOrEqual(SUBJECT_MAX_LENGTH);
  });
});

describe('buildRenewalPrefill: body lines', () => {
  it.each([
    { case: 'all fields', rx: base, present: ['Medication: LISINOPRIL 10MG TAB', 'Prescription number: 2719547', 'Last filled: May 21, 2026', 'Quantity: 30', 'Prescriber: Priya Shah, MD', 'Facility: Cheyenne VA Medical Center'], absent: [] },
    { case: 'never filled', rx: { ...base, lastFillDate: null }, present: ['Prescription number: 2719547'], absent: ['Last filled'] },
    { case: 'no prescriber', rx: { ...base, prescriber: null }, present: ['Facility: Cheyenne VA Medical Center'], absent: ['Prescriber'] },
    { case: 'blank prescriber name', rx: { ...base, prescriber: { name: '  ' } }, present: ['Quantity: 30'], absent: ['Prescriber'] },
    { case: 'no quantity', rx: { ...base, quantity: null }, present: ['Medication: LISINOPRIL 10MG TAB'], absent: ['Quantity'] },
    { case: 'fractional quantity kept as is', rx: { ...base, quantity: 1.5 }, present: ['Quantity: 1.5'], absent: [] },
    { case: 'no facility', rx: { ...base, facility: null }, present: ['Prescriber: Priya Shah, MD'], absent: ['Facility'] },
    { case: 'date at a year boundary does not shift', rx: { ...base, lastFillDate: '2025-12-31' }, present: ['Last filled: December 31, 2025'], absent: [] },
  ])('$case', ({ rx, present, absent }) => {
    const { body } = buildRenewalPrefill(rx);
    for (const line of present) expect(body.split('\n')).toContain(line);
    for (const label of absent) expect(body).not.toContain(`${label}:`);
    expect(body).not.toMatch(/: *$/m); // no label left with an empty value
  });

  it('writes exactly the included fields, in the documented order', () => {
    const labels = buildRenewalPrefill(base).body.split('\n').filter((l) => l.includes(': ')).map((l) => l.split(': ')[0]);
    expect(labels).toEqual(PREFILL_INCLUDED_FIELDS.map((f) => f.label));
  });

  it('always uses the Medications category', () => {
    expect(buildRenewalPrefill(base).category).toBe('MEDICATIONS');
    expect(buildRenewalPrefill({ ...base, name: '' }).category).toBe('MEDICATIONS');
  });

  it('stays within the body limit even with absurdly long values', () => {
    const huge = 'A'.repeat(5000);
    const { body } = buildRenewalPrefill({ ...base, name: huge, prescriber: { name: huge }, facility: { name: huge }, rxNumber: huge });
    expect(body.length).toBeLessThanOrEqual(BODY_MAX_LENGTH);
    expect(body).toContain('Medication: AAAA');
  });
});

describe('what the prefill excludes', () => {
  // A full medication view plus identity data, as a careless caller might pass it.
  const wide = {
    ...base,
    id: '7a0c2b8e-4a51-4f7e-9d0a-1c2b3d4e5f60',
    patientId: '11111111-2222-4333-8444-555555555555',
    prescriberId: '99999999-8888-4777-8666-555555555555',
    icn: '1012345678V123456',
    ssn: '123-45-6789',
    dateOfBirth: '1970-01-01',
    instructions: 'TAKE ONE TABLET BY MOUTH DAILY',
  };
  const { subject, body } = buildRenewalPrefill(wide);

  it.each(PREFILL_EXCLUDED_FIELDS.map((f) => f.field))('never writes %s into the message', (field) => {
    const value = String(wide[field as keyof typeof wide]);
    expect(body).not.toContain(value);
    expect(subject).not.toContain(value);
  });

  it('lists SSN, ICN and internal ids as excluded', () => {
    const fields = PREFILL_EXCLUDED_FIELDS.map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['ssn', 'icn', 'prescriptionId', 'patientId']));
    for (const f of PREFILL_EXCLUDED_FIELDS) expect(f.reason.length).toBeGreaterThan(10);
  });
});

describe('truncate', () => {
  it.each([
    ['abc', 3, 'abc'],
    ['abcd', 3, 'ab…'],
    ['ab  cd', 4, 'ab…'],
    ['', 5, ''],
  ])('truncate(%j, %i) = %j', (text, max, expected) => {
    expect(truncate(text, max)).toBe(expected);
    expect(truncate(text, max).length).toBeLessThanOrEqual(max);
  });
});
