/**
 * Scrubs obvious PHI/PII out of free-text feedback comments before they are stored. Pure.
 *
 * This is a safety net, not de-identification: it removes patterns that are identifiers on
 * their face (e-mail addresses, phone numbers, SSN-like and ICN-like numbers, long digit runs
 * such as Rx numbers). Names and medication names cannot be found by pattern; the feedback form
 * asks Veterans not to include personal information.
 */

interface Rule {
  kind: string;
  pattern: RegExp;
  replacement: string;
}

// Order matters: the most specific shapes first, so an ICN is not half-eaten by the digit-run rule.
export const SCRUB_RULES: readonly Rule[] = [
  { kind: 'email', pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, replacement: '[email]' },
  // VA Integration Control Number: 10 digits, 'V', 6 digits.
  { kind: 'icn', pattern: /\b\d{10}V\d{6}\b/gi, replacement: '[id]' },
  { kind: 'ssn', pattern: /\b\d{3}[- ]\d{2}[- ]\d{4}\b/g, replacement: '[ssn]' },
  // North American numbers: optional +1, area code with or without parentheses, separators.
  { kind: 'phone', pattern: /(?:\+?1[\s.-]?)?(?:\(\d{3}\)|\b\d{3})[\s.-]?\d{3}[\s.-]\d{4}\b/g, replacement: '[phone]' },
  // Rx numbers, bare SSNs, account numbers: any run of 6 or more digits.
  { kind: 'digits', pattern: /\d{6,}/g, replacement: '[number]' },
];

export interface ScrubResult {
  text: string;
  /** Kinds of identifiers removed (for counting, never the values). */
  removed: string[];
}

export function scrubPhi(input: string): ScrubResult {
  const removed: string[] = [];
  let text = input;
  for (const rule of SCRUB_RULES) {
    text = text.replace(rule.pattern, () => {
      removed.push(rule.kind);
      return rule.replacement;
    });
  }
  return { text, removed };
}

/** True when a short machine value (an error code, say) looks like it carries an identifier. */
export function looksLikePhi(value: string): boolean {
  return scrubPhi(value).removed.length > 0;
}
