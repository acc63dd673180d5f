/**
 * Query-string validation of the VA Notify stand-in's GET routes, with VA Notify's messages.
 *
 * VA Notify validates `request.args` with a JSON schema (`additionalProperties: false`) and reports
 * one `ValidationError` per failing rule, de-duplicated, jsonschema's single quotes stripped
 * (notification-api `app/schema_validation/__init__.py build_error_message`;
 * `app/v2/notifications/notification_schemas.py get_notifications_request`;
 * `app/v2/templates/templates_schemas.py`; `app/v2/inbound_sms/inbound_sms_schemas.py`).
 * A typo such as `status=deliverd` or `older_than=xyz` is a 400 there, so it is a 400 here.
 */
import { NOTIFICATION_STATUSES, TEMPLATE_TYPES } from './model.js';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Fastify's parsed query: repeated keys become arrays, key order is the request's. */
export type RawQuery = Record<string, string | string[] | undefined>;

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const first = (v: string | string[] | undefined): string | undefined => list(v)[0];
const oneOf = (values: readonly string[]) => `[${values.join(', ')}]`;

function additional(q: RawQuery, allowed: readonly string[]): string[] {
  const extra = Object.keys(q).filter((k) => !allowed.includes(k));
  if (extra.length === 0) return [];
  return [`Additional properties are not allowed (${extra.join(', ')} ${extra.length === 1 ? 'was' : 'were'} unexpected)`];
}

const uuidError = (name: string, v: string | undefined) => (v !== undefined && !UUID.test(v) ? [`${name} is not a valid UUID`] : []);

export interface NotificationListQuery {
  reference?: string;
  status?: string[];
  template_type?: string[];
  include_jobs?: string;
  older_than?: string;
}

/**
 * `GET /v2/notifications`: `status` and `template_type` may repeat (each value checked against the
 * enum); `reference`, `include_jobs` and `older_than` take their first value, as VA Notify does.
 */
export function parseNotificationListQuery(q: RawQuery): { ok: true; value: NotificationListQuery } | { ok: false; errors: string[] } {
  const value: NotificationListQuery = {
    reference: first(q.reference),
    status: q.status === undefined ? undefined : list(q.status),
    template_type: q.template_type === undefined ? undefined : list(q.template_type),
    include_jobs: first(q.include_jobs),
    older_than: first(q.older_than),
  };
  const errors = [
    ...(value.status ?? [])
      .filter((s) => !NOTIFICATION_STATUS_FILTERS.includes(s))
      .map((s) => `status ${s} is not one of ${oneOf(NOTIFICATION_STATUS_FILTERS)}`),
    ...(value.template_type ?? []).filter((t) => !TEMPLATE_TYPES.includes(t)).map((t) => `template_type ${t} is not one of ${oneOf(TEMPLATE_TYPES)}`),
    ...(value.include_jobs !== undefined && !['true', 'True'].includes(value.include_jobs)
      ? [`include_jobs ${value.include_jobs} is not one of [true, True]`]
      : []),
    ...uuidError('older_than', value.older_than),
    ...additional(q, ['reference', 'status', 'template_type', 'include_jobs', 'older_than']),
  ];
  return errors.length ? { ok: false, errors: [...new Set(errors)] } : { ok: true, value };
}

/** `GET /v2/templates?type=` (only `type`, one of the template types). */
export function parseTemplateListQuery(q: RawQuery): { ok: true; type: string | undefined } | { ok: false; errors: string[] } {
  // VA Notify reads this one with `request.args.to_dict()`: the first value of a repeated key.
  const type = first(q.type);
  const errors = [
    ...(type !== undefined && !TEMPLATE_TYPES.includes(type) ? [`type ${type} is not one of ${oneOf(TEMPLATE_TYPES)}`] : []),
    ...additional(q, ['type']),
  ];
  return errors.length ? { ok: false, errors } : { ok: true, type };
}

/** `GET /v2/received-text-messages?older_than=` (only `older_than`, a UUID). */
export function parseReceivedTextsQuery(q: RawQuery): { ok: true; olderThan: string | undefined } | { ok: false; errors: string[] } {
  const olderThan = first(q.older_than);
  const errors = [...uuidError('older_than', olderThan), ...additional(q, ['older_than'])];
  return errors.length ? { ok: false, errors } : { ok: true, olderThan };
}

/** The status filter's enum: every status, plus the letter pair VA Notify's schema lists as one item. */
export const NOTIFICATION_STATUS_FILTERS: readonly string[] = [...NOTIFICATION_STATUSES, 'accepted, received'];
