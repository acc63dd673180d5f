import { describe, expect, it } from 'vitest';
import { FLOW_URLS } from './flow-urls.js';
import { matchApiUrl, matchPage, matchRoutePattern } from './flow-match.js';

const RX = '6f1c2a7e-7a51-4e43-9d7e-2b1b0c4f2a11';

describe('matching paths to the flow-URL registry', () => {
  it.each([
    ['/my-health/medications', 'meds.list'],
    [`/my-health/medications/prescription/${RX}`, 'meds.detail'],
    ['/my-health/secure-messages/new-message', 'sm.interstitial'],
    ['/my-health/secure-messages/new-message/select-care-team', 'sm.select_care_team'],
    ['/my-health/secure-messages/new-message/start-message', 'sm.compose'],
    ['/my-health/secure-messages/sent', 'sm.sent'],
    ['/ops/monitoring', undefined],
    ['/my-health/medications/prescription', undefined],
  ])('page %s → %s', (path, id) => {
    expect(matchPage(path)?.id).toBe(id);
  });

  it.each([
    ['/api/medications', 'api.medications.list'],
    ['/api/medications/refills', 'api.medications.refills'],
    [`/api/medications/${RX}`, 'api.medications.detail'],
    [`/api/messaging/care-teams?prescriptionId=${RX}`, 'api.sm.care_teams'],
    [`/api/messaging/drafts/${RX}/send`, 'api.sm.draft_send'],
    ['/api/session', undefined],
  ])('API url %s → %s', (url, id) => {
    expect(matchApiUrl(url)?.id).toBe(id);
  });

  it.each([
    ['/api/medications/:id', 'api.medications.detail'],
    ['/api/medications/refills', 'api.medications.refills'],
    ['/api/messaging/renewals/:prescriptionId', 'api.sm.renewal'],
    ['/api/messaging/drafts/:id/send', 'api.sm.draft_send'],
    ['/api/tracking/shipments', undefined],
  ])('Fastify route %s → %s', (route, id) => {
    expect(matchRoutePattern(route)?.id).toBe(id);
  });

  it('maps every registry API entry back to itself from its own pattern', () => {
    for (const e of FLOW_URLS.filter((u) => u.kind === 'api')) expect(matchRoutePattern(e.path)?.id).toBe(e.id);
  });
});
