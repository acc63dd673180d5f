/**
 * POST /v2/notifications/email|sms request validation with VA Notify's messages (A3): schema
 * errors first (all of them, de-duplicated, as ValidationError), then the caller checks templates,
 * personalisation and limits one at a time (BadRequestError). jsonschema messages are reproduced
 * with the single quotes stripped, as VA Notify sends them.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@"(),:;<>[\]\\]+@[^\s@"(),:;<>[\]\\]+\.[A-Za-z]{2,}$/;
const PHONE = /^\+?1?[2-9]\d{2}[2-9]\d{6}$/;
/** VA Notify's research-mode test numbers (A12) are not valid NANP numbers but must be accepted. */
const RESEARCH_NUMBERS = /^\+?1?77009000\d{2}$/;
export const ID_TYPES = ['VAPROFILEID', 'PID', 'ICN', 'BIRLSID', 'EDIPI'];

const FIELDS = {
  email: ['template_id', 'email_address', 'recipient_identifier', 'personalisation', 'reference', 'billing_code', 'callback_url', 'scheduled_for'],
  sms: [
    'template_id',
    'phone_number',
    'recipient_identifier',
    'personalisation',
    'reference',
    'billing_code',
    'callback_url',
    'scheduled_for',
    'sms_sender_id',
  ],
};

/** Python repr-ish rendering of a value inside a jsonschema message (single quotes stripped, as VA Notify does). */
const shown = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

export interface ValidateOptions {
  /**
   * Stand-in only: let `callback_url` be plain http (a local receiver). Real VA Notify requires
   * `^https`; off by default, switched on by `npm start` and the tests.
   */
  allowHttpCallbacks?: boolean;
}

/** What a body holds once validateSend found no error in it (the fields the stand-in reads). */
export interface ValidSendBody {
  template_id: string;
  email_address?: string;
  phone_number?: string;
  recipient_identifier?: { id_type: string; id_value: string };
  personalisation?: Record<string, unknown>;
  reference?: string | null;
  billing_code?: string | null;
  callback_url?: string | null;
  scheduled_for?: unknown;
  sms_sender_id?: string | null;
}

