/**
 * Response shapes used by the web app: the server's own zod schemas (src/shared/api), as types
 * only. `import type` is erased by the build, so no schema code reaches the bundle, and a change
 * on the server breaks the web build instead of drifting silently.
 */
import type { MedicationList } from '../../../src/shared/api/medications';

export type { Role, SessionInfo } from '../../../src/shared/api/session';
export type { Medication, MedicationDetail, MedicationList, RefillResult } from '../../../src/shared/api/medications';

/** The staged-rollout fields every Medications answer carries (flag rx_renewal_sm_link). */
export type RenewalLinkRollout = Pick<MedicationList, 'renewalLinkEnabled' | 'rolloutVariant'>;
export type { ExportDocument, RefillableList } from '../../../src/shared/api/medications';
