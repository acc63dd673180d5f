/**
 * VA.gov's prescription status vocabulary, shared by the server (API labels, text and PDF exports)
 * and the web app (cards, details, "What does this status mean?"). Browser-safe, no imports but types.
 *
 * Sources (../shared/reference/vagov-behaviour.md Q1): status constants (VW util/constants/status.js),
 * StatusDropdown definitions (VW components/shared/StatusDropdown.jsx), per-status sentences
 * (VW components/shared/ExtraDetails.jsx, V1), pending texts (MedicationsListCard.jsx).
 * The reference quotes some definitions in full and summarises others; summarised ones are written
 * here in VA.gov's plain style and say no more than the reference does.
 */
import type { PrescriptionStatus } from './api/medications.js';

/** The label a Veteran sees. A non-VA medication is "Active: Non-VA" (VA.gov: prescriptionSource NV). */
export function statusLabel(status: PrescriptionStatus, isNonVa: boolean): string {
  if (isNonVa && status === 'active') return 'Active: Non-VA';
  return STATUS_LABELS[status];
}

export const STATUS_LABELS: Record<PrescriptionStatus, string> = {
  active: 'Active',
  active_parked: 'Active: Parked',
  active_on_hold: 'Active: On hold',
  // VistA status; not in VA.gov's V1 label list (the reference has no definition for it).
  active_suspended: 'Active: Suspended',
  active_refill_in_process: 'Active: Refill in process',
  active_submitted: 'Active: Submitted',
  discontinued: 'Discontinued',
  expired: 'Expired',
  transferred: 'Transferred',
  unknown: 'Unknown',
  // V2 mapping inputs 'Pending New Prescription' / 'Pending Renewal' (vets-api v2_status_mapping.rb).
  pending_new: 'Pending new prescription',
  pending_renewal: 'Pending renewal',
};

export interface StatusDefinition {
  paragraphs: string[];
  list?: string[];
  after?: string[];
}

/** "What does this status mean?" — keyed by the label. */
export const STATUS_DEFINITIONS: Record<string, StatusDefinition> = {
  Active: {
    paragraphs: ['This is a current prescription. If you have refills left, you can request a refill now.'],
    after: ['Note: If you have no refills left, you’ll need to request a renewal instead.'],
  },
  'Active: Non-VA': {
    paragraphs: [
      'A VA provider added this medication record in our system. But you didn’t fill this prescription through a VA pharmacy. You can’t request refills or manage this medication through this online tool.',
      'Non-VA medications include these types:',
    ],
    list: [
      'Prescriptions you filled through a non-VA pharmacy',
      'Over-the-counter medications, supplements, and herbal remedies',
      'Sample medications a provider gave you',
      'Other drugs you’re taking that you don’t have a prescription for, including recreational drugs',
    ],
  },
  'Active: Parked': {
    paragraphs: [
      'Your VA provider prescribed this medication or supply to you. But we won’t send any shipments until you request to fill or refill it.',
      'We may use this status for either of these reasons:',
    ],
    list: ['Your provider isn’t sure when you’ll need it', 'You told us you already have too much of it'],
    after: ['If you need this prescription now, you can request it.'],
  },
  'Active: On hold': {
    paragraphs: [
      'We put a hold on this prescription. You can’t request a refill until we remove the hold.',
      'We may put a hold on a prescription for either of these reasons:',
    ],
    list: ['You have too much of this medication', 'There’s a problem with this prescription'],
    after: ['If you have questions, call your VA pharmacy.'],
  },
  'Active: Suspended': {
    // Not in the reference: rxbridge's own wording for VistA's suspended (scheduled) fills.
    paragraphs: ['We’ll fill this prescription on its scheduled date. You don’t need to request a refill.'],
  },
  'Active: Refill in process': {
    paragraphs: ['We’re processing a fill or refill request for this prescription. We’ll update the status here when we ship your prescription.'],
  },
  'Active: Submitted': {
    paragraphs: [
      'We got your request to fill or refill this prescription. We haven’t shipped it yet.',
      'If we don’t update the status within 3 days after your request, call your VA pharmacy.',
    ],
  },
  Discontinued: {
    paragraphs: ['You can’t refill this prescription. We may use this status for either of these reasons:'],
    list: ['Your provider stopped prescribing it to you', 'Your provider prescribed a new prescription for the same medication'],
    after: ['If you have questions, send a message to your care team.'],
  },
  Expired: {
    paragraphs: [
      'This prescription is too old to refill.',
      'An expired prescription doesn’t mean the medication itself is expired. Check the expiration date on your prescription label.',
      'If you need more of this prescription, request a renewal.',
    ],
  },
  Transferred: { paragraphs: ['We moved this prescription to our My VA Health portal.'] },
  Unknown: {
    paragraphs: [
      'There’s a problem with our system. You can’t manage this prescription online right now.',
      'If you need this prescription now, call your VA pharmacy.',
    ],
  },
  'Pending new prescription': {
    paragraphs: ['This is a new prescription from your provider. Your VA pharmacy is reviewing it now. Details may change.'],
  },
  'Pending renewal': {
    paragraphs: ['This is a renewal you requested. Your VA pharmacy is reviewing it now. Details may change.'],
  },
};