export function validateSend(type: 'email' | 'sms', body: unknown, opts: ValidateOptions = {}): string[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return ['Payload is not a dictionary.'];
  const b = body as Record<string, unknown>;
  const errors: string[] = [];
  const extra = Object.keys(b).filter((k) => !FIELDS[type].includes(k));
  if (extra.length === 1) errors.push(`Additional properties are not allowed (${extra[0]} was unexpected)`);
  if (extra.length > 1) errors.push(`Additional properties are not allowed (${extra.join(', ')} were unexpected)`);
  if (b.template_id === undefined) errors.push('template_id is a required property');
  else if (typeof b.template_id !== 'string' || !UUID.test(b.template_id)) errors.push('template_id is not a valid UUID');
  const contact = type === 'email' ? 'email_address' : 'phone_number';
  if (b[contact] !== undefined) {
    const ok =
      typeof b[contact] === 'string' &&
      (type === 'email' ? EMAIL.test(b[contact]) : PHONE.test(b[contact].replace(/[\s().-]/g, '')) || RESEARCH_NUMBERS.test(b[contact]));
    if (!ok) errors.push(type === 'email' ? 'email_address Not a valid email address' : 'phone_number Not a valid number');
  }
  if (b.recipient_identifier !== undefined) {
    const r = b.recipient_identifier;
    if (typeof r !== 'object' || r === null || Array.isArray(r)) errors.push(`recipient_identifier ${shown(r)} is not of type object`);
    else {
      const ri = r as Record<string, unknown>;
      if (ri.id_type === undefined) errors.push('recipient_identifier id_type is a required property');
      else if (typeof ri.id_type !== 'string' || !ID_TYPES.includes(ri.id_type))
        errors.push(`recipient_identifier ${shown(ri.id_type)} is not one of [${ID_TYPES.join(', ')}]`);
      if (ri.id_value === undefined) errors.push('recipient_identifier id_value is a required property');
      else if (typeof ri.id_value !== 'string') errors.push(`recipient_identifier ${shown(ri.id_value)} is not of type string`);
    }
  }
  if (b[contact] === undefined && b.recipient_identifier === undefined) {
    errors.push(
      type === 'email' ? 'Please provide either an email address or a recipient identifier' : 'Please provide either a phone number or recipient identifier.',
    );
  }
  if (b.personalisation !== undefined && (typeof b.personalisation !== 'object' || b.personalisation === null || Array.isArray(b.personalisation))) {
    errors.push(`personalisation ${shown(b.personalisation)} is not of type object`);
  } else if (b.personalisation !== undefined) {
    for (const v of Object.values(b.personalisation as Record<string, unknown>)) errors.push(...fileValueErrors(v));
  }
  if (b.reference !== undefined && b.reference !== null && typeof b.reference !== 'string')
    errors.push(`reference ${shown(b.reference)} is not of type string`);
  if (b.billing_code !== undefined && b.billing_code !== null) {
    if (typeof b.billing_code !== 'string') errors.push(`billing_code ${shown(b.billing_code)} is not of type string, null`);
    else if (b.billing_code.length > 256) errors.push(`billing_code ${b.billing_code} is too long`);
  }
  if (type === 'sms' && b.sms_sender_id !== undefined && b.sms_sender_id !== null && (typeof b.sms_sender_id !== 'string' || !UUID.test(b.sms_sender_id))) {
    errors.push('sms_sender_id is not a valid UUID');
  }
  if (b.callback_url !== undefined && b.callback_url !== null) {
    if (typeof b.callback_url !== 'string') errors.push(`callback_url ${shown(b.callback_url)} is not of type string, null`);
    else {
      if (b.callback_url.length > 255) errors.push(`callback_url ${b.callback_url} is too long`);
      if (!(opts.allowHttpCallbacks ? /^https?:/ : /^https/).test(b.callback_url)) errors.push(`callback_url ${b.callback_url} does not match ^https`);
    }
  }
  return [...new Set(errors)];
}

/**
 * A personalisation value that is an object is a file (VA Notify's `personalisation` schema,
 * notification-api `app/schema_validation/definitions.py`): `file` (base64 string) and `filename`
 * (3–255 characters) required, `sending_method` one of attach|link. Strings and other values pass.
 * What the official client's `prepareUpload` returns has this shape.
 */
export function fileValueErrors(v: unknown): string[] {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return [];
  const f = v as Record<string, unknown>;
  const errors: string[] = [];
  if (f.file !== undefined && typeof f.file !== 'string') errors.push(`personalisation ${shown(f.file)} is not of type string`);
  if (typeof f.filename === 'string' && [...f.filename].length < 3) errors.push(`personalisation ${f.filename} is too short`);
  if (typeof f.filename === 'string' && [...f.filename].length > 255) errors.push(`personalisation ${f.filename} is too long`);
  if (f.sending_method !== undefined && (typeof f.sending_method !== 'string' || !['attach', 'link'].includes(f.sending_method))) {
    errors.push(`personalisation ${shown(f.sending_method)} is not one of [attach, link]`);
  }
  if (f.file === undefined) errors.push('personalisation file is a required property');
  if (f.filename === undefined) errors.push('personalisation filename is a required property');
  return errors;
}

/** Personalisation keys whose values are files (objects with `file`). */
export function fileKeys(personalisation: unknown): string[] {
  if (typeof personalisation !== 'object' || personalisation === null) return [];
  return Object.entries(personalisation as Record<string, unknown>)
    .filter(([, v]) => typeof v === 'object' && v !== null && !Array.isArray(v) && 'file' in v)
    .map(([k]) => k);
}
