/**
 * What kind of failure an outcome in the renewal flow is, and which product it is charged to
 * (pure, browser-safe). One rule for the server hook, the browser reporter, the guard and the
 * dashboard, so they cannot disagree.
 *
 *  - server:   the API answered 5xx (our fault, or a dependency's).
 *  - timeout:  504 / a timeout code (a dependency did not answer in time).
 *  - load:     the browser could not load the step (network failure, script error, a 5xx seen by the browser).
 *  - routing:  the renewal link sent the Veteran somewhere the flow cannot serve: the interstitial's
 *              renewal check answered not-eligible / not-found. The link is Medications', so the
 *              error is charged to Medications ("incorrect routing into SM", plan §3.2).
 *  - validation: the user's own input was refused (4xx). Shown on the dashboard, never judged by the guard.
 * null: not a failure.
 */
import type { FunnelStep, Product } from './flow-urls.js';

export type FailureClass = 'server' | 'timeout' | 'load' | 'routing' | 'validation';

/** Failure classes that say something about the flow's health (the guard judges these). */
export const GUARD_FAILURES: readonly FailureClass[] = ['server', 'timeout', 'load', 'routing'];

const TIMEOUT_CODES = new Set(['timeout', 'upstream_timeout', 'gateway_timeout']);
const LOAD_CODES = new Set(['network', 'js_error', 'unhandled_rejection', 'load_failed']);
/** The interstitial's renewal check (registry id api.sm.renewal / page sm.interstitial). */
const ROUTING_URL_IDS = new Set(['api.sm.renewal', 'sm.interstitial']);
const ROUTING_CODES = new Set(['not_found', 'not_eligible', 'not_renewable']);

export interface OutcomeFacts {
  source: 'server' | 'client';
  urlId: string;
  /** HTTP status for server outcomes (and client API failures when known); 0 = network. */
  status?: number | null;
  errorCode?: string | null;
}

export function classifyFailure(f: OutcomeFacts): FailureClass | null {
  const code = f.errorCode ?? '';
  const status = f.status ?? null;
  if (f.source === 'server' && status !== null && status < 400) return null;
  if (TIMEOUT_CODES.has(code) || status === 504) return 'timeout';
  if (status !== null && status >= 500) return f.source === 'client' ? 'load' : 'server';
  if (/^http_5\d\d$/.test(code)) return f.source === 'client' ? 'load' : 'server';
  if (f.source === 'client' && (LOAD_CODES.has(code) || status === 0)) return 'load';
  if (ROUTING_URL_IDS.has(f.urlId) && (ROUTING_CODES.has(code) || status === 404 || status === 422)) return 'routing';
  if (code === 'internal') return 'server';
  return 'validation';
}

/** The product an outcome is charged to: routing errors are Medications' (its link), else the registry owner. */
export function chargedProduct(owner: Product, failure: FailureClass | null): Product {
  return failure === 'routing' ? 'meds' : owner;
}

/** The step a routing error is charged to: the link the Veteran selected. */
export function chargedStep(step: FunnelStep | null, failure: FailureClass | null): FunnelStep | null {
  return failure === 'routing' ? 'link_selected' : step;
}
