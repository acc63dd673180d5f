/**
 * What VA Notify does after the 201 for a `recipient_identifier` send (A10): identifier → VA
 * Profile id through MPI (simplified here: the VA Profile stand-in's `GET /mpi/v1/{id_type}/{id_value}`),
 * then the VA Profile v3 read of contact information and communication permissions, then the
 * permission check for the template's communication item. Each way of failing maps to the
 * permanent-failure status_reason VA Notify uses. VA Profile/MPI 429, 5xx and timeouts are retried
 * the way VA Notify retries them (A10: up to 2886 times, backoff capped at 60 s — about two days),
 * with the clock compressed by `timeScale` for tests and proofs; only then UNDELIVERABLE. So load
 * alone never turns into a permanent-failure.
 */
import { request, type StandInResponse } from '../http-client.js';
import { STATUS_REASON, type CommunicationItem, type SandboxTemplate } from './model.js';

export type LookupResult = { to: string } | { reason: string };

export interface LookupOptions {
  vaProfileUrl: string | null;
  /** VA Notify: 2886 (A10). */
  retries: number;
  /** First retry delay in VA Notify's time; doubles, capped at 60 s (A10). */
  retryDelayMs: number;
  timeoutMs: number;
  /** Compress VA Notify's retry horizon: waits are multiplied by this (1 = real time). */
  timeScale?: number;
}

/** VA Notify's lookup retry schedule (A10), in its own time: base × 2^attempt, capped at 60 s. */
export function lookupRetryDelayMs(attempt: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.min(attempt, 20), 60_000);
}

interface ProfileBody {
  profile: {
    contactInformation?: {
      emails?: Array<{ emailAddressText: string; createDate: string }>;
      telephones?: Array<{
        phoneType: string;
        countryCode: string;
        areaCode: string;
        phoneNumber: string;
        createDate: string;
        classification?: { classificationCode: number };
      }>;
    };
    communicationPermissions?: Array<{ communicationChannelId: number; communicationItemId: number; allowed: boolean | null }>;
  };
}

class Retryable extends Error {}
const EMAIL_CHANNEL = 2;
const TEXT_CHANNEL = 1;
/** Phone classifications VA Notify will text: 0 MOBILE, 2 VOIP, 5 PREPAID (A10). */
const TEXTABLE = [0, 2, 5];

async function call(url: string, init: { method?: 'POST'; headers?: Record<string, string>; body?: string }, timeoutMs: number): Promise<StandInResponse> {
  let res: StandInResponse;
  try {
    res = await request(url, { ...init, timeoutMs });
  } catch {
    throw new Retryable('unreachable');
  }
  if (res.status === 429 || res.status >= 500) throw new Retryable(String(res.status));
  return res;
}

/** The body arrives within the request's timeout; one that is not JSON is as retryable as no answer. */
function json<T>(res: StandInResponse): T {
  try {
    return JSON.parse(res.text) as T;
  } catch {
    throw new Retryable('body unreadable');
  }
}

async function lookupOnce(
  type: 'email' | 'sms',
  ri: { id_type: string; id_value: string },
  template: SandboxTemplate,
  items: CommunicationItem[],
  o: LookupOptions & { vaProfileUrl: string },
): Promise<LookupResult> {
  let vaProfileId = ri.id_value;
  if (ri.id_type !== 'VAPROFILEID') {
    const res = await call(`${o.vaProfileUrl}/mpi/v1/${encodeURIComponent(ri.id_type)}/${encodeURIComponent(ri.id_value)}`, {}, o.timeoutMs);
    if (res.status === 404) return { reason: STATUS_REASON.NO_ID_FOUND };
    if (!res.ok) return { reason: STATUS_REASON.NO_PROFILE };
    const body = json<{ vaProfileId?: number | null; deceased?: boolean }>(res);
    if (body.deceased) return { reason: STATUS_REASON.DECEASED };
    if (!body.vaProfileId) return { reason: STATUS_REASON.NO_PROFILE };
    vaProfileId = String(body.vaProfileId);
  }
  const res = await call(
    `${o.vaProfileUrl}/profile-service/profile/v3/2.16.840.1.113883.4.349/${encodeURIComponent(`${vaProfileId}^PI^200VETS^USDVA`)}`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ bios: [{ bioPath: 'contactInformation' }, { bioPath: 'communicationPermissions' }] }),
    },
    o.timeoutMs,
  );
  if (res.status === 404) return { reason: STATUS_REASON.NO_PROFILE };
  if (!res.ok) return { reason: STATUS_REASON.NO_PROFILE };
  const { profile } = json<ProfileBody>(res);
  const newestFirst = <T extends { createDate: string }>(xs: T[]) => [...xs].sort((a, b) => b.createDate.localeCompare(a.createDate));
  let to: string | undefined;
  if (type === 'email') {
    to = newestFirst(profile.contactInformation?.emails ?? [])[0]?.emailAddressText;
  } else {
    const phone = newestFirst(profile.contactInformation?.telephones ?? []).find(
      (t) => t.phoneType === 'MOBILE' && (t.classification === undefined || TEXTABLE.includes(t.classification.classificationCode)),
    );
    if (phone) to = `+${phone.countryCode}${phone.areaCode}${phone.phoneNumber}`;
  }
  if (!to) return { reason: STATUS_REASON.NO_CONTACT };
  if (template.communicationItemId) {
    const item = items.find((i) => i.vaProfileItemId === template.communicationItemId);
    const defaultSend = item?.defaultSendIndicator ?? true;
    const channel = type === 'email' ? EMAIL_CHANNEL : TEXT_CHANNEL;
    const entry = profile.communicationPermissions?.find((p) => p.communicationChannelId === channel && p.communicationItemId === template.communicationItemId);
    const allowed = entry ? (entry.allowed ?? defaultSend) : defaultSend;
    if (!allowed) return { reason: STATUS_REASON.DECLINED };
  }
  return { to };
}

export async function lookUpRecipient(
  type: 'email' | 'sms',
  ri: { id_type: string; id_value: string },
  template: SandboxTemplate,
  items: CommunicationItem[],
  o: LookupOptions,
): Promise<LookupResult> {
  if (!o.vaProfileUrl) return { reason: STATUS_REASON.NO_PROFILE };
  for (let attempt = 0; ; attempt++) {
    try {
      return await lookupOnce(type, ri, template, items, { ...o, vaProfileUrl: o.vaProfileUrl });
    } catch (err) {
      if (!(err instanceof Retryable) || attempt >= o.retries) return { reason: STATUS_REASON.UNDELIVERABLE };
      await new Promise((r) => setTimeout(r, Math.max(1, lookupRetryDelayMs(attempt, o.retryDelayMs) * (o.timeScale ?? 1))));
    }
  }
}
