/**
 * Starts the three local stand-ins (VA Notify, VA Profile, MHV AAL) as separate HTTP servers.
 * Used by `npm start`, tests (test/helpers/sandboxes.ts), proofs and benchmarks;
 * `npx tsx sandbox/main.ts` runs them alone. Port 0 = a random free port.
 */
import { buildAalSandbox, type AalFaults, type AalSandbox } from './aal/server.js';
import {
  SANDBOX_AAL_API_KEY,
  SANDBOX_CALLBACK_TOKEN,
  SANDBOX_KEY_SECRET,
  SANDBOX_SERVICE_ID,
  SANDBOX_TEAM_KEY_SECRET,
  SANDBOX_TEAM_RECIPIENTS,
  SANDBOX_TEST_KEY_SECRET,
} from '../src/shared/local-defaults.js';
import { buildVaProfileSandbox, type ProfileFaults, type VaProfileSandbox } from './va-profile/server.js';
import { defaultProfiles, type SandboxProfile } from './va-profile/data.js';
import type { FaultsInput, SandboxService } from './va-notify/model.js';
import { buildNotifySandbox, type NotifySandbox } from './va-notify/server.js';
import { seedCommunicationItems, seedTemplates } from './va-notify/templates.js';

/** Service-level delivery-status webhook (VA Notify admins configure it per service, A9.2). */
export interface ServiceCallbackConfig {
  url: string;
  /** Default: the sandbox token (config VA_NOTIFY_CALLBACK_BEARER_TOKEN's default). */
  bearerToken?: string;
  /** Statuses that trigger it (default: VA Notify's completed set). */
  statuses?: string[];
}

export interface StartSandboxesOptions {
  host?: string;
  /** 0 = random; defaults are random too (npm start passes 3101/3102/3103). */
  notifyPort?: number;
  profilePort?: number;
  aalPort?: number;
  /** Delay between VA Notify status steps (default 300 ms; tests use 0–50). */
  progressionDelayMs?: number;
  /** Older name of progressionDelayMs. */
  stepDelayMs?: number;
  /** Stand-in only: accept/call http:// callback URLs (real VA Notify requires https). Default false. */
  allowHttpCallbacks?: boolean;
  /** VA Notify requests per 60 s per key type (default 3000). */
  rateLimitPerMinute?: number;
  /** Rate-limit window (default 60 s as VA Notify; `rateLimitPerMinute` is then per this window). Short benchmarks only. */
  rateLimitWindowMs?: number;
  messageLimitPerDay?: number;
  /** VA Notify fault injection (also changeable at run time: PUT /_sandbox/faults). */
  faults?: FaultsInput;
  profileFaults?: Partial<ProfileFaults>;
  /** Retries of a failing VA Profile lookup before a notification fails UNDELIVERABLE (default 3). */
  recipientLookupRetries?: number;
  /** VA Profile lookup retry waits × this (1 = VA Notify's real horizon). */
  recipientLookupTimeScale?: number;
  aalFaults?: Partial<AalFaults>;
  serviceCallback?: string | ServiceCallbackConfig | null;
  /** Older name: URL only, sandbox bearer token. */
  serviceCallbackUrl?: string | null;
  callbackRetryDelaysMs?: number[];
  duplicateCallbackRate?: number;
  outOfOrderRate?: number;
  profiles?: SandboxProfile[];
  /** AAL base path (default /mhvapi/v1). */
  aalBasePath?: string;
  random?: () => number;
}

export interface Sandboxes {
  notifyUrl: string;
  profileUrl: string;
  /** AAL origin; the MHV API base is `aalBaseUrl`. */
  aalUrl: string;
  aalBaseUrl: string;
  notify: NotifySandbox;
  profile: VaProfileSandbox;
  aal: AalSandbox;
  profiles: SandboxProfile[];
  /** Point the service-level delivery-status webhook somewhere (e.g. an app started after the stand-ins). */
  setServiceCallback(target: string | ServiceCallbackConfig | null): void;
  stop(): Promise<void>;
}

