import { describe, expect, it } from 'vitest';
import { chargedProduct, chargedStep, classifyFailure, type OutcomeFacts } from './failure-class.js';

describe('failure classification', () => {
  it.each<[string, OutcomeFacts, ReturnType<typeof classifyFailure>]>([
    ['a 200 is not a failure', { source: 'server', urlId: 'api.sm.draft_send', status: 200 }, null],
    ['a 500 on send is a server failure', { source: 'server', urlId: 'api.sm.draft_send', status: 500, errorCode: 'internal' }, 'server'],
    ['a 502 from SM is a server failure', { source: 'server', urlId: 'api.sm.care_teams', status: 502, errorCode: 'upstream_error' }, 'server'],
    ['a 504 is a timeout', { source: 'server', urlId: 'api.sm.draft_send', status: 504 }, 'timeout'],
    ['a timeout code is a timeout', { source: 'client', urlId: 'api.sm.draft_send', errorCode: 'timeout' }, 'timeout'],
    [
      'a 400 naming a field is the user’s validation error',
      { source: 'server', urlId: 'api.sm.draft_send', status: 400, errorCode: 'validation_failed' },
      'validation',
    ],
    ['a 404 on a prescription detail is not judged', { source: 'server', urlId: 'api.medications.detail', status: 404, errorCode: 'not_found' }, 'validation'],
    [
      'a 422 not-eligible at the interstitial is a routing error',
      { source: 'server', urlId: 'api.sm.renewal', status: 422, errorCode: 'not_eligible' },
      'routing',
    ],
    ['a 404 at the interstitial is a routing error', { source: 'server', urlId: 'api.sm.renewal', status: 404, errorCode: 'not_found' }, 'routing'],
    ['a network failure in the browser is a load failure', { source: 'client', urlId: 'sm.compose', errorCode: 'network' }, 'load'],
    ['a script error in the browser is a load failure', { source: 'client', urlId: 'sm.compose', errorCode: 'js_error' }, 'load'],
    ['a 503 seen by the browser is a load failure', { source: 'client', urlId: 'api.sm.care_teams', errorCode: 'http_503' }, 'load'],
    ['a 409 blocked team seen by the browser is not judged', { source: 'client', urlId: 'api.sm.draft_send', errorCode: 'care_team_blocked' }, 'validation'],
  ])('%s', (_n, facts, expected) => {
    expect(classifyFailure(facts)).toBe(expected);
  });

  it('charges routing errors to Medications’ link step, everything else to the registry owner', () => {
    expect(chargedProduct('sm', 'routing')).toBe('meds');
    expect(chargedStep('interstitial_viewed', 'routing')).toBe('link_selected');
    expect(chargedProduct('sm', 'server')).toBe('sm');
    expect(chargedStep('interstitial_viewed', 'server')).toBe('interstitial_viewed');
  });
});
