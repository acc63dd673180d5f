import { describe, expect, it } from 'vitest';
import { electronicSignatureBlock, electronicSignatureIssues, formatSignature } from './signature.js';

describe('formatSignature (VA.gov messageSignatureFormatter)', () => {
  it.each([
    { case: 'included', sig: { name: 'Alex Morgan', title: 'Veteran', include: true }, expected: '\n\n\nAlex Morgan\nVeteran' },
    { case: 'not included', sig: { name: 'Alex Morgan', title: 'Veteran', include: false }, expected: '' },
    { case: 'no signature saved', sig: null, expected: '' },
    { case: 'name only', sig: { name: 'Alex Morgan', title: ' ', include: true }, expected: '\n\n\nAlex Morgan' },
    { case: 'included but empty', sig: { name: '', title: '', include: true }, expected: '' },
  ])('$case', ({ sig, expected }) => {
    expect(formatSignature(sig)).toBe(expected);
  });
});

describe('electronic signature', () => {
  it.each([
    { case: 'complete', input: { fullName: 'Alex Morgan', certified: true }, fields: [] },
    { case: 'hyphen, apostrophe, period', input: { fullName: "Mary-Jo O'Neil Jr.", certified: true }, fields: [] },
    { case: 'missing', input: undefined, fields: ['body.electronicSignature.fullName', 'body.electronicSignature.certified'] },
    { case: 'blank name', input: { fullName: '  ', certified: true }, fields: ['body.electronicSignature.fullName'] },
    { case: 'symbols in name', input: { fullName: 'Alex <b>', certified: true }, fields: ['body.electronicSignature.fullName'] },
    { case: 'not certified', input: { fullName: 'Alex Morgan', certified: false }, fields: ['body.electronicSignature.certified'] },
  ])('$case', ({ input, fields }) => {
    expect(electronicSignatureIssues(input).map((i) => i.field)).toEqual(fields);
  });
  it('appends the name and the date', () => {
    expect(electronicSignatureBlock(' Alex   Morgan ', '2026-07-10')).toBe(`\n\n${'-'.repeat(30)}\n\nAlex Morgan\nSigned electronically on 2026-07-10.`);
  });
});
