/**
 * VA Notify stand-in: configuration and stored notification shapes. State is in memory (this is a
 * local stand-in, not a system of record); restarting it forgets every notification.
 */
export type KeyType = 'normal' | 'team' | 'test';

export interface SandboxApiKey {
  name: string;
  secret: string;
  keyType: KeyType;
  expiryDate?: Date | null;
  revoked?: boolean;
}

export interface SandboxService {
  id: string;
  name: string;
  active: boolean;
  /** Requests per 60 s per key type (VA Notify default 3000). */
  rateLimit: number;
  /** Messages per day (not applied to test keys). */
  messageLimit: number;
  /** `upload_document` lets e-mails carry file personalisation (A3); the stand-in's own service has not got it. */
  permissions: Array<'email' | 'sms' | 'upload_document'>;
  /** SMS senders (`sms_sender_id`); default: one default sender, DEFAULT_SMS_SENDER. */
  smsSenders?: SmsSender[];
  apiKeys: SandboxApiKey[];
  /** Recipients a `team` key may send to (e-mail addresses / phone numbers of the service's team). */
  teamRecipients?: string[];
  /** Service-level delivery-status webhook (bearer token), used when a notification has no callback_url. */
  callback?: { url: string; bearerToken: string; statuses?: string[] } | null;
}

export interface SmsSender {
  id: string;
  /** E.164 number shown as `from_number`. */
  number: string;
  isDefault: boolean;
}

/** The stand-in service's default SMS sender (any E.164 number: the stand-in sends nothing). */
export const DEFAULT_SMS_SENDER: SmsSender = { id: 'b0a1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d', number: '+18005550100', isDefault: true };

/** One saved version of a template's content (VA Notify keeps every version: templates_history). */
export interface SandboxTemplateVersion {
  version: number;
  name: string;
  subject: string;
  body: string;
  /** When this version was saved (version 1: the template's creation). */
  savedAt: Date;
}

export interface SandboxTemplate {
  id: string;
  serviceId: string;
  type: 'email' | 'sms';
  name: string;
  subject: string;
  body: string;
  /** Current version; earlier ones are in `previousVersions`. */
  version: number;
  archived?: boolean;
  createdAt?: Date;
  /** When the current version was saved (null for a template never edited). */
  updatedAt?: Date | null;
  /** E-mail address of the template's author (VA Notify's `created_by`). */
  createdBy?: string;
  previousVersions?: SandboxTemplateVersion[];
  /** VA Profile communication item id (e.g. 4 = prescription shipment and tracking updates). */
  communicationItemId?: number | null;
}

export interface CommunicationItem {
  vaProfileItemId: number;
  name: string;
  defaultSendIndicator: boolean;
}

export interface Faults {
  /** Each a probability 0..1 per POST /v2/notifications/*. */
  error500Rate: number;
  rate429Rate: number;
  /** Hang without creating the notification. */
  timeoutBeforeAcceptRate: number;
  /** Create the notification, then hang: the caller cannot know it was accepted. */
  timeoutAfterAcceptRate: number;
  /** How long a "hang" lasts before the socket is destroyed. */
  timeoutMs: number;
  /** After acceptance: the notification ends temporary-failure (RETRYABLE) instead of being delivered. */
  temporaryFailureRate: number;
  /** Of those temporary failures, this share is delivered later anyway (a late "delivered" callback). */
  lateDeliveryRate: number;
  /** How long after the temporary-failure the late delivery comes. */
  lateDeliveryMs: number;
}

/**
 * What `PUT /_sandbox/faults` and the `faults` option accept: the fields above, plus `timeoutRate`
 * as shorthand for `timeoutAfterAcceptRate` (the realistic timeout: the notification exists but
 * the caller never hears so).
 */
export type FaultsInput = Partial<Faults> & { timeoutRate?: number };

export const NO_FAULTS: Faults = {
  error500Rate: 0,
  rate429Rate: 0,
  timeoutBeforeAcceptRate: 0,
  timeoutAfterAcceptRate: 0,
  timeoutMs: 15_000,
  temporaryFailureRate: 0,
  lateDeliveryRate: 0,
  lateDeliveryMs: 1000,
};

export interface StoredNotification {
  id: string;
  serviceId: string;
  keyType: KeyType;
  /** Secret of the API key that created it: signs notification-level callbacks. */
  keySecret: string;
  reference: string | null;
  type: 'email' | 'sms';
  templateId: string;
  templateVersion: number;
  to: string | null;
  recipientIdentifier: { id_type: string; id_value: string } | null;
  personalisation: Record<string, string>;
  renderedSubject: string;
  renderedBody: string;
  redactedSubject: string;
  redactedBody: string;
  status: string;
  statusReason: string | null;
  billingCode: string | null;
  callbackUrl: string | null;
  createdAt: Date;
  sentAt: Date | null;
  updatedAt: Date;
  completedAt: Date | null;
  callbacks: Array<{ status: string; attempts: number; delivered: boolean }>;
  /** Stand-in only: the fault injected into this notification's progression, if any. */
  injected?: 'temporary-failure' | 'late-delivery';
}

/**
 * Every notification status VA Notify knows (reference A6: `technical-failure` and
 * `preferences-declined` were removed in Dec 2024), in its constants' order.
 */
export const NOTIFICATION_STATUSES: readonly string[] = [
  'cancelled',
  'created',
  'sending',
  'sent',
  'delivered',
  'pending',
  'failed',
  'temporary-failure',
  'permanent-failure',
  'pending-virus-check',
  'validation-failed',
  'virus-scan-failed',
  'returned-letter',
  'pii-check-failed',
];
/** VA Notify's TEMPLATE_TYPES, in its order (letters exist as a type, but sending one answers 501). */
export const TEMPLATE_TYPES: readonly string[] = ['sms', 'email', 'letter'];

export const COMPLETED_STATUSES = ['sent', 'delivered', 'failed', 'temporary-failure', 'permanent-failure', 'returned-letter', 'cancelled'];
export const FAILED_STATUSES = [
  'failed',
  'temporary-failure',
  'permanent-failure',
  'validation-failed',
  'virus-scan-failed',
  'returned-letter',
  'pii-check-failed',
];

/** status_reason strings (reference A6). */
export const STATUS_REASON = {
  RETRYABLE: 'Retryable - Notification is unable to be processed at this time. Replay the request to VA Notify.',
  UNREACHABLE: 'Undeliverable - Individual unreachable',
  DECLINED: 'Undeliverable - Preferences declined in VA Profile',
  NO_CONTACT: 'Undeliverable - No VA Profile contact information',
  NO_PROFILE: 'Undeliverable - No VA Profile found in MPI',
  NO_ID_FOUND: 'Undeliverable - Identifier not found in MPI',
  DECEASED: 'Undeliverable - Individual is deceased',
  UNDELIVERABLE: 'Undeliverable - Unable to deliver',
} as const;

/** `%Y-%m-%dT%H:%M:%S.%fZ` (microseconds) as VA Notify formats every timestamp (A1). */
export function vaTime(d: Date | null): string | null {
  if (!d) return null;
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Simulated recipients: accepted (201) but neither persisted nor sent (A12). */
export const SIMULATED_RECIPIENTS = new Set([
  'simulate-delivered@notifications.va.gov',
  'simulate-delivered-2@notifications.va.gov',
  'simulate-delivered-3@notifications.va.gov',
  '+16132532222',
  '+16132532223',
  '+16132532224',
]);
