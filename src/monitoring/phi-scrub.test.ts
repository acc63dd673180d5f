import { describe, expect, it } from 'vitest';
import { looksLikePhi, scrubPhi } from './phi-scrub.js';

describe('scrubPhi', () => {
  it.each([
    ['The link was easy to find', 'The link was easy to find', []],
    ['email me at alex.morgan@example.com please', 'email me at [email] please', ['email']],
    ['My ICN is 1012345678V123456.', 'My ICN is [id].', ['icn']],
    ['ssn 123-45-6789 was shown', 'ssn [ssn] was shown', ['ssn']],
    ['ssn 123 45 6789 was shown', 'ssn [ssn] was shown', ['ssn']],
    ['call 307-778-7550 today', 'call [phone] today', ['phone']],
    ['call (307) 778-7550 today', 'call [phone] today', ['phone']],
    ['call +1 307.778.7550', 'call [phone]', ['phone']],
    ['Rx 2719547 could not be renewed', 'Rx [number] could not be renewed', ['digits']],
    ['bare ssn 123456789', 'bare ssn [number]', ['digits']],
    ['I waited 5 days for 30 tablets', 'I waited 5 days for 30 tablets', []],
    ['on 2026-06-15 at 10:30', 'on 2026-06-15 at 10:30', []],
    ['a@b.co and 1098765432V654321', '[email] and [id]', ['email', 'icn']],
  ])('%s', (input, text, removed) => {
    expect(scrubPhi(input)).toEqual({ text, removed });
  });

  it('is idempotent: scrubbing scrubbed text changes nothing', () => {
    const once = scrubPhi('x 1012345678V123456 y 307-778-7550 z 2719547 w a@b.org').text;
    expect(scrubPhi(once)).toEqual({ text: once, removed: [] });
  });
});

describe('looksLikePhi', () => {
  it.each([
    ['http_500', false],
    ['not_found', false],
    ['rx_2719547', true],
    ['alex@example.com', true],
  ])('%s → %s', (value, expected) => {
    expect(looksLikePhi(value)).toBe(expected);
  });
});
