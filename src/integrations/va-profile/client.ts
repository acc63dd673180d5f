/**
 * VA Profile v3 read (contact information + communication permissions), the call VA Notify makes
 * for `recipient_identifier` sends (reference A10):
 *   POST {base}/profile-service/profile/v3/2.16.840.1.113883.4.349/{vaProfileId}^PI^200VETS^USDVA
 *   body {"bios":[{"bioPath":"contactInformation"},{"bioPath":"communicationPermissions"}]}
 * rxbridge leaves the permission check to VA Notify (it sends by ICN); this client is for support
 * tooling and tests, and applies the same rules so both can be compared. Production needs mutual
 * TLS (an undici Agent with the VA client certificate), configured outside this class.
 */
import { ExternalApiError } from '../../platform/external-api-error.js';
export interface VaProfileEmail {
  emailAddressText: string;
  createDate: string;
}

export interface VaProfileTelephone {
  phoneType: string;
  countryCode: string;
  areaCode: string;
  phoneNumber: string;
  createDate: string;
  classification?: { classificationCode: number };
}

export interface VaProfilePermission {
  communicationChannelId: number;
  communicationItemId: number;
  allowed: boolean | null;
}

export interface VaProfileContact {
  emails: VaProfileEmail[];
  telephones: VaProfileTelephone[];
  communicationPermissions: VaProfilePermission[];
}

/** Communication channels in VA Profile. */
export const CHANNEL = { TEXT: 1, EMAIL: 2 } as const;

/** A failed VA Profile call; `retryable` for 429, 5xx, timeouts and network errors (A10). */
export class VaProfileApiError extends ExternalApiError {
  override name = 'VaProfileApiError';
  readonly service = 'VA Profile';
}

export class VaProfileClient {
  private readonly base: string;

  constructor(
    baseUrl: string,
    private readonly timeoutMs = 10_000,
  ) {
    this.base = baseUrl.replace(/\/+$/, '');
  }

  /** Null when VA Profile has no profile for this id (404). */
  async getContact(vaProfileId: number | string): Promise<VaProfileContact | null> {
    const subject = encodeURIComponent(`${vaProfileId}^PI^200VETS^USDVA`);
    let res: Response;
    try {
      res = await fetch(`${this.base}/profile-service/profile/v3/2.16.840.1.113883.4.349/${subject}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ bios: [{ bioPath: 'contactInformation' }, { bioPath: 'communicationPermissions' }] }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new VaProfileApiError(0, `VA Profile unreachable: ${(err as Error).name}`, true);
    }
    if (res.status === 404) return null;
    if (!res.ok) throw new VaProfileApiError(res.status, `VA Profile answered ${res.status}`, res.status === 429 || res.status >= 500);
    const { profile } = (await res.json()) as {
      profile: { contactInformation?: { emails?: VaProfileEmail[]; telephones?: VaProfileTelephone[] }; communicationPermissions?: VaProfilePermission[] };
    };
    return {
      emails: profile.contactInformation?.emails ?? [],
      telephones: profile.contactInformation?.telephones ?? [],
      communicationPermissions: profile.communicationPermissions ?? [],
    };
  }

  /** The address VA Notify would use: the most recent `createDate` (A10). */
  static preferredEmail(contact: VaProfileContact): string | null {
    return [...contact.emails].sort((a, b) => b.createDate.localeCompare(a.createDate))[0]?.emailAddressText ?? null;
  }

  /**
   * Whether `channel` is allowed for communication item `itemId`: the entry's `allowed`, or the
   * item's default_send_indicator when the entry is missing or `allowed` is null (A10 step 4).
   */
  static allowed(contact: VaProfileContact, itemId: number, defaultSend: boolean, channel: number = CHANNEL.EMAIL): boolean {
    const entry = contact.communicationPermissions.find((p) => p.communicationChannelId === channel && p.communicationItemId === itemId);
    return entry ? (entry.allowed ?? defaultSend) : defaultSend;
  }

  /** E-mail permission (kept for callers of the first version). */
  static emailAllowed(contact: VaProfileContact, itemId: number, defaultSend: boolean): boolean {
    return VaProfileClient.allowed(contact, itemId, defaultSend, CHANNEL.EMAIL);
  }
}
