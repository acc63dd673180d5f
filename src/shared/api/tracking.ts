/**
 * Response shapes (zod) of the tracking operations endpoints the ops page uses (pipeline overview,
 * messages, replay, cut-over, shipments, e-mail re-send), used by src/tracking/routes.ts as
 * `response` schemas and shared with the web app as types only (`z.infer`, `import type`), so no
 * schema code reaches the bundle. Timestamps are ISO 8601 strings; no patient identifiers.
 */
import { z } from 'zod';

/** An instant as sent (`Date.prototype.toISOString`). */
const instant = z.string();

export const messageStatus = z.enum(['received', 'accepted', 'rejected', 'duplicate']);
export const cutoverState = z.enum(['unconfigured', 'legacy', 'cutover-pending', 'rxbridge']);

/** Per status: how many and the age of the oldest, in seconds (database clock). */
export const statusRow = z.object({ status: z.string(), count: z.number(), oldest_age_seconds: z.number().nullable() });

/** A shipment e-mail that ended temporary-failure, with what was sent and the operator re-sends. */
export const softFailedEmail = z.object({
  id: z.uuid(),
  station_number: z.string(),
  status: z.string(),
  status_reason: z.string().nullable(),
  attempts: z.number(),
  resends: z.number(),
  updated_at: instant,
  notifications: z.number(),
  operator_resends: z.number(),
});

export const overviewResponse = z.object({
  messages: z.array(statusRow),
  shipmentEmails: z.array(statusRow),
  aalEvents: z.array(statusRow),
  softFailedEmails: z.array(softFailedEmail),
});

/** An inbound dispense message without its content (PHI). */
export const trackingMessage = z.object({
  id: z.number(),
  received_at: instant,
  source: z.string(),
  format: z.enum(['hl7v2', 'fhir']),
  status: messageStatus,
  error_code: z.string().nullable(),
  error_message: z.string().nullable(),
  /** Where the problem is (HL7 "RXD-3", FHIR path). */
  error_location: z.string().nullable(),
  /** The parser's non-fatal findings (field names, never values). */
  warnings: z.array(z.string()),
  events_count: z.number(),
  duplicate_count: z.number(),
  replay_count: z.number(),
  processed_at: instant.nullable(),
});
export const messagesResponse = z.object({ messages: z.array(trackingMessage) });

/** The answer to an ingest or a replay: the HL7 acknowledgement code and what happened. */
export const ingestResponse = z.object({
  ack: z.enum(['AA', 'AE', 'AR']),
  messageId: z.number().nullable(),
  text: z.string(),
  duplicate: z.boolean(),
  newEvents: z.number(),
  /** Where the problem is (HL7 "RXD-3", FHIR path) when not AA. */
  errorLocation: z.string().nullable().optional(),
  /** The parser's non-fatal findings, stored with the message. */
  warnings: z.array(z.string()).optional(),
});

export const stationCutover = z.object({
  station_number: z.string(),
  state: cutoverState,
  /** Shipment e-mails held while the cut-over is pending. */
  held: z.number(),
  oldest_held_at: instant.nullable(),
  mhv_sending_off_at: instant.nullable(),
  mhv_off_confirmed_by: z.string().nullable(),
  mhv_off_confirmed_at: instant.nullable(),
  changed_by: z.string().nullable(),
  changed_at: instant.nullable(),
});
export const cutoverAuditEntry = z.object({
  id: z.number(),
  station_number: z.string(),
  action: z.string(),
  from_state: z.string(),
  to_state: z.string(),
  mhv_sending_off_at: instant.nullable(),
  sent_by_rxbridge: z.number(),
  released_to_legacy: z.number(),
  changed_by: z.string(),
  changed_at: instant,
});
export const cutoverResponse = z.object({ stations: z.array(stationCutover), audit: z.array(cutoverAuditEntry) });

/** A cut-over action that was applied (a refused one is a 409 problem). */
export const cutoverActionResponse = z.object({
  ok: z.literal(true),
  from: cutoverState,
  to: cutoverState,
  sentByRxbridge: z.number(),
  releasedToLegacy: z.number(),
});

export const trackingShipment = z.object({
  id: z.uuid(),
  station_number: z.string(),
  tracking_number: z.string(),
  carrier: z.string().nullable(),
  shipped_at: instant.nullable(),
  email_sender: z.enum(['mhv_legacy', 'va_notify']),
  created_at: instant,
  email_status: z.string(),
  status_reason: z.string().nullable(),
  notification_id: z.string().nullable(),
  attempts: z.number(),
  last_error: z.string().nullable(),
  aal_status: z.string().nullable(),
  aal_error: z.string().nullable(),
  /** Prescriptions in the shipment. */
  items: z.number(),
});
export const shipmentsResponse = z.object({ shipments: z.array(trackingShipment) });

export const resendResponse = z.object({ id: z.uuid(), resend: z.literal('scheduled') });

export type StatusRow = z.infer<typeof statusRow>;
export type SoftFailedEmail = z.infer<typeof softFailedEmail>;
export type TrackingOverview = z.infer<typeof overviewResponse>;
export type TrackingMessage = z.infer<typeof trackingMessage>;
export type IngestAnswer = z.infer<typeof ingestResponse>;
export type CutoverState = z.infer<typeof cutoverState>;
export type StationCutover = z.infer<typeof stationCutover>;
export type CutoverOverview = z.infer<typeof cutoverResponse>;
export type CutoverActionAnswer = z.infer<typeof cutoverActionResponse>;
export type TrackingShipment = z.infer<typeof trackingShipment>;
export type ShipmentsAnswer = z.infer<typeof shipmentsResponse>;
export type MessagesAnswer = z.infer<typeof messagesResponse>;
