/**
 * Failed API calls reported by the shared API client (web/src/api/client.ts), attributed to the
 * registry API entry they called (product + step) — or, for a URL outside the registry, to the
 * flow page the Veteran is on. Calls made outside flow pages are not reported.
 */
import { matchApiUrl, matchPage } from '../../../src/shared/flow-match';
import { track } from './beacon';
import { emitVagov } from './vagov-analytics';

/** performance.now() of the last failed flow call (a page step loaded with a failure is not "ok"). */
let lastFailureAt = -1;
export function lastFlowFailureAt(): number {
  return lastFailureAt;
}

/** Error codes are lower-case identifiers (the server's schema refuses anything else). */
export function apiErrorCode(status: number, code: string): string {
  if (status === 0) return 'network';
  return /^[a-z][a-z0-9_]{0,47}$/.test(code) && code !== 'error' ? code : `http_${status}`;
}

export function reportApiFailure(method: string, url: string, status: number, code: string): void {
  const page = matchPage(window.location.pathname);
  if (!page) return;
  if (url.startsWith('/api/monitoring/')) return;
  // Refusals because the session ended are not flow failures (the server hook skips them too).
  if (status === 401 || status === 403) return;
  const api = matchApiUrl(url);
  const entry = api ?? page;
  lastFailureAt = performance.now();
  if (api?.id === 'api.sm.draft_send') {
    emitVagov({ type: 'send_failed', renewal: new URLSearchParams(window.location.search).has('prescriptionId'), errorCode: apiErrorCode(status, code) });
  }
  track({ kind: 'error', step: entry.step, urlId: entry.id, outcome: 'error', errorCode: apiErrorCode(status, code), durationMs: null });
  void method;
}
