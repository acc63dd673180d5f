/**
 * Terminology (Secure Messaging)
 *  - Care team (VA.gov: "triage group"): a group of clinicians at one facility (station) that
 *    receives messages. A Veteran may message only the teams they are associated with; an
 *    association can be blocked (history stays, no new messages) and one may be preferred.
 *  - Thread (conversation): one Veteran and one care team; it has a subject and a category.
 *  - Message: one entry in a thread, from the Veteran or from a clinician of the team.
 *  - Draft: a Veteran's unsent message, autosaved server-side; deleted when sent.
 *  - Folders: Inbox (from the care team), Sent (from the Veteran), Drafts — derived, not stored.
 *  - Category: VA.gov's closed list (OTHER = General, MEDICATIONS, ...). Renewal requests are
 *    MEDICATIONS with the prescription id recorded on the thread (the renewal flag).
 *
 * This module holds the limits and vocabularies shared by schemas, prefill and UI (pure).
 */

/** VA.gov's compose form caps the subject at 50 characters (vets-website ComposeForm maxlength). */
export const SUBJECT_MAX_LENGTH = 50;
/**
 * Message body limit. VA.gov's public compose form sets no maxlength we could find; 2,000 is this
 * product's assumption (see the report) and the database enforces the same number.
 */
export const BODY_MAX_LENGTH = 2000;

export const CATEGORIES = [
  { value: 'OTHER', label: 'General' },
  { value: 'COVID', label: 'COVID' },
  { value: 'APPOINTMENTS', label: 'Appointments' },
  { value: 'MEDICATIONS', label: 'Medications' },
  { value: 'TEST_RESULTS', label: 'Test results' },
  { value: 'EDUCATION', label: 'Education' },
] as const;
export type CategoryValue = (typeof CATEGORIES)[number]['value'];
export const CATEGORY_VALUES = CATEGORIES.map((c) => c.value) as [CategoryValue, ...CategoryValue[]];

export const categoryLabel = (value: CategoryValue): string => CATEGORIES.find((c) => c.value === value)?.label ?? value;

/** Error detail reasons the UI turns into guidance (HTTP 409, code `conflict`). */
export const SEND_CONFLICT_REASONS = {
  CARE_TEAM_BLOCKED: 'You can’t send messages to this care team. Choose a different care team, or call your VA facility.',
  CARE_TEAM_INACTIVE: 'This care team is no longer available. Choose a different care team. Your draft is saved.',
  NOT_IN_CONTACT_LIST: 'This care team isn’t in your contact list. Add it to your contact list, or choose a different care team. Your draft is saved.',
} as const;
export type SendConflictReason = keyof typeof SEND_CONFLICT_REASONS;
