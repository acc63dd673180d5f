/**
 * Starts the three local stand-ins (VA Notify, VA Profile, MHV AAL) as separate HTTP servers.
 * Used by `npm start`, tests and proof scripts; `npx tsx sandbox/main.ts` runs them alone.
 */
import { buildAalSandbox, type AalSandbox } from './aal/server.js';
import { RX_SHIPMENT_TEMPLATE_ID, SANDBOX_AAL_API_KEY, SANDBOX_CALLBACK_TOKEN, SANDBOX_KEY_SECRET, SANDBOX_SERVICE_ID, SM_NEW_MESSAGE_TEMPLATE_ID } from './defaults.js';
import { buildVaProfileSandbox } from './va-profile/server.js';
import { defaultProfiles, type SandboxProfile } from './va-profile/data.js';
import type { Faults, SandboxService } from './va-notify/model.js';
import { buildNotifySandbox, type NotifySandbox } from './va-notify/server.js';

export interface StartSandboxesOptions {
  host?: string;
  notifyPort?: number;
  profilePort?: number;
  aalPort?: number;
  stepDelayMs?: number;
  allowHttpCallbacks?: boolean;
  rateLimitPerMinute?: number;
  messageLimitPerDay?: number;
  faults?: Partial<Faults>;
  /** Service-level delivery-status webhook (our app's callback URL). */
  serviceCallbackUrl?: string | null;
  callbackRetryDelaysMs?: number[];
  duplicateCallbackRate?: number;
  outOfOrderRate?: number;
  profiles?: SandboxProfile[];
}

export interface Sandboxes {
  notifyUrl: string;
  profileUrl: string;
  aalUrl: string;
  notify: NotifySandbox;
  aal: AalSandbox;
  profiles: SandboxProfile[];
  /** Point the service-level delivery-status webhook somewhere (e.g. an app started after the stand-ins). */
  setServiceCallback(url: string | null): void;
  stop(): Promise<void>;
}

export function sandboxService(opts: StartSandboxesOptions): SandboxService {
  return {
    id: SANDBOX_SERVICE_ID,
    name: 'rxbridge (local)',
    active: true,
    rateLimit: opts.rateLimitPerMinute ?? 3000,
    messageLimit: opts.messageLimitPerDay ?? 1_000_000,
    permissions: ['email', 'sms'],
    apiKeys: [{ name: 'rxbridge-local', secret: SANDBOX_KEY_SECRET, keyType: 'normal' }],
    callback: opts.serviceCallbackUrl ? { url: opts.serviceCallbackUrl, bearerToken: SANDBOX_CALLBACK_TOKEN } : null,
  };
}

export async function startSandboxes(opts: StartSandboxesOptions = {}): Promise<Sandboxes> {
  const host = opts.host ?? '127.0.0.1';
  const profile = buildVaProfileSandbox(opts.profiles ?? defaultProfiles());
  const profileUrl = (await profile.app.listen({ host, port: opts.profilePort ?? 0 })).replace('localhost', host);
  const service = sandboxService(opts);
  const notify = buildNotifySandbox({
    services: [service],
    templates: [
      {
        id: RX_SHIPMENT_TEMPLATE_ID,
        serviceId: SANDBOX_SERVICE_ID,
        type: 'email',
        name: 'Rx shipment tracking',
        version: 1,
        communicationItemId: 4,
        subject: 'Your VA prescription has shipped',
        body:
          'Your VA pharmacy shipped ((prescription_count)) prescription(s) on ((shipped_date)) with ((carrier)).\n\n' +
          'Tracking number: ((tracking_number))\n\n((prescription_list))\n\n' +
          'To see your prescriptions and tracking details, sign in to VA.gov and go to Medications.',
      },
      {
        id: SM_NEW_MESSAGE_TEMPLATE_ID,
        serviceId: SANDBOX_SERVICE_ID,
        type: 'email',
        name: 'Secure message received',
        version: 1,
        communicationItemId: null,
        subject: 'You have a new secure message',
        body: 'Your VA health care team sent you a secure message. Sign in to VA.gov to read it.',
      },
    ],
    communicationItems: [{ vaProfileItemId: 4, name: 'Prescription shipment and tracking updates', defaultSendIndicator: true }],
    delivery: {
      vaProfileUrl: profileUrl,
      stepDelayMs: opts.stepDelayMs ?? 300,
      allowHttpCallbacks: opts.allowHttpCallbacks ?? false,
      ...(opts.callbackRetryDelaysMs ? { callbackRetryDelaysMs: opts.callbackRetryDelaysMs } : {}),
      duplicateCallbackRate: opts.duplicateCallbackRate ?? 0,
      outOfOrderRate: opts.outOfOrderRate ?? 0,
    },
    faults: opts.faults,
  });
  const notifyUrl = (await notify.app.listen({ host, port: opts.notifyPort ?? 0 })).replace('localhost', host);
  const aal = buildAalSandbox({ apiKey: SANDBOX_AAL_API_KEY });
  const aalUrl = (await aal.app.listen({ host, port: opts.aalPort ?? 0 })).replace('localhost', host);
  return {
    notifyUrl,
    profileUrl,
    aalUrl,
    notify,
    aal,
    profiles: profile.profiles,
    setServiceCallback(url) {
      service.callback = url ? { url, bearerToken: SANDBOX_CALLBACK_TOKEN } : null;
    },
    async stop() {
      await Promise.all([notify.app.close(), profile.app.close(), aal.app.close()]);
    },
  };
}
