import { describe, expect, it } from 'vitest';
import { BODY_MAX_LENGTH } from '../shared/message-rules.js';
import {
  buildRenewalPrefill,
  formatLongDate,
  PREFILL_EXCLUDED_FIELDS,
  PREFILL_INCLUDED_FIELDS,
  truncate,
  type PrefillPrescription,
} from './renewal-prefill.js';

const base: PrefillPrescription = {
  name: 'LISINOPRIL 10MG TAB',
  rxNumber: '2719547',
  instructions: 'TAKE ONE TABLET BY MOUTH DAILY',
  prescriber: { name: 'Priya Shah, MD' },
  refillsRemaining: 0,
  expirationDate: '2026-08-01',
  reasonForUse: 'High blood pressure',
  lastFillDate: '2026-05-21',
  quantity: 30,
};

const lines = (rx: PrefillPrescription | null) => buildRenewalPrefill(rx).body.split('\n');
const line = (rx: PrefillPrescription | null, label: string) => lines(rx).find((l) => l.startsWith(`${label}:`));

describe('buildRenewalPrefill: subject, category and the nine lines in VA.gov’s order', () => {
  it('uses VA.gov’s subject and the locked Medication category', () => {
    expect(buildRenewalPrefill(base)).toMatchObject({ subject: 'Renewal Needed', category: 'MEDICATIONS', state: 'loaded' });
  });

  it('writes exactly the nine labelled lines, in order', () => {
    expect(lines(base)).toEqual([
      'Medication name, strength, and form: LISINOPRIL 10MG TAB',
      'Prescription number: 2719547',
      'Instructions: TAKE ONE TABLET BY MOUTH DAILY',
      'Provider who prescribed it: Priya Shah, MD',
      'Number of refills left: 0',
      'Prescription expiration date: August 1, 2026',
      'Reason for use: High blood pressure',
      'Last filled on: May 21, 2026',
      'Quantity: 30',
    ]);
  });
});

describe('buildRenewalPrefill: each field and its fallback', () => {
  it.each([
    // field present
    { case: 'name', rx: base, label: 'Medication name, strength, and form', expected: 'LISINOPRIL 10MG TAB' },
    {
      case: 'name: whitespace collapsed',
      rx: { ...base, name: '  METFORMIN   500MG\tTAB ' },
      label: 'Medication name, strength, and form',
      expected: 'METFORMIN 500MG TAB',
    },
    { case: 'rx number', rx: base, label: 'Prescription number', expected: '2719547' },
    { case: 'instructions', rx: base, label: 'Instructions', expected: 'TAKE ONE TABLET BY MOUTH DAILY' },
    { case: 'instructions missing', rx: { ...base, instructions: null }, label: 'Instructions', expected: 'Instructions not available' },
    { case: 'instructions blank', rx: { ...base, instructions: '   ' }, label: 'Instructions', expected: 'Instructions not available' },
    { case: 'prescriber', rx: base, label: 'Provider who prescribed it', expected: 'Priya Shah, MD' },
    { case: 'prescriber missing', rx: { ...base, prescriber: null }, label: 'Provider who prescribed it', expected: 'Provider name not available' },
    { case: 'prescriber name blank', rx: { ...base, prescriber: { name: ' ' } }, label: 'Provider who prescribed it', expected: 'Provider name not available' },
    { case: 'refills: 0 is a value, not missing', rx: base, label: 'Number of refills left', expected: '0' },
    { case: 'refills: 3', rx: { ...base, refillsRemaining: 3 }, label: 'Number of refills left', expected: '3' },
    { case: 'refills missing', rx: { ...base, refillsRemaining: null }, label: 'Number of refills left', expected: 'Number of refills left not available' },
    {
      case: 'refills negative (bad data)',
      rx: { ...base, refillsRemaining: -1 },
      label: 'Number of refills left',
      expected: 'Number of refills left not available',
    },
    { case: 'expiration date', rx: base, label: 'Prescription expiration date', expected: 'August 1, 2026' },
    {
      case: 'expiration at a year boundary does not shift',
      rx: { ...base, expirationDate: '2025-12-31' },
      label: 'Prescription expiration date',
      expected: 'December 31, 2025',
    },
    { case: 'expiration missing', rx: { ...base, expirationDate: null }, label: 'Prescription expiration date', expected: 'Date not available' },
    { case: 'expiration malformed', rx: { ...base, expirationDate: '08/01/2026' }, label: 'Prescription expiration date', expected: 'Date not available' },
    { case: 'reason for use', rx: base, label: 'Reason for use', expected: 'High blood pressure' },
    { case: 'reason for use missing', rx: { ...base, reasonForUse: null }, label: 'Reason for use', expected: 'Reason for use not available' },
    { case: 'last filled', rx: base, label: 'Last filled on', expected: 'May 21, 2026' },
    { case: 'never filled', rx: { ...base, lastFillDate: null }, label: 'Last filled on', expected: 'Not filled yet' },
    { case: 'quantity', rx: base, label: 'Quantity', expected: '30' },
    { case: 'fractional quantity kept as is', rx: { ...base, quantity: 1.5 }, label: 'Quantity', expected: '1.5' },
    { case: 'quantity missing', rx: { ...base, quantity: null }, label: 'Quantity', expected: 'Quantity not available' },
    { case: 'quantity not a number', rx: { ...base, quantity: Number.NaN }, label: 'Quantity', expected: 'Quantity not available' },
  ])('$case', ({ rx, label, expected }) => {
    expect(line(rx, label)).toBe(`${label}: ${expected}`);
    expect(buildRenewalPrefill(rx).state).toBe('loaded');
  });
});

