/**
 * Authorization sweep over every API route in the OpenAPI document:
 *  - without a session every non-public route answers 401;
 *  - every route with a path parameter is called by another Veteran with Alex's ids → 404.
 * A new route with path parameters must be added to OWNED_IDS below, or this test fails.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp } from './helpers/app.js';

const t = useTestApp();

/** Routes anyone may call (the VA Notify callback authenticates by signature or bearer token: 401 without). */
const PUBLIC = new Set(['GET /api/session', 'GET /api/auth/demo-users', 'POST /api/auth/mock-sign-in', 'POST /api/auth/sign-out',
  // Monitoring beacons (navigator.sendBeacon): write-only, strict schema, no PHI; see src/monitoring/routes.ts.
  'POST /api/monitoring/events']);

/**
 * Parameterised routes only operations staff may call: a Veteran is refused by role (403) before
 * any id is looked at, so there is no ownership to probe.
 */
const OPS_ONLY: Record<string, Record<string, string>> = {
  'POST /api/tracking/messages/{id}/replay': { id: '1' },
  'PUT /api/tracking/stations/{stationNumber}/email-sender': { stationNumber: '442' },
};

/** For each parameterised route: path params naming a resource that belongs to Alex. */
const OWNED_IDS: Record<string, () => Promise<Record<string, string>>> = {
  'GET /api/medications/{id}': async () => ({
    id: (await t.ctx.db.selectFrom('prescriptions').select('id').where('rx_number', '=', '2719536').executeTakeFirstOrThrow()).id,
  }),
  'GET /api/messaging/renewals/{prescriptionId}': async () => ({ prescriptionId: await alexRenewableRx() }),
  'GET /api/messaging/drafts/{draftId}': async () => ({ draftId: await alexDraft() }),
  'PUT /api/messaging/drafts/{draftId}': async () => ({ draftId: await alexDraft() }),
  'DELETE /api/messaging/drafts/{draftId}': async () => ({ draftId: await alexDraft() }),
  'POST /api/messaging/drafts/{draftId}/send': async () => ({ draftId: await alexDraft() }),
  'GET /api/messaging/threads/{threadId}': async () => ({ threadId: await alexThread() }),
  'POST /api/messaging/threads/{threadId}/replies': async () => ({ threadId: await alexThread() }),
};

// Secure Messaging: Alex's renewable prescription, an Alex draft, and Alex's seeded conversation.
async function alexRenewableRx(): Promise<string> {
  return (await t.ctx.db.selectFrom('prescriptions').select('id').where('rx_number', '=', '2719547').executeTakeFirstOrThrow()).id;
}
async function alexDraft(): Promise<string> {
  const patientId = await t.patientId('alex');
  const existing = await t.ctx.db.selectFrom('message_drafts').select('id').where('patient_id', '=', patientId).executeTakeFirst();
  if (existing) return existing.id;
  return (await t.ctx.db.insertInto('message_drafts').values({ patient_id: patientId, care_team_id: null, category: null, renewal_prescription_id: null }).returning('id').executeTakeFirstOrThrow()).id;
}
async function alexThread(): Promise<string> {
  const patientId = await t.patientId('alex');
  return (await t.ctx.db.selectFrom('message_threads').select('id').where('patient_id', '=', patientId).executeTakeFirstOrThrow()).id;
}

async function routes(): Promise<Array<{ method: string; path: string }>> {
  const doc = (await t.client().get('/api/docs/json')).body as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => ({ method: m.toUpperCase(), path })));
}

const fill = (path: string, params: Record<string, string>) => path.replace(/\{(\w+)\}/g, (_m, k: string) => params[k] ?? 'missing');
const SAMPLE_UUID = '00000000-0000-4000-8000-000000000001';

