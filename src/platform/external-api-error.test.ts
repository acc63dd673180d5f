import { describe, expect, it } from 'vitest';
import { AalApiError } from './activity-log-port.js';
import { ExternalApiError } from './external-api-error.js';
import { NotifyApiError } from './notify-port.js';
import { VaProfileApiError } from '../integrations/va-profile/client.js';

describe('external API errors share one base', () => {
  it.each([
    ['VA Notify', new NotifyApiError(429, 'RateLimitError', 'Exceeded rate limit', true), 429, true],
    ['MHV AAL', new AalApiError(400, 'activityType is required', false), 400, false],
    ['VA Profile', new VaProfileApiError(0, 'timed out', true), 0, true],
  ] as const)('%s', (service, err, status, retryable) => {
    expect(err).toBeInstanceOf(ExternalApiError);
    expect(err).toBeInstanceOf(Error);
    expect({ service: err.service, status: err.status, retryable: err.retryable }).toEqual({ service, status, retryable });
  });
});
