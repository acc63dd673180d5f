/**
 * VA Profile stand-in data: contact information and communication permissions per Veteran, built
 * from the demo Veterans so the local system and the stand-in agree. Edit freely for demos.
 * Jordan has opted OUT of "Prescription shipment and tracking updates" e-mail (item 4), so the
 * DECLINED path can be seen; the synthetic profiles force VA Notify research-mode outcomes.
 */
import { DEMO_PATIENTS } from '../../src/seed/demo-identity.js';

export interface SandboxProfile {
  vaProfileId: number;
  icn: string;
  deceased?: boolean;
  emails: Array<{ emailAddressText: string; createDate: string }>;
  telephones: Array<{ phoneType: string; countryCode: string; areaCode: string; phoneNumber: string; createDate: string }>;
  communicationPermissions: Array<{ communicationChannelId: 1 | 2; communicationItemId: number; allowed: boolean | null }>;
}

export function defaultProfiles(): SandboxProfile[] {
  const demo = DEMO_PATIENTS.map((p): SandboxProfile => ({
    vaProfileId: p.va_profile_id,
    icn: p.icn,
    emails: [{ emailAddressText: p.email, createDate: '2025-01-10T00:00:00Z' }],
    telephones: [],
    communicationPermissions: [{ communicationChannelId: 2, communicationItemId: 4, allowed: p.key !== 'jordan' }],
  }));
  const synthetic = (vaProfileId: number, icn: string, email: string | null, extra: Partial<SandboxProfile> = {}): SandboxProfile => ({
    vaProfileId,
    icn,
    emails: email ? [{ emailAddressText: email, createDate: '2025-02-01T00:00:00Z' }] : [],
    telephones: [],
    communicationPermissions: [],
    ...extra,
  });
  return [
    ...demo,
    synthetic(9001, '1000000001V000001', 'perm-fail@simulator.notify'),
    synthetic(9002, '1000000002V000002', 'temp-fail@simulator.notify'),
    synthetic(9003, '1000000003V000003', null),
    synthetic(9004, '1000000004V000004', 'delivered@simulator.notify', { deceased: true }),
  ];
}