export function statusDefinition(label: string): StatusDefinition {
  return STATUS_DEFINITIONS[label] ?? STATUS_DEFINITIONS.Unknown!;
}

export interface StatusSentenceInput {
  status: PrescriptionStatus;
  isNonVa: boolean;
  refillsRemaining: number;
  /** The renewal link is shown for this prescription (eligible, in scope, flag on). */
  renewalLinkShown: boolean;
  /** Long date of the latest submitted refill request, if any. */
  refillSubmittedOn: string | null;
}

export interface StatusSentence {
  text: string;
  /** Follow with "Call your VA pharmacy <phone>". */
  callPharmacy: boolean;
}

const CONTACT_PROVIDER = 'You can’t refill this prescription. Contact your VA provider if you need more of this medication.';

/**
 * The sentence below the status on the card and details page (VA.gov ExtraDetails, V1), or null
 * where VA.gov shows an action instead (refill button, renewal link).
 */
export function statusSentence(rx: StatusSentenceInput): StatusSentence | null {
  if (rx.isNonVa) return { text: 'You can’t manage this medication in this online tool.', callPharmacy: false };
  switch (rx.status) {
    case 'unknown':
      return { text: 'We’re sorry. There’s a problem with our system. You can’t manage this prescription online right now.', callPharmacy: true };
    case 'active_refill_in_process':
      // VA.gov names the expected fill date (refillDate); rxbridge has no such date, so it leaves it out.
      return rx.renewalLinkShown ? null : { text: 'We’re processing your refill request. If you need it sooner,', callPharmacy: true };
    case 'active_submitted':
      return rx.renewalLinkShown
        ? null
        : {
            text: rx.refillSubmittedOn
              ? `We got your request on ${rx.refillSubmittedOn}. Check back for updates.`
              : 'We got your request. Check back for updates.',
            callPharmacy: false,
          };
    case 'active_parked':
      return { text: 'You can request this prescription when you need it.', callPharmacy: false };
    case 'expired':
      return rx.renewalLinkShown ? null : { text: CONTACT_PROVIDER, callPharmacy: false };
    case 'discontinued':
      return { text: CONTACT_PROVIDER, callPharmacy: false };
    case 'transferred':
      return { text: 'To manage this prescription, go to our My VA Health portal.', callPharmacy: false };
    case 'active_on_hold':
      return { text: CONTACT_PROVIDER, callPharmacy: true };
    case 'active_suspended':
      return { text: 'We’ll fill this prescription on its scheduled date. You don’t need to request a refill.', callPharmacy: false };
    case 'pending_new':
      return { text: STATUS_DEFINITIONS['Pending new prescription']!.paragraphs[0]!, callPharmacy: false };
    case 'pending_renewal':
      return { text: STATUS_DEFINITIONS['Pending renewal']!.paragraphs[0]!, callPharmacy: false };
    case 'active':
      if (rx.refillsRemaining === 0) return rx.renewalLinkShown ? null : { text: CONTACT_PROVIDER, callPharmacy: false };
      return null;
  }
}