describe('authorization over every API route', () => {
  it('refuses every non-public route without a session (401)', async () => {
    const all = (await routes()).filter((r) => r.path.startsWith('/api/') && !PUBLIC.has(`${r.method} ${r.path}`));
    expect(all.length).toBeGreaterThan(2);
    const anonymous = await t.client().init(); // has a CSRF token, no session
    const failures: string[] = [];
    for (const r of all) {
      const url = r.path.replace(/\{\w+\}/g, SAMPLE_UUID);
      const res = await anonymous.request(r.method as 'GET', url, r.method === 'GET' ? undefined : {});
      if (res.status !== 401) failures.push(`${r.method} ${r.path} → ${res.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('answers 404 when another Veteran uses Alex’s ids on any parameterised route', async () => {
    const parameterised = (await routes()).filter((r) => r.path.startsWith('/api/') && r.path.includes('{'));
    const missing = parameterised.map((r) => `${r.method} ${r.path}`).filter((k) => !OWNED_IDS[k] && !OPS_ONLY[k]);
    expect(missing, 'add these routes to OWNED_IDS').toEqual([]);
    const jordan = await t.signIn('mock:jordan');
    const failures: string[] = [];
    for (const r of parameterised) {
      const key = `${r.method} ${r.path}`;
      const opsOnly = OPS_ONLY[key];
      const url = fill(r.path, opsOnly ?? (await OWNED_IDS[key]!()));
      const res = await jordan.request(r.method as 'GET', url, r.method === 'GET' ? undefined : {});
      const expected = opsOnly ? 403 : 404;
      if (res.status !== expected) failures.push(`${key} → ${res.status} (expected ${expected})`);
    }
    expect(failures).toEqual([]);
  });

  it('answers 404 when a clinician of another care team uses Alex’s thread ids', async () => {
    const threadId = await alexThread();
    const thread = await t.ctx.db.selectFrom('message_threads').select('care_team_id').where('id', '=', threadId).executeTakeFirstOrThrow();
    const outsider = await t.ctx.db
      .selectFrom('users as u')
      .select('u.external_subject')
      .where('u.role', '=', 'care_team')
      .where((eb) => eb.not(eb.exists(eb.selectFrom('care_team_members as m').whereRef('m.clinician_id', '=', 'u.clinician_id').where('m.care_team_id', '=', thread.care_team_id).select('m.clinician_id'))))
      .executeTakeFirstOrThrow();
    const clinician = await t.signIn(outsider.external_subject);
    const threadRoutes = (await routes()).filter((r) => r.path.includes('{threadId}'));
    expect(threadRoutes.length).toBeGreaterThan(0);
    const failures: string[] = [];
    for (const r of threadRoutes) {
      const res = await clinician.request(r.method as 'GET', fill(r.path, { threadId }), r.method === 'GET' ? undefined : { body: 'Reply' });
      if (res.status !== 404) failures.push(`${r.method} ${r.path} → ${res.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('refuses every state-changing route without a CSRF token (403), except routes authenticated by other means', async () => {
    const unsafe = (await routes()).filter((r) => r.path.startsWith('/api/') && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method));
    // The monitoring beacon is CSRF-exempt by design (sendBeacon cannot send the header); see src/monitoring/routes.ts.
    const OTHER_AUTH = new Set(['POST /api/tracking/va-notify/callbacks', 'POST /api/monitoring/events']);
    const alex = await t.signIn('mock:alex');
    const ops = await t.signIn('mock:ops');
    const failures: string[] = [];
    for (const r of unsafe) {
      const key = `${r.method} ${r.path}`;
      if (OTHER_AUTH.has(key)) continue;
      const url = r.path.replace(/\{\w+\}/g, SAMPLE_UUID);
      for (const client of [alex, ops]) {
        const res = await client.request(r.method as 'POST', url, {}, { csrf: false });
        if (res.status !== 403) failures.push(`${key} → ${res.status}`);
      }
    }
    expect(unsafe.length).toBeGreaterThan(5);
    expect(failures).toEqual([]);
  });
});

