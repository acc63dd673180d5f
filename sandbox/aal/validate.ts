/**
 * Validation of a `POST usermgmt/activity` body as the AAL stand-in applies it (reference D):
 * required userProfileId, activityType, action, performerType, status (1 | 0); completionTime
 * optional but, when given, an RFC 1123 HTTP-date; detailValue optional string.
 * MHV's own error texts are not public; these name the field.
 */
export interface CheckedActivity {
  userProfileId: string;
  activityType: string;
  action: string;
  completionTime: string | null;
  performerType: string;
  detailValue: string | null;
  status: 0 | 1;
}

/** e.g. "Mon, 15 Jun 2026 15:00:00 GMT" (what Date#toUTCString and Ruby's httpdate produce). */
const RFC1123 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

export function checkActivity(body: unknown): { ok: true; value: CheckedActivity } | { ok: false; message: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, message: 'body must be a JSON object' };
  const b = body as Record<string, unknown>;
  for (const f of ['userProfileId', 'activityType', 'action', 'performerType'] as const) {
    const v = b[f];
    if (v === undefined || v === null || v === '') return { ok: false, message: `${f} is required` };
    if (typeof v !== 'string' && !(f === 'userProfileId' && typeof v === 'number')) return { ok: false, message: `${f} must be a string` };
  }
  if (b.status === undefined || b.status === null) return { ok: false, message: 'status is required' };
  if (b.status !== 0 && b.status !== 1) return { ok: false, message: 'status must be 1 (success) or 0 (failure)' };
  if (b.completionTime !== undefined && b.completionTime !== null) {
    if (typeof b.completionTime !== 'string' || !RFC1123.test(b.completionTime) || Number.isNaN(Date.parse(b.completionTime))) {
      return { ok: false, message: 'completionTime must be an RFC 1123 date, e.g. Mon, 15 Jun 2026 15:00:00 GMT' };
    }
  }
  if (b.detailValue !== undefined && b.detailValue !== null && typeof b.detailValue !== 'string') return { ok: false, message: 'detailValue must be a string' };
  return {
    ok: true,
    value: {
      userProfileId: String(b.userProfileId),
      activityType: b.activityType as string,
      action: b.action as string,
      completionTime: (b.completionTime as string | undefined) ?? null,
      performerType: b.performerType as string,
      detailValue: (b.detailValue as string | undefined) ?? null,
      status: b.status,
    },
  };
}
