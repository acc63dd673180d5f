/** Secure Messaging response shapes: the server's zod schemas (src/shared/api/messaging.ts), as types only. */
import type { CareTeams } from '../../../src/shared/api/messaging';

export type {
  BlockedAlert,
  Categories,
  CareTeamInbox,
  CareTeams,
  CategoryValue,
  Draft,
  FolderMessage,
  PrefillState,
  RenewalContext,
  Signature,
  TeamOption,
  Thread,
} from '../../../src/shared/api/messaging';

/** A facility as the messaging answers carry it. */
export type Facility = NonNullable<CareTeams['prescriptionFacility']>;
