/**
 * Typed fetch wrapper. Same-origin cookies carry the session; unsafe methods carry the CSRF token
 * from /api/session. Errors come back as ApiError with the server's structured body, so forms
 * can place messages on the matching field.
 */
export interface FieldIssue {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: FieldIssue[] = [],
    readonly detail?: Record<string, string>,
  ) {
    super(message);
  }

  /** Message for a given request field (e.g. 'body.subject'), if any. */
  fieldError(field: string): string | undefined {
    return this.issues.find((i) => i.field === field)?.message;
  }
}

let csrfToken: string | null = null;

/** Told about every failed call (monitoring attributes it to the flow step; see web/src/monitoring). */
type FailureObserver = (method: string, url: string, status: number, code: string) => void;
let failureObserver: FailureObserver | null = null;
export function observeApiFailures(fn: FailureObserver | null): void {
  failureObserver = fn;
}

/** Calls in flight, for monitoring: a page step counts as loaded once its calls have settled. */
let inFlight = 0;
const activity = new Set<(inFlight: number) => void>();
export function apiInFlight(): number {
  return inFlight;
}
export function subscribeApiActivity(fn: (inFlight: number) => void): () => void {
  activity.add(fn);
  return () => activity.delete(fn);
}
function setInFlight(n: number): void {
  inFlight = n;
  for (const fn of activity) fn(n);
}

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** A fresh Idempotency-Key: send it with a request and repeat it on retries of that same request. */
export const newIdempotencyKey = (): string => crypto.randomUUID();

export async function api<T>(method: string, url: string, body?: unknown, opts: { idempotencyKey?: string } = {}): Promise<T> {
  setInFlight(inFlight + 1);
  try {
    return await request<T>(method, url, body, opts);
  } finally {
    setInFlight(inFlight - 1);
  }
}

async function request<T>(method: string, url: string, body: unknown, opts: { idempotencyKey?: string }): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(url, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    failureObserver?.(method, url, 0, 'network');
    throw new ApiError(0, 'network', 'We can’t connect right now. Check your connection and try again.');
  }
  if (res.status === 204) return undefined as T;
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) {
    // The server's error body (error-handler.ts) carries string code and message; anything else gets the fallback.
    const code = typeof json.code === 'string' ? json.code : 'error';
    failureObserver?.(method, url, res.status, code);
    throw new ApiError(
      res.status,
      code,
      typeof json.message === 'string' ? json.message : 'Something went wrong. Try again later.',
      (json.errors as FieldIssue[] | undefined) ?? [],
      json.detail as Record<string, string> | undefined,
    );
  }
  return json as T;
}
