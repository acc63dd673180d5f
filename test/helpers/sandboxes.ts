/**
 * Local stand-ins (VA Notify, VA Profile, MHV AAL) for a test file, on random ports, with clients
 * talking real HTTP to them.
 */
import { afterAll, beforeAll } from 'vitest';
import { AalClient } from '../../src/integrations/aal/client.js';
import { VaNotifyClient } from '../../src/integrations/va-notify/client.js';
import { SANDBOX_AAL_API_KEY, SANDBOX_API_KEY } from '../../sandbox/defaults.js';
import { startSandboxes, type Sandboxes, type StartSandboxesOptions } from '../../sandbox/start.js';

export interface TestSandboxes extends Sandboxes {
  notifyClient: VaNotifyClient;
  aalClient: AalClient;
}

export function useSandboxes(opts: StartSandboxesOptions | (() => StartSandboxesOptions) = {}): TestSandboxes {
  const holder = {} as TestSandboxes;
  beforeAll(async () => {
    const o = typeof opts === 'function' ? opts() : opts;
    const s = await startSandboxes({ stepDelayMs: 20, allowHttpCallbacks: true, callbackRetryDelaysMs: [50, 100, 200, 400], ...o });
    Object.assign(holder, s, {
      notifyClient: new VaNotifyClient({ baseUrl: s.notifyUrl, apiKey: SANDBOX_API_KEY, timeoutMs: 2000 }),
      aalClient: new AalClient({ baseUrl: `${s.aalUrl}/mhvapi/v1`, apiKey: SANDBOX_AAL_API_KEY, appToken: 'rxbridge-rx' }),
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
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
