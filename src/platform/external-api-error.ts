/**
 * A failed call to an outside service (VA Notify, VA Profile, MHV AAL). One base so retry
 * decisions, logs and metrics treat every client alike: `status` is the HTTP status (0 when no
 * response arrived: timeout, refused connection), `retryable` says whether replaying may succeed
 * (429, 5xx, timeouts, network errors) or will fail the same way (other 4xx).
 */
export abstract class ExternalApiError extends Error {
  /** Which service answered (for logs and metrics; never PHI). */
  abstract readonly service: string;

  constructor(
    readonly status: number,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}
