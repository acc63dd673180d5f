/**
 * Adapter to the analytics names VA.gov's own apps already emit for this flow, so existing VA
 * dashboards keep working (../shared/reference/vagov-behaviour.md Q4):
 *  - GA4 through `recordEvent` (VA.gov's platform/monitoring/record-event pushes the object onto
 *    `window.dataLayer`, which Google Tag Manager forwards to GA4);
 *  - Datadog RUM actions (`window.DD_RUM.addAction`) and Datadog browser logs
 *    (`window.DD_LOGS.logger`), when those SDKs are on the page (no-op otherwise).
 * rxbridge's own funnel beacons are separate (beacon.ts) and unchanged.
 *
 * Deviation, stated: rxbridge has no "leaving Medications" modal; the renewal link leads straight
 * to SM, which is VA.gov's "Continue" choice, so link_selected emits the Continue names only.
 * No identifiers are sent (VA.gov's send log carries messageId/recipientId; we leave them out).
 */
import type { FunnelStep } from '../../../src/shared/flow-urls.js';

export type FlowSignal =
  { type: 'step'; step: FunnelStep; renewal: boolean; durationMs: number | null } | { type: 'send_failed'; renewal: boolean; errorCode: string };

export type VagovEvent =
  | { channel: 'ga'; data: Record<string, string | number> }
  | { channel: 'rum'; name: string; context: Record<string, string | number> }
  | { channel: 'log'; level: 'info' | 'error'; message: string; context: Record<string, string | number> };

/** Which VA.gov events a flow signal corresponds to (pure). */
export function vagovEventsFor(s: FlowSignal): VagovEvent[] {
  if (!s.renewal) return [];
  if (s.type === 'send_failed') {
    return [
      { channel: 'log', level: 'error', message: 'Prescription Renewal Message Send Failed', context: { errorCode: s.errorCode } },
      { channel: 'ga', data: { event: 'api_call', 'api-name': 'Rx SM Renewal', 'api-status': 'fail', 'error-key': s.errorCode } },
    ];
  }
  switch (s.step) {
    case 'link_selected':
      return [
        { channel: 'ga', data: { event: 'cta-button-click', 'button-click-label': 'Continue to send renewal message' } },
        { channel: 'rum', name: 'Rx Renewal Modal Continue', context: {} },
      ];
    case 'care_team_selected':
      return [{ channel: 'ga', data: { event: 'int-select-box-option-click', 'select-label': 'Select a team you want to message' } }];
    case 'draft_shown':
      return [{ channel: 'ga', data: { event: 'sm_editor_prefill_loaded' } }];
    case 'message_sent':
      return [
        { channel: 'log', level: 'info', message: 'Prescription Renewal Message Sent', context: {} },
        {
          channel: 'ga',
          data: {
            event: 'api_call',
            'api-name': 'Rx SM Renewal',
            'api-status': 'successful',
            ...(s.durationMs === null ? {} : { 'api-latency-ms': s.durationMs }),
          },
        },
      ];
    default:
      return [];
  }
}

interface VagovWindow {
  dataLayer?: unknown[];
  DD_RUM?: { addAction(name: string, context?: object): void };
  DD_LOGS?: { logger: { info(message: string, context?: object): void; error(message: string, context?: object): void } };
}

/** Emit through VA.gov's channels (recordEvent → dataLayer; Datadog RUM / logs when present). */
export function emitVagov(s: FlowSignal, w: VagovWindow = window as unknown as VagovWindow): void {
  for (const e of vagovEventsFor(s)) {
    if (e.channel === 'ga') (w.dataLayer ??= []).push(e.data);
    else if (e.channel === 'rum') w.DD_RUM?.addAction(e.name, e.context);
    else w.DD_LOGS?.logger[e.level](e.message, e.context);
  }
}
