/**
 * Local stand-ins (VA Notify, VA Profile, MHV AAL) for a test file: started in beforeAll on random
 * ports, stopped in afterAll, with our clients already pointed at them over real HTTP.
 * Test defaults: 20 ms per status step, http callbacks allowed, short callback retries.
 */
import { afterAll, beforeAll } from 'vitest';
import { AalClient } from '../../src/integrations/aal/client.js';
import { VaNotifyClient } from '../../src/integrations/va-notify/client.js';
import { VaProfileClient } from '../../src/integrations/va-profile/client.js';
import { SANDBOX_AAL_API_KEY, SANDBOX_API_KEY } from '../../src/shared/local-defaults.js';
import { startSandboxes, type Sandboxes, type StartSandboxesOptions } from '../../sandbox/start.js';

export interface TestSandboxes extends Sandboxes {
  notifyClient: VaNotifyClient;
  aalClient: AalClient;
  profileClient: VaProfileClient;
}

export type UseSandboxesOptions = StartSandboxesOptions & {
  /** Client-side limiter of `notifyClient` (default: none, so tests can provoke 429s). */
  clientRateLimitPerMinute?: number;
  clientTimeoutMs?: number;
};

export function useSandboxes(opts: UseSandboxesOptions | (() => UseSandboxesOptions) = {}): TestSandboxes {
  const holder = {} as TestSandboxes;
  beforeAll(async () => {
    const { clientRateLimitPerMinute, clientTimeoutMs, ...o } = typeof opts === 'function' ? opts() : opts;
    // VA Notify's VA Profile retry horizon (≈ 2 days) compressed 1000×: a 60 s wait takes 60 ms.
    const s = await startSandboxes({
      allowHttpCallbacks: true,
      callbackRetryDelaysMs: [50, 100, 200, 400],
      recipientLookupTimeScale: 0.001,
      ...o,
      progressionDelayMs: o.progressionDelayMs ?? o.stepDelayMs ?? 20,
    });
    Object.assign(holder, s, {
      notifyClient: new VaNotifyClient({
        baseUrl: s.notifyUrl,
        apiKey: SANDBOX_API_KEY,
        timeoutMs: clientTimeoutMs ?? 2000,
        rateLimitPerMinute: clientRateLimitPerMinute,
      }),
      aalClient: new AalClient({ baseUrl: s.aalBaseUrl, apiKey: SANDBOX_AAL_API_KEY, appToken: 'rxbridge-rx' }),
      profileClient: new VaProfileClient(s.profileUrl),
    });
  });
  afterAll(async () => holder.stop?.());
  return holder;
}

/** Poll until `check` returns a value (not undefined/false) or time runs out. */
export async function eventually<T>(check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 10_000, everyMs = 50): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