function toCallback(target: string | ServiceCallbackConfig | null | undefined): SandboxService['callback'] {
  if (!target) return null;
  const c = typeof target === 'string' ? { url: target } : target;
  return { url: c.url, bearerToken: c.bearerToken ?? SANDBOX_CALLBACK_TOKEN, ...(c.statuses ? { statuses: c.statuses } : {}) };
}

/** The one service the stand-in knows: fixed id, live/team/test keys with fixed secrets (src/shared/local-defaults.ts). */
export function sandboxService(opts: StartSandboxesOptions): SandboxService {
  return {
    id: SANDBOX_SERVICE_ID,
    name: 'rxbridge (local)',
    active: true,
    rateLimit: opts.rateLimitPerMinute ?? 3000,
    messageLimit: opts.messageLimitPerDay ?? 1_000_000,
    permissions: ['email', 'sms'],
    apiKeys: [
      { name: 'rxbridge-local', secret: SANDBOX_KEY_SECRET, keyType: 'normal' },
      { name: 'rxbridge-team', secret: SANDBOX_TEAM_KEY_SECRET, keyType: 'team' },
      { name: 'rxbridge-test', secret: SANDBOX_TEST_KEY_SECRET, keyType: 'test' },
    ],
    teamRecipients: SANDBOX_TEAM_RECIPIENTS,
    callback: toCallback(opts.serviceCallback !== undefined ? opts.serviceCallback : opts.serviceCallbackUrl),
  };
}

export async function startSandboxes(opts: StartSandboxesOptions = {}): Promise<Sandboxes> {
  const host = opts.host ?? '127.0.0.1';
  const origin = (address: string) => address.replace('localhost', host).replace(/\/+$/, '');
  const profile = buildVaProfileSandbox(opts.profiles ?? defaultProfiles(), { faults: opts.profileFaults, random: opts.random });
  const service = sandboxService(opts);
  const aal = buildAalSandbox({ apiKey: SANDBOX_AAL_API_KEY, basePath: opts.aalBasePath, faults: opts.aalFaults, random: opts.random });
  const started: Array<{ close(): Promise<unknown> }> = [];
  try {
    const profileUrl = origin(await profile.app.listen({ host, port: opts.profilePort ?? 0 }));
    started.push(profile.app);
    const notify = buildNotifySandbox({
      services: [service],
      templates: seedTemplates(service.id),
      communicationItems: seedCommunicationItems(),
      vaProfileUrl: profileUrl,
      stepDelayMs: opts.progressionDelayMs ?? opts.stepDelayMs ?? 300,
      allowHttpCallbacks: opts.allowHttpCallbacks ?? false,
      callbackRetryDelaysMs: opts.callbackRetryDelaysMs,
      duplicateCallbackRate: opts.duplicateCallbackRate,
      outOfOrderRate: opts.outOfOrderRate,
      faults: opts.faults,
      recipientLookupRetries: opts.recipientLookupRetries,
      recipientLookupTimeScale: opts.recipientLookupTimeScale,
      ...(opts.rateLimitWindowMs ? { rateLimitWindowMs: opts.rateLimitWindowMs } : {}),
      random: opts.random,
    });
    const notifyUrl = origin(await notify.app.listen({ host, port: opts.notifyPort ?? 0 }));
    started.push(notify.app);
    const aalUrl = origin(await aal.app.listen({ host, port: opts.aalPort ?? 0 }));
    started.push(aal.app);
    return {
      notifyUrl,
      profileUrl,
      aalUrl,
      aalBaseUrl: `${aalUrl}${aal.basePath}`,
      notify,
      profile,
      aal,
      profiles: profile.profiles,
      setServiceCallback(target) {
        service.callback = toCallback(target);
      },
      async stop() {
        await Promise.all([notify.app.close(), profile.app.close(), aal.app.close()]);
      },
    };
  } catch (err) {
    // A port in use: do not leave the others listening.
    await Promise.all(started.map((a) => a.close().catch(() => undefined)));
    throw err;
  }
}
