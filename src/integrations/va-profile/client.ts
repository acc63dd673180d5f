/**
 * VA Profile v3 read (contact information + communication permissions), the call VA Notify makes
 * for `recipient_identifier` sends (reference A10). rxbridge relies on VA Notify for the permission
 * check; this client is for support tooling and tests. Production needs mutual TLS (an undici
 * Agent with the VA client certificate), which is configured outside this class.
 */
export interface VaProfileContact {
  emails: Array<{ emailAddressText: string; createDate: string }>;
  communicationPermissions: Array<{ communicationChannelId: number; communicationItemId: number; allowed: boolean | null }>;
}

export class VaProfileClient {
  constructor(private readonly baseUrl: string, private readonly timeoutMs = 10_000) {}

  /** Returns null when VA Profile has no profile for this id (404). */
  async getContact(vaProfileId: number): Promise<VaProfileContact | null> {
    const subject = encodeURIComponent(`${vaProfileId}^PI^200VETS^USDVA`);
    const res = await fetch(`${this.baseUrl.replace(/\/+$/, '')}/profile-service/profile/v3/2.16.840.1.113883.4.349/${subject}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ bios: [{ bioPath: 'contactInformation' }, { bioPath: 'communicationPermissions' }] }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (res.status === 404) return null;
    if (!res.ok) throw new Error(`VA Profile answered ${res.status}`);
    const { profile } = (await res.json()) as { profile: { contactInformation?: { emails?: VaProfileContact['emails'] }; communicationPermissions?: VaProfileContact['communicationPermissions'] } };
    return { emails: profile.contactInformation?.emails ?? [], communicationPermissions: profile.communicationPermissions ?? [] };
  }

  /** Whether e-mail for communication item `itemId` is allowed, using the item's default when unset. */
  static emailAllowed(contact: VaProfileContact, itemId: number, defaultSend: boolean): boolean {
    const entry = contact.communicationPermissions.find((p) => p.communicationChannelId === 2 && p.communicationItemId === itemId);
    return entry ? entry.allowed ?? defaultSend : defaultSend;
  }
}
