/**
 * Templates of the VA Notify stand-in: the seeded ones (fixed ids other code defaults to) and
 * GOV.UK-style `((placeholder))` rendering. A template may name a VA Profile communication item;
 * then `recipient_identifier` sends are checked against the Veteran's permissions (A10).
 */
import { RX_SHIPMENT_SMS_TEMPLATE_ID, RX_SHIPMENT_TEMPLATE_ID, SANDBOX_SERVICE_ID, SM_NEW_MESSAGE_TEMPLATE_ID } from '../../src/shared/local-defaults.js';
import { vaTime, type CommunicationItem, type SandboxTemplate } from './model.js';

/** When the seeded templates were "created", and by whom (fixed, so responses are reproducible). */
const SEEDED_AT = new Date('2026-01-05T15:00:00.000Z');
export const TEMPLATE_AUTHOR = 'va-notify-sandbox@example.com';

/** VA Profile item 4; VA Notify's seeded communication items use these names (A10). */
export const RX_TRACKING_ITEM: CommunicationItem = { vaProfileItemId: 4, name: 'Prescription shipment and tracking updates', defaultSendIndicator: true };

export function seedCommunicationItems(): CommunicationItem[] {
  return [
    { vaProfileItemId: 1, name: "Board of Veterans' Appeals hearing reminder", defaultSendIndicator: true },
    { vaProfileItemId: 2, name: 'COVID-19 Updates', defaultSendIndicator: true },
    { vaProfileItemId: 3, name: 'Appointment reminders', defaultSendIndicator: true },
    { ...RX_TRACKING_ITEM },
  ];
}

export function seedTemplates(serviceId = SANDBOX_SERVICE_ID): SandboxTemplate[] {
  return [
    {
      id: RX_SHIPMENT_TEMPLATE_ID,
      serviceId,
      type: 'email',
      name: 'Rx shipment tracking',
      version: 1,
      communicationItemId: RX_TRACKING_ITEM.vaProfileItemId,
      createdAt: SEEDED_AT,
      subject: 'Your VA prescription has shipped',
      body:
        'Your VA pharmacy shipped ((prescription_count)) prescription(s) on ((shipped_date)) with ((carrier)).\n\n' +
        'Tracking number: ((tracking_number))\n((tracking_link))\n\n((prescription_list))\n\n' +
        'To see your prescriptions and tracking details, sign in to VA.gov and go to Medications.',
    },
    {
      // No placeholders on purpose: nothing about the message (or the Veteran's health) goes into e-mail.
      id: SM_NEW_MESSAGE_TEMPLATE_ID,
      serviceId,
      type: 'email',
      name: 'Secure message received',
      version: 1,
      communicationItemId: null,
      createdAt: SEEDED_AT,
      subject: 'You have a new secure message',
      body: 'Your VA health care team sent you a secure message. Sign in to VA.gov to read it.',
    },
    {
      id: RX_SHIPMENT_SMS_TEMPLATE_ID,
      serviceId,
      type: 'sms',
      name: 'Rx shipment tracking (text)',
      version: 1,
      communicationItemId: RX_TRACKING_ITEM.vaProfileItemId,
      createdAt: SEEDED_AT,
      subject: '',
      body: 'VA pharmacy: ((prescription_count)) prescription(s) shipped ((shipped_date)) by ((carrier)), tracking ((tracking_number)). Details on VA.gov.',
    },
  ];
}

const PLACEHOLDER = /\(\(([^()?]+)(?:\?\?([^()]*))?\)\)/g;

/** `((name))` placeholders of a template (conditional `((name??text))` counts as `name`), in order of first use. */
export function placeholders(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) {
    const name = m[1]!.trim();
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** Every placeholder of subject and body the personalisation does not supply (VA Notify checks them all). */
export function missingPersonalisation(template: SandboxTemplate, personalisation: Record<string, unknown>): string[] {
  return placeholders(`${template.subject}\n${template.body}`).filter((p) => personalisation[p] === undefined || personalisation[p] === null);
}

export function render(text: string, values: Record<string, string>): string {
  return text.replace(PLACEHOLDER, (_m, name: string, cond?: string) => {
    const v = values[name.trim()];
    if (cond !== undefined) return v && v !== 'False' && v !== 'false' ? cond : '';
    return v ?? '';
  });
}

/** The 201 and GET bodies show the template with every value replaced by `<redacted>` (A4). */
export function renderRedacted(text: string, personalisation: Record<string, string>): string {
  return render(text, Object.fromEntries(Object.keys(personalisation).map((k) => [k, '<redacted>'])));
}

/** A template as it was at `version` (the current one by default); undefined if no such version. */
export function templateAt(t: SandboxTemplate, version?: number): (SandboxTemplate & { savedAt: Date | null }) | undefined {
  if (version === undefined || version === t.version) return { ...t, savedAt: t.updatedAt ?? null };
  const old = t.previousVersions?.find((v) => v.version === version);
  if (!old) return undefined;
  return { ...t, name: old.name, subject: old.subject, body: old.body, version: old.version, savedAt: old.version === 1 ? null : old.savedAt };
}

/**
 * `GET /v2/template/{id}[/version/{n}]` and `GET /v2/templates` items, as VA Notify serialises a
 * template (notification-api `app/models.py TemplateBase.serialize`). `html` and `plain_text` are
 * null: VA Notify fills them only with its STORE_TEMPLATE_CONTENT flag on.
 */
export function serializeTemplate(t: SandboxTemplate & { savedAt?: Date | null }) {
  return {
    id: t.id,
    type: t.type,
    created_at: vaTime(t.createdAt ?? SEEDED_AT),
    updated_at: vaTime(t.savedAt !== undefined ? t.savedAt : (t.updatedAt ?? null)),
    created_by: t.createdBy ?? TEMPLATE_AUTHOR,
    version: t.version,
    body: t.body,
    html: null,
    plain_text: null,
    subject: t.type === 'sms' ? null : t.subject,
    name: t.name,
    personalisation: Object.fromEntries(placeholders(`${t.type === 'sms' ? '' : t.subject}\n${t.body}`).map((p) => [p, { required: true }])),
    postage: null,
  };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * `POST /v2/template/{id}/preview` body (notification-api `app/v2/template/template_schemas.py
 * create_post_template_preview_response`): the template rendered with the given values (not
 * redacted). `html` is a plain paragraph rendering of the e-mail body (VA Notify's is its branded
 * e-mail HTML); null for SMS.
 */
export function previewTemplate(t: SandboxTemplate, personalisation: Record<string, string>) {
  const body = render(t.body, personalisation);
  return {
    id: t.id,
    type: t.type,
    version: t.version,
    body,
    html:
      t.type === 'email'
        ? body
            .split(/\n{2,}/)
            .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
            .join('\n')
        : null,
    subject: t.type === 'sms' ? null : render(t.subject, personalisation),
    postage: null,
  };
}
