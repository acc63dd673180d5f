/**
 * Browser beacon for funnel and error events (POST /api/monitoring/events).
 *
 * Events are queued and sent in batches: every FLUSH_MS, when the queue reaches MAX_BATCH, and when
 * the page is hidden or unloaded (visibilitychange → hidden, pagehide) — the last moment a browser
 * reliably sends anything. navigator.sendBeacon survives page unload; when it is missing or refuses
 * the payload, fetch with keepalive does the same job. The body is text/plain (a "simple" request
 * for sendBeacon); the server parses it as JSON.
 *
 * The session id is random per browser tab session (sessionStorage), never the user id.
 */
import type { FunnelStep } from '../../../src/shared/flow-urls';

export interface BeaconEvent {
  kind: 'funnel' | 'error';
  step: FunnelStep | null;
  urlId: string;
  outcome: 'ok' | 'error' | 'abandoned';
  errorCode?: string | null;
  durationMs?: number | null;
  occurredAt: string;
}

const ENDPOINT = '/api/monitoring/events';
const MAX_BATCH = 50;
const FLUSH_MS = 5000;
const SESSION_KEY = 'rxb_monitoring_session';

const queue: BeaconEvent[] = [];
let started = false;

export function monitoringSessionId(): string {
  let id = sessionStorage.getItem(SESSION_KEY);
  if (!id) {
    id = crypto.randomUUID();
    sessionStorage.setItem(SESSION_KEY, id);
  }
  return id;
}

function send(events: BeaconEvent[]): void {
  const body = JSON.stringify({ sessionId: monitoringSessionId(), events });
  const blob = new Blob([body], { type: 'text/plain;charset=UTF-8' });
  if (typeof navigator.sendBeacon === 'function' && navigator.sendBeacon(ENDPOINT, blob)) return;
  void fetch(ENDPOINT, { method: 'POST', body, keepalive: true, credentials: 'same-origin', headers: { 'content-type': 'text/plain;charset=UTF-8' } }).catch(
    () => undefined,
  );
}

/** Send everything queued now. */
export function flushBeacon(): void {
  while (queue.length > 0) send(queue.splice(0, MAX_BATCH));
}

export function track(event: Omit<BeaconEvent, 'occurredAt'>): void {
  start();
  queue.push({ ...event, occurredAt: new Date().toISOString() });
  if (queue.length >= MAX_BATCH) flushBeacon();
}

const listeners = new Set<() => void>();
/** Run just before the queue is flushed on page hide (to add 'abandoned' events). */
export function beforePageHide(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function onHide(): void {
  for (const fn of listeners) fn();
  flushBeacon();
}

function start(): void {
  if (started) return;
  started = true;
  setInterval(flushBeacon, FLUSH_MS);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') onHide();
  });
  window.addEventListener('pagehide', onHide);
}
