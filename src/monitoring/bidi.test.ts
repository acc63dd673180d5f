import { describe, expect, it } from 'vitest';
import { stripBidiControls } from './bidi.js';

describe('stripBidiControls', () => {
  it.each([
    ['plain text is unchanged', 'The link was easy to find', 'The link was easy to find', 0],
    ['a right-to-left override is removed', 'refill \u202Eyas\u202C ok', 'refill yas ok', 2],
    ['isolates are removed', 'a\u2066b\u2067c\u2068d\u2069e', 'abcde', 4],
    ['marks are removed', 'x\u200Ey\u200Fz\u061C', 'xyz', 3],
    ['Arabic and Hebrew letters stay', 'شكرا שלום', 'شكرا שלום', 0],
  ])('%s', (_n, input, expected, removed) => {
    expect(stripBidiControls(input)).toEqual({ text: expected, removed });
  });
});
