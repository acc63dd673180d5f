/**
 * The one application error type. Code throws `AppError` (through the constructors below);
 * `error-handler.ts` is the only place that turns errors into HTTP responses.
 *
 * Response body (all 4xx/5xx):
 *   { "statusCode": 400, "code": "validation_failed", "message": "…",
 *     "errors": [{ "field": "body.subject", "message": "…" }] }
 * `field` is a dotted path into the request part (body / query / params) so the UI can put the
 * message next to the matching input.
 */

export type ErrorCode =
  | 'validation_failed'
  | 'unauthenticated'
  | 'forbidden'
  | 'csrf_invalid'
  | 'not_found'
  | 'conflict'
  | 'not_eligible'
  | 'unprocessable'
  | 'rate_limited'
  | 'payload_too_large'
  | 'unavailable'
  | 'internal';

export interface FieldIssue {
  field: string;
  message: string;
}

const STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf_invalid: 403,
  not_found: 404,
  conflict: 409,
  not_eligible: 422,
  unprocessable: 422,
  rate_limited: 429,
  payload_too_large: 413,
  unavailable: 503,
  internal: 500,
};

export class AppError extends Error {
  override name = 'AppError';
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues: FieldIssue[] = [],
    /** Machine-readable detail safe to show (e.g. an eligibility reason code). Never PHI. */
    readonly detail?: Record<string, string>,
  ) {
    super(message);
    this.statusCode = STATUS[code];
  }

  toBody(): Record<string, unknown> {
    return {
      statusCode: this.statusCode,
      code: this.code,
      message: this.message,
      errors: this.issues,
      ...(this.detail ? { detail: this.detail } : {}),
    };
  }
}

export const badRequest = (message: string, field?: string): AppError => new AppError('validation_failed', message, field ? [{ field, message }] : []);
export const notFound = (what = 'Resource'): AppError => new AppError('not_found', `${what} not found`);
export const unauthenticated = (): AppError => new AppError('unauthenticated', 'Sign in to continue');
export const forbidden = (message = 'You do not have access to this'): AppError => new AppError('forbidden', message);
export const conflict = (message: string, field?: string): AppError => new AppError('conflict', message, field ? [{ field, message }] : []);
export const notEligible = (message: string, reason: string, field?: string): AppError =>
  new AppError('not_eligible', message, field ? [{ field, message }] : [], { reason });
/** Well-formed request whose content we cannot use (e.g. an HL7 message without a patient ICN). */
export const unprocessable = (message: string, field: string | null, detail?: Record<string, string>): AppError =>
  new AppError('unprocessable', message, field ? [{ field, message }] : [], detail);
/** A request body over the route's limit (bytes), whatever its content type. */
export const payloadTooLarge = (limitBytes: number): AppError =>
  new AppError(
    'payload_too_large',
    `Request body is too large (limit ${limitBytes.toLocaleString('en-US')} bytes)`,
    [{ field: 'body', message: `Larger than ${limitBytes.toLocaleString('en-US')} bytes` }],
    { limitBytes: String(limitBytes) },
  );
export const rateLimited = (retryAfterSeconds: number): AppError =>
  new AppError('rate_limited', 'Too many requests. Wait a minute and try again.', [], { retryAfterSeconds: String(retryAfterSeconds) });
export const unavailable = (message: string): AppError => new AppError('unavailable', message);

export const isAppError = (err: unknown): err is AppError => err instanceof AppError;
