/**
 * Layout-level monitoring of the Meds → SM renewal flow. Knows no page: it matches the current
 * path against the flow-URL registry (src/shared/flow-urls.ts), so a page added to the
 * registry is monitored without touching its component.
 *
 *  - Page steps: on each route change to a registry page with a funnel step, record that step
 *    once the page LOADED SUCCESSFULLY: its API calls have settled and none failed (a failure is
 *    reported as an error by api-errors.ts, not as a step reached). The duration is real browser
 *    time from the navigation (performance.now(): from navigation start for the first page of the
 *    document, from the route change otherwise) to the moment the calls settled.
 *    list_viewed counts only when a renewal link is actually on the page (checked after render:
 *    an anchor to the SM interstitial, or the link text); message_sent only after this session
 *    saw a draft (the Sent folder is also reachable from navigation).
 *  - care_team_selected is a choice, not a page view: recorded when the Veteran leaves the
 *    care-team page for the editor (the team was chosen and the draft started).
 *  - VA.gov's own analytics names are emitted alongside (vagov-analytics.ts).
 *  - link_selected: one delegated click listener on the document for anchors to the interstitial.
 *  - Errors: window error / unhandledrejection while on a flow page, attributed to its product
 *    and step (no message text is sent: it could contain PHI).
 *  - Abandonment: leaving the site from a flow step before sending records 'abandoned'.
 */
import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router-dom';
import type { FlowUrl, FunnelStep } from '../../../src/shared/flow-urls';
import { matchPage } from '../../../src/shared/flow-match';
import { FLOW_URLS, routePath } from '../../../src/shared/flow-urls';
import { beforePageHide, track } from './beacon';
import { apiInFlight, subscribeApiActivity } from '../api/client';
import { lastFlowFailureAt } from './api-errors';
import { emitVagov } from './vagov-analytics';

export const RENEWAL_LINK_TEXT = 'Send a renewal request message';
const INTERSTITIAL = routePath('sm.interstitial');
const DRAFT_SEEN_KEY = 'rxb_monitoring_draft_seen';
const LINK_WAIT_MS = 15_000;
/** Calls must stay settled this long before a page counts as loaded (a page may chain calls). */
const SETTLE_MS = 300;
let firstRoute = true;

const isRenewal = () => new URLSearchParams(window.location.search).has('prescriptionId');

function isRenewalAnchor(a: HTMLAnchorElement): boolean {
  try {
    return new URL(a.href, window.location.origin).pathname === INTERSTITIAL;
  } catch {
    return false;
  }
}

/** A renewal link is on the page: an anchor to the interstitial, or the link text (e.g. inside a web component). */
export function renewalLinkShown(root: ParentNode = document): boolean {
  if ([...root.querySelectorAll('a[href]')].some((a) => isRenewalAnchor(a as HTMLAnchorElement))) return true;
  return [...root.querySelectorAll('a, [data-renewal-link]')].some((el) => el.textContent?.trim() === RENEWAL_LINK_TEXT);
}

function recordStep(page: FlowUrl, step: FunnelStep, sinceMs: number, atMs = performance.now()): void {
  const durationMs = Math.max(0, Math.round(atMs - sinceMs));
  track({ kind: 'funnel', step, urlId: page.id, outcome: 'ok', durationMs });
  emitVagov({ type: 'step', step, renewal: isRenewal() || step === 'message_sent', durationMs });
}

/**
 * Call `done(settledAt)` once no API call has been in flight for SETTLE_MS (give up after
 * LINK_WAIT_MS). Returns a cancel function.
 */
function whenSettled(done: (settledAt: number) => void): () => void {
  let timer: number | undefined;
  let settledAt = performance.now();
  let finished = false;
  const arm = () => {
    window.clearTimeout(timer);
    if (apiInFlight() > 0) return;
    settledAt = performance.now();
    timer = window.setTimeout(() => {
      if (!finished && apiInFlight() === 0) {
        finished = true;
        stop();
        done(settledAt);
      }
    }, SETTLE_MS);
  };
  const stop = subscribeApiActivity(arm);
  const giveUp = window.setTimeout(() => {
    finished = true;
    stop();
    window.clearTimeout(timer);
  }, LINK_WAIT_MS);
  // Let the page's effects start their calls first.
  const start = window.setTimeout(arm, 0);
  return () => {
    finished = true;
    stop();
    window.clearTimeout(timer);
    window.clearTimeout(giveUp);
    window.clearTimeout(start);
  };
}

