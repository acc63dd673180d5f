import type { Generated } from 'kysely';
import type { CategoryValue } from '../shared/message-rules.js';

export interface CareTeamsTable {
  id: Generated<string>;
  station_number: string;
  name: string;
  is_active: Generated<boolean>;
  /** Every new message to this team needs an electronic signature (full name + certification). */
  signature_required: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface CareTeamMembersTable {
  care_team_id: string;
  clinician_id: string;
}

export interface PatientCareTeamsTable {
  patient_id: string;
  care_team_id: string;
  blocked: Generated<boolean>;
  preferred: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface MessageFoldersTable {
  id: number;
  key: 'inbox' | 'sent' | 'drafts';
  name: string;
}

export interface MessageCategoriesTable {
  value: CategoryValue;
  label: string;
  sort_order: number;
}

export interface MessageThreadsTable {
  id: Generated<string>;
  patient_id: string;
  care_team_id: string;
  category: CategoryValue;
  subject: string;
  renewal_prescription_id: string | null;
  created_at: Generated<Date>;
  last_message_at: Generated<Date>;
}

export interface MessagesTable {
  id: Generated<string>;
  thread_id: string;
  sender_type: 'veteran' | 'clinician';
  sender_clinician_id: string | null;
  body: string;
  sent_at: Generated<Date>;
  /** Insertion order: breaks ties between messages with the same sent_at (migration 0013). */
  seq: Generated<number>;
  read_at: Date | null;
  notification_id: string | null;
  notified_at: Date | null;
}

export interface MessageDraftsTable {
  id: Generated<string>;
  patient_id: string;
  care_team_id: string | null;
  category: CategoryValue | null;
  subject: Generated<string>;
  body: Generated<string>;
  renewal_prescription_id: string | null;
  /** Renewal drafts: 'loaded' (prefilled values) or 'unavailable' (labels only; the prescription could not be loaded). */
  prefill_state: 'loaded' | 'unavailable' | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface MessagingSignaturesTable {
  patient_id: string;
  signature_name: string;
  signature_title: string;
  include_signature: boolean;
  updated_at: Generated<Date>;
}

export interface MessageSendKeysTable {
  id: Generated<string>;
  scope: string;
  idempotency_key: string;
  request_hash: string;
  draft_id: string | null;
  thread_id: string | null;
  message_id: string | null;
  created_at: Generated<Date>;
}

export interface MessagingTables {
  care_teams: CareTeamsTable;
  care_team_members: CareTeamMembersTable;
  patient_care_teams: PatientCareTeamsTable;
  message_folders: MessageFoldersTable;
  message_categories: MessageCategoriesTable;
  message_threads: MessageThreadsTable;
  messages: MessagesTable;
  message_drafts: MessageDraftsTable;
  messaging_signatures: MessagingSignaturesTable;
  message_send_keys: MessageSendKeysTable;
}

declare module '../platform/db/database.js' {
  interface Database extends MessagingTables {}
}
