/**
 * Response bodies of the VA Notify stand-in: the v2 error format (A7), the 201 body (A4) and the
 * notification as GET returns it (A5). `root` is the request's own origin with a trailing slash,
 * as VA Notify builds `uri` fields from `url_root`.
 */
import type { FastifyReply } from 'fastify';
import { vaTime, type SandboxTemplate, type StoredNotification } from './model.js';

export function v2Error(reply: FastifyReply, status: number, error: string, messages: string | string[]): FastifyReply {
  const list = Array.isArray(messages) ? messages : [messages];
  return reply.status(status).send({ status_code: status, errors: list.map((message) => ({ error, message })) });
}

const templateRef = (n: { templateId: string; templateVersion: number; serviceId: string }, root: string) => ({
  id: n.templateId,
  version: n.templateVersion,
  uri: `${root}services/${n.serviceId}/templates/${n.templateId}`,
});

/** Sender shown for SMS in the 201 body when none is chosen (any E.164 number; the stand-in sends nothing). */
const SMS_FROM = '+18005550100';

export function createdBody(n: StoredNotification, template: SandboxTemplate, root: string, fromNumber = SMS_FROM) {
  return {
    id: n.id,
    reference: n.reference,
    uri: `${root}v2/notifications/${n.id}`,
    template: templateRef({ templateId: template.id, templateVersion: template.version, serviceId: n.serviceId }, root),
    content: n.type === 'email' ? { body: n.redactedBody, subject: n.redactedSubject } : { body: n.redactedBody, from_number: fromNumber },
    billing_code: n.billingCode,
    scheduled_for: null,
    callback_url: n.callbackUrl,
  };
}

export function serialize(n: StoredNotification, root: string) {
  // ICN values are always redacted in responses (A5); other identifier types are shown.
  const identifiers = n.recipientIdentifier
    ? [{ id_type: n.recipientIdentifier.id_type, id_value: n.recipientIdentifier.id_type === 'ICN' ? '<redacted>' : n.recipientIdentifier.id_value }]
    : [];
  return {
    id: n.id,
    reference: n.reference,
    provider_reference: n.sentAt ? `sandbox-${n.id.slice(0, 8)}` : null,
    email_address: n.type === 'email' ? n.to : null,
    phone_number: n.type === 'sms' ? n.to : null,
    line_1: null,
    line_2: null,
    line_3: null,
    line_4: null,
    line_5: null,
    line_6: null,
    postcode: null,
    type: n.type,
    status: n.status,
    status_reason: n.statusReason,
    template: templateRef(n, root),
    body: n.redactedBody,
    subject: n.type === 'email' ? n.redactedSubject : null,
    created_at: vaTime(n.createdAt),
    created_by_name: null,
    sent_at: vaTime(n.sentAt),
    sent_by: n.sentAt ? (n.type === 'email' ? 'ses' : 'pinpoint') : null,
    completed_at: vaTime(n.completedAt),
    scheduled_for: null,
    postage: null,
    recipient_identifiers: identifiers,
    billing_code: n.billingCode,
    sms_sender_id: null,
    segments_count: 0,
    cost_in_millicents: 0,
    callback_url: n.callbackUrl,
  };
}