export function useFlowMonitoring(): void {
  const location = useLocation();
  const current = useRef<{ page: FlowUrl | undefined; since: number; sent: boolean }>({ page: undefined, since: 0, sent: false });

  // Page steps.
  useEffect(() => {
    // A renewal request ends back on Medications with ?rxRenewalMessageSuccess=true (VA.gov), not in
    // the Sent folder: that landing is the SM send step, counted against the Sent page's registry
    // entry (same step and product) so the funnel's last step is the same for both endings.
    const renewalSent = new URLSearchParams(location.search).get('rxRenewalMessageSuccess') === 'true';
    const page = renewalSent ? FLOW_URLS.find((u) => u.id === 'sm.sent') : matchPage(location.pathname);
    const previous = current.current;
    // The first page of the document is timed from navigation start (performance.now() origin).
    const since = firstRoute ? 0 : performance.now();
    firstRoute = false;
    current.current = { page, since, sent: false };
    if (previous.page?.id === 'sm.select_care_team' && page?.id === 'sm.compose') {
      recordStep(previous.page, 'care_team_selected', previous.since);
    }
    if (!page?.step) return;
    const step = page.step;
    if (step === 'draft_shown') sessionStorage.setItem(DRAFT_SEEN_KEY, '1');
    if (step === 'message_sent') {
      if (!sessionStorage.getItem(DRAFT_SEEN_KEY)) return;
      sessionStorage.removeItem(DRAFT_SEEN_KEY);
      current.current.sent = true;
    }
    if (step === 'care_team_selected') return; // recorded on the choice (above)
    if (step !== 'list_viewed') {
      return whenSettled((settledAt) => {
        if (lastFlowFailureAt() >= since) return; // loaded with an error: reported as an error
        recordStep(page, step, since, settledAt);
      });
    }
    // list_viewed: wait until the list has rendered a renewal link (or give up: not counted).
    let done = false;
    const check = () => {
      if (done || !renewalLinkShown()) return;
      done = true;
      recordStep(page, step, since);
      observer.disconnect();
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    const timeout = window.setTimeout(() => observer.disconnect(), LINK_WAIT_MS);
    check();
    return () => {
      done = true;
      observer.disconnect();
      window.clearTimeout(timeout);
    };
  }, [location.pathname, location.search]);

  // link_selected, errors, abandonment: installed once.
  useEffect(() => {
    const onClick = (e: MouseEvent) => {
      const a = (e.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
      if (!a || !isRenewalAnchor(a)) return;
      const { page, since } = current.current;
      const from = page ?? matchPage(window.location.pathname);
      if (!from) return;
      const durationMs = Math.round(performance.now() - since);
      track({ kind: 'funnel', step: 'link_selected', urlId: from.id, outcome: 'ok', durationMs });
      emitVagov({ type: 'step', step: 'link_selected', renewal: true, durationMs });
    };
    const onError = (code: string) => () => {
      const { page } = current.current;
      if (page) track({ kind: 'error', step: page.step, urlId: page.id, outcome: 'error', errorCode: code, durationMs: null });
    };
    const onScriptError = onError('js_error');
    const onRejection = onError('unhandled_rejection');
    document.addEventListener('click', onClick, true);
    window.addEventListener('error', onScriptError);
    window.addEventListener('unhandledrejection', onRejection);
    const stopHide = beforePageHide(() => {
      const { page, since, sent } = current.current;
      if (page?.step && page.step !== 'message_sent' && page.step !== 'list_viewed' && !sent && document.visibilityState === 'hidden') {
        track({ kind: 'funnel', step: page.step, urlId: page.id, outcome: 'abandoned', durationMs: Math.round(performance.now() - since) });
      }
    });
    return () => {
      document.removeEventListener('click', onClick, true);
      window.removeEventListener('error', onScriptError);
      window.removeEventListener('unhandledrejection', onRejection);
      stopHide();
    };
  }, []);
}
