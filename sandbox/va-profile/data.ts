/**
 * VA Profile stand-in data (edit freely for demos): contact information and communication
 * permissions per Veteran, built from the demo Veterans (src/shared/local-defaults.ts) so the local
 * system and the stand-in agree on ICNs and VA Profile ids.
 *   Alex   – opted IN to item 4 ("Prescription shipment and tracking updates") by e-mail
 *   Jordan – opted OUT of item 4 e-mail → VA Notify ends such sends permanent-failure DECLINED
 *   Casey  – permission left unset (allowed null) → the item's default_send_indicator (true) applies
 * Synthetic recipients below force VA Notify research-mode outcomes and lookup failures for tests.
 */
import { DEMO_PATIENTS } from '../../src/shared/local-defaults.js';

export interface SandboxProfile {
  vaProfileId: number;
  icn: string;
  edipi?: string;
  participantId?: string;
  birlsId?: string;
  deceased?: boolean;
  emails: Array<{ emailAddressText: string; createDate: string }>;
  telephones: Array<{
    phoneType: 'MOBILE' | 'HOME' | 'WORK' | 'FAX' | 'TEMPORARY';
    countryCode: string;
    areaCode: string;
    phoneNumber: string;
    createDate: string;
    classification?: { classificationCode: number };
  }>;
  communicationPermissions: Array<{ communicationChannelId: 1 | 2; communicationItemId: number; allowed: boolean | null }>;
}

/** Communication channels (VA Profile): 1 = Text, 2 = Email. Item 4 = Rx shipment and tracking updates. */
const EMAIL = 2 as const;
const RX_TRACKING = 4;

export function defaultProfiles(): SandboxProfile[] {
  const demo = DEMO_PATIENTS.map((p): SandboxProfile => ({
    vaProfileId: p.va_profile_id,
    icn: p.icn,
    emails: [
      // An older address first: VA Notify must pick the most recent createDate.
      { emailAddressText: `old.${p.email}`, createDate: '2019-03-01T00:00:00Z' },
      { emailAddressText: p.email, createDate: '2025-01-10T00:00:00Z' },
    ],
    telephones: [],
    communicationPermissions: [
      { communicationChannelId: EMAIL, communicationItemId: RX_TRACKING, allowed: p.key === 'jordan' ? false : p.key === 'casey' ? null : true },
    ],
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
    synthetic(9001, '1000000001V000001', 'perm-fail@simulator.notify'), // hard bounce
    synthetic(9002, '1000000002V000002', 'temp-fail@simulator.notify'), // soft bounce
    synthetic(9003, '1000000003V000003', null), // no e-mail on file → NO_CONTACT
    synthetic(9004, '1000000004V000004', 'delivered@simulator.notify', { deceased: true }), // → DECEASED
    synthetic(9005, '1000000005V000005', 'delivered@simulator.notify', {
      // Research-mode delivery, text number too, and an EDIPI for identifier-type tests.
      edipi: '1234567890',
      telephones: [
        {
          phoneType: 'MOBILE',
          countryCode: '1',
          areaCode: '770',
          phoneNumber: '0900001',
          createDate: '2025-02-01T00:00:00Z',
          classification: { classificationCode: 0 },
        },
      ],
    }),
  ];
}
