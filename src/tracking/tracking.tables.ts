import type { ColumnType, Generated } from 'kysely';
import type { EmailStatus } from './shipments/email-status.js';

type Numeric = ColumnType<string | null, number | string | null, number | string | null>;
type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type EmailSender = 'mhv_legacy' | 'va_notify';
export type MessageStatus = 'received' | 'accepted' | 'rejected' | 'duplicate';
export type MessageSource = 'mllp' | 'http' | 'cli' | 'fhir' | 'event_bus' | 'replay';

export interface DispenseMessagesTable {
  id: Generated<number>;
  received_at: Generated<Date>;
  source: MessageSource;
  format: 'hl7v2' | 'fhir';
  control_id: string | null;
  sending_facility: string | null;
  content_sha256: Buffer;
  raw: Buffer;
  status: Generated<MessageStatus>;
  error_code: string | null;
  error_message: string | null;
  /** Where in the message the error is (HL7 "RXD-3", FHIR path), named in the AE. */
  error_location: Generated<string | null>;
  /** The parser's non-fatal findings (JSON array of strings; never values, only field names). */
  warnings: ColumnType<string[], string | undefined, string>;
  events_count: Generated<number>;
  duplicate_count: Generated<number>;
  replay_count: Generated<number>;
  processed_at: TsNull;
}

export interface StationEmailSendersTable {
  station_number: string;
  sender: EmailSender;
  changed_by: string;
  changed_at: Generated<Date>;
}

export interface StationEmailSenderHistoryTable {
  id: Generated<number>;
  station_number: string;
  sender: EmailSender;
  changed_by: string;
  changed_at: Generated<Date>;
}

export interface ShipmentsTable {
  id: Generated<string>;
  patient_icn: string;
  tracking_number: string;
  carrier: string | null;
  station_number: string;
  shipped_at: TsNull;
  email_sender: EmailSender;
  created_at: Generated<Date>;
}

export interface DispenseEventsTable {
  id: Generated<number>;
  message_id: number;
  patient_icn: string | null;
  patient_dfn: string | null;
  station_number: string;
  rx_number: string;
  fill_number: number;
  drug_name: string;
  ndc: string | null;
  quantity: Numeric;
  dispensed_at: TsNull;
  shipped_at: TsNull;
  carrier: string | null;
  tracking_number: string | null;
  status: 'dispensed' | 'cancelled';
  cancellation_reason: string | null;
  created_at: Generated<Date>;
}

export interface ShipmentItemsTable {
  id: Generated<number>;
  shipment_id: string;
  event_id: string;
  station_number: string;
  rx_last4: string;
  drug_name: string;
  late: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface ShipmentEmailsTable {
  id: Generated<string>;
  shipment_id: string;
  status: Generated<EmailStatus>;
  notification_id: string | null;
  status_reason: string | null;
  attempts: Generated<number>;
  /** Replays after temporary-failure (automatic and operator). */
  resends: Generated<number>;
  lease_until: TsNull;
  last_error: string | null;
  created_at: Generated<Date>;
  accepted_at: TsNull;
  completed_at: TsNull;
  updated_at: Ts;
}

export interface ShipmentEmailStatusesTable {
  status: EmailStatus;
  terminal: boolean;
  description: string;
}

export interface ShipmentEmailTransitionsTable {
  from_status: EmailStatus;
  to_status: EmailStatus;
}

export type AalStatus = 'pending' | 'posted' | 'failed' | 'skipped';

export interface AalEventsTable {
  id: Generated<string>;
  shipment_email_id: string;
  status: Generated<AalStatus>;
  attempts: Generated<number>;
  lease_until: TsNull;
  last_error: string | null;
  created_at: Generated<Date>;
  posted_at: TsNull;
  updated_at: Ts;
}

export interface NotificationStatusReportsTable {
  id: Generated<number>;
  notification_id: string;
  source: 'callback_signature' | 'callback_bearer' | 'poll';
  status: string;
  status_reason: string | null;
  applied: boolean;
  shipment_email_id: string | null;
  /** For a notification other than the e-mail's current one: recorded, flagged, answered 200. */
  duplicate: Generated<boolean>;
  received_at: Generated<Date>;
}

export interface ShipmentEmailNotificationsTable {
  notification_id: string;
  shipment_email_id: string;
  send_number: number;
  status: Generated<string>;
  status_reason: string | null;
  accepted_at: Generated<Date>;
  completed_at: TsNull;
}

export interface ShipmentEmailResendRequestsTable {
  id: Generated<number>;
  shipment_email_id: string;
  requested_by: string;
  requested_at: Generated<Date>;
}

export interface StationCutoverTable {
  station_number: string;
  state: 'legacy' | 'cutover-pending' | 'rxbridge';
  mhv_sending_off_at: TsNull;
  mhv_off_confirmed_by: string | null;
  mhv_off_confirmed_at: TsNull;
  changed_by: string;
  changed_at: Generated<Date>;
}

export interface StationCutoverAuditTable {
  id: Generated<number>;
  station_number: string;
  action: string;
  from_state: string;
  to_state: string;
  mhv_sending_off_at: TsNull;
  sent_by_rxbridge: Generated<number>;
  released_to_legacy: Generated<number>;
  changed_by: string;
  changed_at: Generated<Date>;
}

export interface TrackingTables {
  station_cutover: StationCutoverTable;
  station_cutover_audit: StationCutoverAuditTable;
  shipment_items: ShipmentItemsTable;
  notification_status_reports: NotificationStatusReportsTable;
  dispense_messages: DispenseMessagesTable;
  station_email_senders: StationEmailSendersTable;
  station_email_sender_history: StationEmailSenderHistoryTable;
  shipments: ShipmentsTable;
  dispense_events: DispenseEventsTable;
  shipment_emails: ShipmentEmailsTable;
  shipment_email_statuses: ShipmentEmailStatusesTable;
  shipment_email_transitions: ShipmentEmailTransitionsTable;
  aal_events: AalEventsTable;
  shipment_email_notifications: ShipmentEmailNotificationsTable;
  shipment_email_resend_requests: ShipmentEmailResendRequestsTable;
}

declare module '../platform/db/database.js' {
  interface Database extends TrackingTables {}
}
