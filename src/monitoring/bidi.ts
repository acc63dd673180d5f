/**
 * Remove Unicode text-direction controls from stored free text (feedback comments). Overrides and
 * embeddings (U+202A–U+202E) and isolates (U+2066–U+2069) can make a comment read differently
 * on the ops page than what was typed ("Trojan Source"); marks (U+200E, U+200F, U+061C) are
 * invisible and carry nothing a reader needs. Pure.
 *
 * Local to monitoring for now: issue 18 adds src/shared/text.ts with the same rule for every
 * stored text; once it is on main this should call it instead.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

export function stripBidiControls(text: string): { text: string; removed: number } {
  let removed = 0;
  const out = text.replace(BIDI_CONTROLS, () => {
    removed += 1;
    return '';
  });
  return { text: out, removed };
}
