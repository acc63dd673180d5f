/**
 * VA Notify signs callbacks over Python's `urlencode(payload)` (reference A9): pairs in insertion
 * order, values stringified the Python way (None, True, False), encoded with `quote_plus`
 * (space → '+', only letters, digits and `_.-~` left as is). The stand-in signs with its own
 * implementation (sandbox/va-notify/signature.ts); a test checks the two agree.
 */
export function pythonStr(value: unknown): string {
  switch (typeof value) {
    case 'undefined':
      return 'None';
    case 'boolean':
      return value ? 'True' : 'False';
    case 'object':
      return value === null ? 'None' : JSON.stringify(value);
    case 'string':
      return value;
    case 'number':
    case 'bigint':
      return String(value);
    case 'symbol':
    case 'function':
      return value.toString();
  }
}

export function quotePlus(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

export function pythonUrlencode(payload: Record<string, unknown>): string {
  return Object.entries(payload)
    .map(([k, v]) => `${quotePlus(k)}=${quotePlus(pythonStr(v))}`)
    .join('&');
}
