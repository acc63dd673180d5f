/** The web adapter's mapping to VA.gov's analytics names (vagov-behaviour.md Q4). Pure. */
import { describe, expect, it } from 'vitest';
import { emitVagov, vagovEventsFor, type FlowSignal } from '../../web/src/monitoring/vagov-analytics.js';

describe('VA.gov analytics adapter', () => {
  it.each<[string, FlowSignal, string[]]>([
    [
      'link selected → Continue (GA cta-button-click + RUM action)',
      { type: 'step', step: 'link_selected', renewal: true, durationMs: 5 },
      ['ga:cta-button-click:Continue to send renewal message', 'rum:Rx Renewal Modal Continue'],
    ],
    ['prefilled editor → sm_editor_prefill_loaded', { type: 'step', step: 'draft_shown', renewal: true, durationMs: 300 }, ['ga:sm_editor_prefill_loaded']],
    [
      'sent → Datadog log + GA api_call successful',
      { type: 'step', step: 'message_sent', renewal: true, durationMs: 812 },
      ['log:Prescription Renewal Message Sent', 'ga:api_call:Rx SM Renewal:successful'],
    ],
    [
      'send failed → Datadog log + GA api_call fail with error-key',
      { type: 'send_failed', renewal: true, errorCode: 'care_team_blocked' },
      ['log:Prescription Renewal Message Send Failed', 'ga:api_call:Rx SM Renewal:fail'],
    ],
    ['a general (non-renewal) message emits nothing', { type: 'step', step: 'message_sent', renewal: false, durationMs: 1 }, []],
    ['the list view has no VA.gov event', { type: 'step', step: 'list_viewed', renewal: true, durationMs: 1 }, []],
  ])('%s', (_n, signal, names) => {
    expect(
      vagovEventsFor(signal).map((e) =>
        e.channel === 'ga'
          ? ['ga', e.data.event, e.data['button-click-label'] ?? e.data['api-name'], e.data['api-status']].filter(Boolean).join(':')
          : `${e.channel}:${e.channel === 'rum' ? e.name : e.message}`,
      ),
    ).toEqual(names);
  });

  it('pushes GA events onto dataLayer and calls Datadog RUM / logs when present', () => {
    const actions: string[] = [];
    const logs: string[] = [];
    const w = {
      dataLayer: [] as unknown[],
      DD_RUM: { addAction: (n: string) => actions.push(n) },
      DD_LOGS: { logger: { info: (m: string) => logs.push(m), error: (m: string) => logs.push(`error:${m}`) } },
    };
    emitVagov({ type: 'step', step: 'link_selected', renewal: true, durationMs: 1 }, w);
    emitVagov({ type: 'send_failed', renewal: true, errorCode: 'internal' }, w);
    expect(w.dataLayer).toEqual([
      { event: 'cta-button-click', 'button-click-label': 'Continue to send renewal message' },
      { event: 'api_call', 'api-name': 'Rx SM Renewal', 'api-status': 'fail', 'error-key': 'internal' },
    ]);
    expect(actions).toEqual(['Rx Renewal Modal Continue']);
    expect(logs).toEqual(['error:Prescription Renewal Message Send Failed']);
    // Without the SDKs nothing throws and GA still gets its event.
    const bare: { dataLayer?: unknown[] } = {};
    emitVagov({ type: 'step', step: 'draft_shown', renewal: true, durationMs: 1 }, bare);
    expect(bare.dataLayer).toEqual([{ event: 'sm_editor_prefill_loaded' }]);
  });
});
