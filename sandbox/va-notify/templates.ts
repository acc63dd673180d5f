/**
 * Templates of the VA Notify stand-in: the seeded ones (fixed ids other code defaults to) and
 * GOV.UK-style `((placeholder))` rendering. A template may name a VA Profile communication item;
 * then `recipient_identifier` sends are checked against the Veteran's permissions (A10).
 */
import { RX_SHIPMENT_SMS_TEMPLATE_ID, RX_SHIPMENT_TEMPLATE_ID, SANDBOX_SERVICE_ID, SM_NEW_MESSAGE_TEMPLATE_ID } from '../../src/shared/local-defaults.js';
import type { CommunicationItem, SandboxTemplate } from './model.js';

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
