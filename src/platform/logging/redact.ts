/**
 * PHI/PII redaction for log records.
 *
 * Two layers, because neither alone is enough:
 *  1. Keys: any property whose name denotes personal or health data is replaced, at any depth.
 *  2. Patterns: free text (messages, error strings) is scrubbed of e-mail addresses, ICNs,
 *     SSN-shaped and phone-shaped numbers, since those can leak through driver or library errors.
 * Names and drug names cannot be found by pattern, so code must pass them only under the keys below;
 * the logger test proves the demo data's names, e-mails and Rx names never reach the output.
 */

export const REDACTED = '[REDACTED]';

const PHI_KEYS_ORIGINAL = [
  'name',
  'firstName',
  'lastName',
  'fullName',
  'displayName',
  'patientName',
  'veteranName',
  'email',
  'emailAddress',
  'email_address',
  'to',
  'recipient',
  'phone',
  'phoneNumber',
  'phone_number',
  'address',
  'ssn',
  'icn',
  'dfn',
  'edipi',
  'birlsId',
  'participantId',
  'vaProfileId',
  'va_profile_id',
  'mhvCorrelationId',
  'userProfileId',
  'id_value',
  'idValue',
  'dateOfBirth',
  'dob',
  'medicationName',
  'medication_name',
  'drugName',
  'drug_name',
  'prescriptionName',
  'rxNumber',
  'rx_number',
  'trackingNumber',
  'tracking_number',
  'sig',
  'instructions',
  'subject',
  'body',
  'comment',
  'personalisation',
  'content',
  'message_body',
  'password',
  'secret',
  'token',
  'authorization',
  'cookie',
  'set-cookie',
  'x-csrf-token',
  'apiKey',
  'api_key',
  'raw',
  'hl7',
];
const PHI_KEYS = new Set(PHI_KEYS_ORIGINAL.map((k) => k.toLowerCase()));

const PATTERNS: Array<[RegExp, string]> = [
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[EMAIL]'],
  [/\b\d{10}V\d{6}\b/g, '[ICN]'],
  [/\b\d{3}-?\d{2}-?\d{4}\b/g, '[SSN]'],
  [/\b(?:\+?1[ .-]?)?\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}\b/g, '[PHONE]'],
];

/** Scrub e-mails, ICNs, SSN- and phone-shaped numbers from free text. */
export function scrubText(text: string): string {
  let out = text;
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
  return out;
}

export function isPhiKey(key: string): boolean {
  return PHI_KEYS.has(key.toLowerCase());
}

/** Deep-copy `value` with PHI keys replaced and strings scrubbed. Cycles and depth are bounded. */
export function redactPhi(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8 || seen.has(value)) return '[Truncated]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactPhi(v, depth + 1, seen));
  if (value instanceof Error) {
    // pg errors carry `detail` such as "Key (email)=(x@y) already exists": scrub everything textual.
    const err = value as Error & Record<string, unknown>;
    return {
      type: err.name,
      message: scrubText(err.message),
      code: err.code,
      stack: err.stack ? scrubText(err.stack) : undefined,
    };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = isPhiKey(k) && v !== undefined && v !== null ? REDACTED : redactPhi(v, depth + 1, seen);
  }
  return out;
}
