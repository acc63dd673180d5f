/**
 * VA.gov's Medications list sorts and filters with their labels: plain values with no schema
 * library, so the web app can import them without bundling one; src/shared/api/medications.ts
 * re-exports them next to its response schemas.
 */

/** VA.gov's three sorts (query values as VA.gov's URLs use them); the first is the default. */
export const MEDICATION_SORTS = ['alphabetical-status', 'last-fill-date', 'alphabetical-rx-name'] as const;
export type MedicationSort = (typeof MEDICATION_SORTS)[number];
export const SORT_LABELS: Record<MedicationSort, string> = {
  'alphabetical-status': 'Alphabetically by status',
  'last-fill-date': 'Last filled first',
  'alphabetical-rx-name': 'Alphabetically by name',
};

/** VA.gov's list filters (V1). Definitions: src/medications/list-filters.ts. */
export const MEDICATION_FILTERS = ['all', 'active', 'recently-requested', 'renewal', 'non-active'] as const;
export type MedicationFilter = (typeof MEDICATION_FILTERS)[number];
export const FILTER_LABELS: Record<MedicationFilter, { label: string; description: string }> = {
  all: { label: 'All medications', description: '' },
  active: { label: 'Active', description: 'Active prescriptions and non-VA medications' },
  'recently-requested': { label: 'Recently requested', description: 'Refill requests in process or shipped in the last 15 days' },
  renewal: { label: 'Renewal needed before refill', description: 'Prescriptions that need renewal (no refills left or expired in last 120 days)' },
  'non-active': { label: 'Non-active', description: 'Prescriptions that are discontinued, expired, or transferred, or that have an unknown status' },
};
