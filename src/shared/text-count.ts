/**
 * Character counting shared by the API (src/shared/text.ts) and the web UI's counters: code points,
 * so an emoji is one character everywhere — the UI counter, autosave, send and PostgreSQL's
 * `length()` agree. No dependencies (the web bundle imports this file alone).
 */
export function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}
