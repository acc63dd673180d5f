/**
 * What happens after the 201: recipient lookup in VA Profile (for recipient_identifier sends),
 * the communication-permission check (A10), then created → sending → delivered /
 * temporary-failure / permanent-failure, with research-mode addresses forcing outcomes (A12).
 * Every status change queues callbacks (A9): notification-level with x-enp-signature when the
 * notification has a callback_url, else the service-level bearer webhook for completed statuses.
 */
import { callbackSignature } from '../../src/integrations/va-notify/callback-verification.js';
import { COMPLETED_STATUSES, STATUS_REASON, vaTime, type CommunicationItem, type SandboxService, type SandboxTemplate, type StoredNotification } from './model.js';

export interface DeliveryOptions {
  vaProfileUrl: string | null;
  stepDelayMs: number;
  allowHttpCallbacks: boolean;
  /** Delays between callback attempts (ms); length = max retries. */
  callbackRetryDelaysMs: number[];
  duplicateCallbackRate: number;
  outOfOrderRate: number;
  random: () => number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Lookup = { email: string } | { status: 'permanent-failure'; reason: string };

async function lookUpRecipient(n: StoredNotification, template: SandboxTemplate, items: CommunicationItem[], o: DeliveryOptions): Promise<Lookup> {
  if (!o.vaProfileUrl) return { status: 'permanent-failure', reason: STATUS_REASON.NO_PROFILE };
  const ri = n.recipientIdentifier!;
  let vaProfileId = ri.id_value;
  if (ri.id_type !== 'VAPROFILEID') {
    const res = await fetch(`${o.vaProfileUrl}/mpi/v1/${encodeURIComponent(ri.id_type)}/${encodeURIComponent(ri.id_value)}`);
    if (res.status === 404) return { status: 'permanent-failure', reason: STATUS_REASON.NO_ID_FOUND };
    const body = (await res.json()) as { vaProfileId?: number; deceased?: boolean };
    if (body.deceased) return { status: 'permanent-failure', reason: STATUS_REASON.DECEASED };
    if (!body.vaProfileId) return { status: 'permanent-failure', reason: STATUS_REASON.NO_PROFILE };
    vaProfileId = String(body.vaProfileId);
  }
  const res = await fetch(`${o.vaProfileUrl}/profile-service/profile/v3/2.16.840.1.113883.4.349/${encodeURIComponent(`${vaProfileId}^PI^200VETS^USDVA`)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ bios: [{ bioPath: 'contactInformation' }, { bioPath: 'communicationPermissions' }] }),
  });
  if (res.status === 404) return { status: 'permanent-failure', reason: STATUS_REASON.NO_PROFILE };
  const { profile } = (await res.json()) as {
    profile: { contactInformation?: { emails?: Array<{ emailAddressText: string; createDate: string }> }; communicationPermissions?: Array<{ communicationChannelId: number; communicationItemId: number; allowed: boolean | null }> };
  };
  const emails = [...(profile.contactInformation?.emails ?? [])].sort((a, b) => b.createDate.localeCompare(a.createDate));
  if (!emails[0]) return { status: 'permanent-failure', reason: STATUS_REASON.NO_CONTACT };
  if (template.communicationItemId) {
    const item = items.find((i) => i.vaProfileItemId === template.communicationItemId);
    const entry = profile.communicationPermissions?.find((p) => p.communicationChannelId === 2 && p.communicationItemId === template.communicationItemId);
    const allowed = entry ? entry.allowed ?? item?.defaultSendIndicator ?? true : item?.defaultSendIndicator ?? true;
    if (!allowed) return { status: 'permanent-failure', reason: STATUS_REASON.DECLINED };
  }
  return { email: emails[0].emailAddressText };
}

function outcomeFor(to: string): { status: string; reason: string | null } {
  const addr = to.toLowerCase();
  if (addr === 'perm-fail@simulator.notify') return { status: 'permanent-failure', reason: STATUS_REASON.UNDELIVERABLE };
  if (addr === 'temp-fail@simulator.notify') return { status: 'temporary-failure', reason: STATUS_REASON.RETRYABLE };
  return { status: 'delivered', reason: null };
}

export function callbackPayload(n: StoredNotification, withProviderPayload: boolean): Record<string, unknown> {
  const p: Record<string, unknown> = {
    id: n.id,
    reference: n.reference,
    to: n.to,
    status: n.status,
    created_at: vaTime(n.createdAt),
    completed_at: vaTime(n.completedAt),
    sent_at: vaTime(n.sentAt),
    notification_type: n.type,
    status_reason: n.statusReason,
    provider: n.sentAt ? 'ses' : null,
  };
  if (withProviderPayload) p.provider_payload = null;
  return p;
}

export class Delivery {
  constructor(
    private readonly o: DeliveryOptions,
    private readonly services: () => SandboxService[],
  ) {}

  /** Runs the whole life of one notification in the background. */
  async run(n: StoredNotification, template: SandboxTemplate, items: CommunicationItem[], testKey = false): Promise<void> {
    await sleep(this.o.stepDelayMs);
    if (testKey) {
      // Test keys: nothing is looked up or sent, everything comes back delivered (A12).
      await this.update(n, 'sending', null);
      return this.update(n, 'delivered', null);
    }
    if (!n.to && n.recipientIdentifier) {
      let found: Lookup;
      try {
        found = await lookUpRecipient(n, template, items, this.o);
      } catch {
        found = { status: 'permanent-failure', reason: STATUS_REASON.UNDELIVERABLE };
      }
      if ('status' in found) return this.update(n, found.status, found.reason);
      n.to = found.email;
    }
    await this.update(n, 'sending', null);
    await sleep(this.o.stepDelayMs);
    const out = outcomeFor(n.to ?? '');
    await this.update(n, out.status, out.reason);
  }

  private async update(n: StoredNotification, status: string, reason: string | null): Promise<void> {
    const now = new Date();
    n.status = status;
    n.statusReason = reason;
    n.updatedAt = now;
    if (status === 'sending') n.sentAt = now;
    if (COMPLETED_STATUSES.includes(status)) n.completedAt = now;
    this.queueCallbacks(n);
  }

  private queueCallbacks(n: StoredNotification): void {
    const service = this.services().find((s) => s.id === n.serviceId);
    let target: { url: string; headers: Record<string, string>; body: string; serviceLevel: boolean } | null = null;
    if (n.callbackUrl) {
      const payload = callbackPayload(n, true);
      target = { url: n.callbackUrl, headers: { 'x-enp-signature': callbackSignature(payload, n.keySecret) }, body: JSON.stringify(payload), serviceLevel: false };
    } else if (service?.callback && (service.callback.statuses ?? COMPLETED_STATUSES).includes(n.status)) {
      const payload = callbackPayload(n, false);
      target = { url: service.callback.url, headers: { authorization: `Bearer ${service.callback.bearerToken}` }, body: JSON.stringify(payload), serviceLevel: true };
    }
    if (!target) return;
    if (!this.o.allowHttpCallbacks && !target.url.startsWith('https')) return;
    const record = { status: n.status, attempts: 0, delivered: false };
    n.callbacks.push(record);
    const copies = this.o.random() < this.o.duplicateCallbackRate ? 2 : 1;
    const delay = this.o.random() < this.o.outOfOrderRate && !COMPLETED_STATUSES.includes(n.status) ? this.o.stepDelayMs * 3 + 50 : 0;
    for (let i = 0; i < copies; i++) void sleep(delay).then(() => this.deliver(target!, record));
  }

  private async deliver(t: { url: string; headers: Record<string, string>; body: string; serviceLevel: boolean }, record: { attempts: number; delivered: boolean }): Promise<void> {
    for (let attempt = 0; attempt <= this.o.callbackRetryDelaysMs.length; attempt++) {
      record.attempts += 1;
      let status = 0;
      try {
        const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', ...t.headers }, body: t.body, signal: AbortSignal.timeout(5000) });
        status = res.status;
        await res.arrayBuffer().catch(() => undefined);
      } catch {
        status = 0;
      }
      if (status >= 200 && status < 300) {
        record.delivered = true;
        return;
      }
      // Notification-level: retry on timeout, 429 and 5xx. Service-level: on connection errors and >= 500 only (A9).
      const retry = status === 0 || status >= 500 || (!t.serviceLevel && status === 429);
      if (!retry) return;
      const wait = this.o.callbackRetryDelaysMs[attempt];
      if (wait === undefined) return;
      await sleep(wait);
    }
  }
}