describe('buildRenewalPrefill: the prescription could not be loaded', () => {
  it.each([
    { case: 'fetch failed', rx: null },
    { case: 'no name (VA.gov treats it as an error)', rx: { ...base, name: null } },
    { case: 'blank name', rx: { ...base, name: '  ' } },
    { case: 'no prescription number', rx: { ...base, rxNumber: null } },
  ])('$case: every label kept, every value blank, same subject and locked category', ({ rx }) => {
    const p = buildRenewalPrefill(rx);
    expect(p).toMatchObject({ state: 'unavailable', subject: 'Renewal Needed', category: 'MEDICATIONS' });
    expect(p.body.split('\n')).toEqual(PREFILL_INCLUDED_FIELDS.map((f) => `${f.label}: `));
    expect(p.body).not.toContain('LISINOPRIL');
  });
});

describe('buildRenewalPrefill: limits and exclusions', () => {
  it('cuts an oversized value so the body stays within the limit', () => {
    const p = buildRenewalPrefill({ ...base, instructions: 'TAKE '.repeat(1000) });
    expect(p.body.length).toBeLessThanOrEqual(BODY_MAX_LENGTH);
    expect(line({ ...base, instructions: 'TAKE '.repeat(1000) }, 'Instructions')?.endsWith('…')).toBe(true);
  });

  it('has no line for an excluded field, and every included field has a fallback defined', () => {
    const labels = PREFILL_INCLUDED_FIELDS.map((f) => f.label.toLowerCase());
    for (const f of PREFILL_EXCLUDED_FIELDS) expect(labels.some((l) => l.includes(f.field.toLowerCase()))).toBe(false);
    expect(PREFILL_INCLUDED_FIELDS.filter((f) => f.source !== 'name').every((f) => f.fallback.length > 0)).toBe(true);
  });
});

describe('helpers', () => {
  it.each([
    { text: 'short', max: 10, expected: 'short' },
    { text: 'exactly10!', max: 10, expected: 'exactly10!' },
    { text: 'eleven char', max: 10, expected: 'eleven ch…' },
    { text: 'word end  x', max: 10, expected: 'word end…' },
  ])('truncate($text, $max)', ({ text, max, expected }) => {
    expect(truncate(text, max)).toBe(expected);
  });
  it.each([
    { date: '2026-03-03', expected: 'March 3, 2026' },
    { date: '2026-02-30', expected: null },
    { date: 'yesterday', expected: null },
  ])('formatLongDate($date)', ({ date, expected }) => {
    expect(formatLongDate(date)).toBe(expected);
  });
});
