import { codePointLength } from '../../../src/shared/text-count';

/**
 * "N characters left", counted in code points as the API counts (src/shared/text.ts): the VA
 * inputs' own `charcount`/`maxlength` count UTF-16 units, so an emoji would count twice there.
 */
export function charactersLeft(value: string, limit: number): string {
  const left = limit - codePointLength(value);
  return left >= 0
    ? `${left.toLocaleString('en-US')} ${left === 1 ? 'character' : 'characters'} left`
    : `${(-left).toLocaleString('en-US')} ${left === -1 ? 'character' : 'characters'} over the limit`;
}
