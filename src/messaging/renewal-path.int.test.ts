/**
 * The renewal path's safety nets against Postgres: idempotent sends and replies under concurrency,
 * the duplicate-request warning, the electronic signature, the messaging signature, and the
 * labels-only prefill when the prescription cannot be loaded.
 */
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/helpers/app.js';
import type { TestClient } from '../../test/helpers/http.js';
import { PREFILL_INCLUDED_FIELDS } from './renewal-prefill.js';

const t = useTestApp();

const rxId = async (rxNumber: string) =>
  (await t.ctx.db.selectFrom('prescriptions').select('id').where('rx_number', '=', rxNumber).executeTakeFirstOrThrow()).id;
const teamId = async (name: string) => (await t.ctx.db.selectFrom('care_teams').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
const countMessages = async (threadId?: string) => {
  let q = t.ctx.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n'));
  if (threadId) q = q.where('thread_id', '=', threadId);
  return Number((await q.executeTakeFirstOrThrow()).n);
};
const countThreads = async () =>
  Number(
    (
      await t.ctx.db
        .selectFrom('message_threads')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

const PC442 = 'Cheyenne Primary Care - Blue Team';
const PC554 = 'Aurora Primary Care - Green Team';
const ROI442 = 'Cheyenne Release of Information';
const N = 8;

let alex: TestClient;
let jordan: TestClient;
let shah: TestClient;
let lisinopril: string;
let metformin: string;
let levothyroxine: string;

beforeAll(async () => {
  [alex, jordan, shah] = await Promise.all([t.signIn('mock:alex'), t.signIn('mock:jordan'), t.signIn('mock:shah')]);
  lisinopril = await rxId('2719547');
  metformin = await rxId('3636412');
  levothyroxine = await rxId('3636467'); // Jordan's, renewable
});

async function renewalDraft(client: TestClient, prescriptionId: string, team: string, extra: Record<string, unknown> = {}) {
  const res = await client.post('/api/messaging/drafts', { careTeamId: await teamId(team), prescriptionId, ...extra });
  expect(res.status).toBe(201);
  return res.body as { id: string; body: string; careTeam: { id: string } };
}
const sendBody = (d: { body: string; careTeam: { id: string } }, extra: Record<string, unknown> = {}) => ({
  careTeamId: d.careTeam.id,
  category: 'MEDICATIONS',
  subject: 'Renewal Needed',
  body: d.body,
  ...extra,
});

describe('idempotent send (Idempotency-Key)', () => {
  it(`${N} identical sends at once make one message; every answer carries the same thread and message (one 201, the rest 200)`, async () => {
    const draft = await renewalDraft(jordan, levothyroxine, PC554);
    const threadsBefore = await countThreads();
    const messagesBefore = await countMessages();
    const results = await Promise.all(
      Array.from({ length: N }, () =>
        jordan.post(`/api/messaging/drafts/${draft.id}/send`, sendBody(draft), { headers: { 'idempotency-key': 'send-levo-1' } }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(await countThreads()).toBe(threadsBefore + 1);
    expect(await countMessages()).toBe(messagesBefore + 1);
    // Later, the same key again: still the first result.
    const later = await jordan.post(`/api/messaging/drafts/${draft.id}/send`, sendBody(draft), { headers: { 'idempotency-key': 'send-levo-1' } });
    expect(later.status).toBe(200);
    expect(later.body).toEqual(results[0]!.body);
  });

  it('a second send of an already-sent draft with another key (or none) answers the first result, never 404 or a second message', async () => {
    const draft = await renewalDraft(alex, metformin, PC554);
    const first = await alex.post(`/api/messaging/drafts/${draft.id}/send`, sendBody(draft), { headers: { 'idempotency-key': 'metformin-a' } });
    expect(first.status).toBe(201);
    const before = await countMessages();
    const otherKey = await alex.post(`/api/messaging/drafts/${draft.id}/send`, sendBody(draft), { headers: { 'idempotency-key': 'metformin-b' } });
    const noKey = await alex.post(`/api/messaging/drafts/${draft.id}/send`, sendBody(draft));
    expect([otherKey.status, noKey.status]).toEqual([200, 200]);
    expect(otherKey.body).toEqual(first.body);
    expect(noKey.body).toEqual(first.body);
    expect(await countMessages()).toBe(before);
  });

  it('refuses a key reused for a different message (422 naming the header), a malformed key (400), and keeps keys per sender', async () => {
    const d1 = (await jordan.post('/api/messaging/drafts', { careTeamId: await teamId(PC554) })).body;
    const general = { careTeamId: d1.careTeam.id, category: 'OTHER', subject: 'Parking', body: 'Where do I park?' };
    expect((await jordan.post(`/api/messaging/drafts/${d1.id}/send`, general, { headers: { 'idempotency-key': 'k-1' } })).status).toBe(201);
    const d2 = (await jordan.post('/api/messaging/drafts', { careTeamId: await teamId(PC554) })).body;
    const reused = await jordan.post(`/api/messaging/drafts/${d2.id}/send`, { ...general, subject: 'Other' }, { headers: { 'idempotency-key': 'k-1' } });
    expect(reused.status).toBe(422);
    expect(reused.body.errors[0].field).toBe('headers.idempotency-key');
    const bad = await jordan.post(`/api/messaging/drafts/${d2.id}/send`, general, { headers: { 'idempotency-key': 'has space' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('headers.idempotency-key');
    // Alex using the same key string is a different sender: his own message.
    const a = (await alex.post('/api/messaging/drafts', { careTeamId: await teamId(PC554) })).body;
    const alexSend = await alex.post(
      `/api/messaging/drafts/${a.id}/send`,
      { ...general, careTeamId: a.careTeam.id },
      { headers: { 'idempotency-key': 'k-1' } },
    );
    expect(alexSend.status).toBe(201);
  });
});

describe('idempotent replies', () => {
  it(`${N} identical Veteran replies at once store one reply`, async () => {
    const thread = (await alex.get('/api/messaging/sent')).body.messages[0].threadId as string;
    const before = await countMessages(thread);
    const results = await Promise.all(
      Array.from({ length: N }, () =>
        alex.post(`/api/messaging/threads/${thread}/replies`, { body: 'Any update?' }, { headers: { 'idempotency-key': 'reply-1' } }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(N - 1);
    expect(new Set(results.map((r) => r.body.messageId)).size).toBe(1);
    expect(await countMessages(thread)).toBe(before + 1);
  });

  it(`${N} identical care-team replies at once store one reply and enqueue one e-mail job`, async () => {
    const lee = await t.signIn('mock:lee');
    const inbox = (await lee.get('/api/messaging/care-team/inbox')).body.threads;
    const thread = inbox.find((x: any) => x.careTeamName === PC554)?.threadId as string | undefined;
    expect(thread).toBeDefined();
    const results = await Promise.all(
      Array.from({ length: N }, () =>
        lee.post(`/api/messaging/threads/${thread}/replies`, { body: 'We are on it.' }, { headers: { 'idempotency-key': 'shah-1' } }),
      ),
    );
    const ids = new Set(results.map((r) => r.body.messageId));
    expect(ids.size).toBe(1);
    const [messageId] = [...ids];
    const jobs = (await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs where key = ${`sm-email:${messageId}`}`.execute(t.ctx.db))
      .rows[0]!.n;
    expect(jobs).toBe(1);
    expect(
      Number(
        (
          await t.ctx.db
            .selectFrom('messages')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('thread_id', '=', thread!)
            .where('body', '=', 'We are on it.')
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(1);
  });

  it('without a key, replies are separate messages (the web always sends one)', async () => {
    const thread = (await alex.get('/api/messaging/sent')).body.messages[0].threadId as string;
    const before = await countMessages(thread);
    await Promise.all([
      alex.post(`/api/messaging/threads/${thread}/replies`, { body: 'x' }),
      alex.post(`/api/messaging/threads/${thread}/replies`, { body: 'x' }),
    ]);
    expect(await countMessages(thread)).toBe(before + 2);
  });
});

describe('duplicate renewal requests', () => {
  it('after a request for Lisinopril is sent, the renewal context shows it and a new draft needs sendAnother; an answer clears it', async () => {
    const draft = await renewalDraft(alex, lisinopril, PC442);
    const sent = await alex.post(`/api/messaging/drafts/${draft.id}/send`, sendBody(draft), { headers: { 'idempotency-key': 'lisinopril-1' } });
    expect(sent.status).toBe(201);

    const ctx = await alex.get(`/api/messaging/renewals/${lisinopril}`);
    expect(ctx.body.pendingRequest).toMatchObject({ threadId: sent.body.threadId });

    const again = await alex.post('/api/messaging/drafts', { careTeamId: await teamId(PC442), prescriptionId: lisinopril });
    expect(again.status).toBe(409);
    expect(again.body.detail).toEqual({ reason: 'RENEWAL_ALREADY_REQUESTED', threadId: sent.body.threadId });
    expect(again.body.errors[0].field).toBe('body.sendAnother');
    expect((await renewalDraft(alex, lisinopril, PC442, { sendAnother: true })).id).toBeTruthy();

    // Another Veteran never sees Alex's request.
    expect((await jordan.get(`/api/messaging/renewals/${lisinopril}`)).status).toBe(404);

    // Once the care team answers, the request is no longer pending.
    expect((await shah.post(`/api/messaging/threads/${sent.body.threadId}/replies`, { body: 'Renewed.' })).status).toBe(201);
    expect((await alex.get(`/api/messaging/renewals/${lisinopril}`)).body.pendingRequest).toBeNull();
  });
});

describe('duplicate window is configurable', () => {
  const off = useTestApp({ config: { RENEWAL_DUPLICATE_WINDOW_DAYS: '0' } });
  it('RENEWAL_DUPLICATE_WINDOW_DAYS=0 turns the check off', async () => {
    const a = await off.signIn('mock:alex');
    const team = (await off.ctx.db.selectFrom('care_teams').select('id').where('name', '=', PC442).executeTakeFirstOrThrow()).id;
    const rx = (await off.ctx.db.selectFrom('prescriptions').select('id').where('rx_number', '=', '2719547').executeTakeFirstOrThrow()).id;
    const d = (await a.post('/api/messaging/drafts', { careTeamId: team, prescriptionId: rx })).body;
    expect((await a.post(`/api/messaging/drafts/${d.id}/send`, sendBody(d))).status).toBe(201);
    expect((await a.get(`/api/messaging/renewals/${rx}`)).body.pendingRequest).toBeNull();
    expect((await a.post('/api/messaging/drafts', { careTeamId: team, prescriptionId: rx })).status).toBe(201);
  });
});

describe('electronic signature (teams that require it)', () => {
  it('send refuses without the full name and the certification, naming each field; with both, the signature is appended', async () => {
    const d = (await alex.post('/api/messaging/drafts', { careTeamId: await teamId(ROI442) })).body;
    expect(d.careTeam.signatureRequired).toBe(true);
    const msg = { careTeamId: d.careTeam.id, category: 'OTHER', subject: 'Records request', body: 'Please send my records.' };
    const none = await alex.post(`/api/messaging/drafts/${d.id}/send`, msg);
    expect(none.status).toBe(400);
    expect(none.body.errors).toEqual([
      { field: 'body.electronicSignature.fullName', message: 'Enter your full name' },
      { field: 'body.electronicSignature.certified', message: 'You must certify by checking the box.' },
    ]);
    const unchecked = await alex.post(`/api/messaging/drafts/${d.id}/send`, { ...msg, electronicSignature: { fullName: 'Alex Morgan', certified: false } });
    expect(unchecked.body.errors.map((e: any) => e.field)).toEqual(['body.electronicSignature.certified']);
    expect((await alex.get(`/api/messaging/drafts/${d.id}`)).status).toBe(200); // nothing sent, draft kept
    const ok = await alex.post(`/api/messaging/drafts/${d.id}/send`, { ...msg, electronicSignature: { fullName: 'Alex Morgan', certified: true } });
    expect(ok.status).toBe(201);
    const thread = await alex.get(`/api/messaging/threads/${ok.body.threadId}`);
    expect(thread.body.messages[0].body).toBe(`Please send my records.\n\n${'-'.repeat(30)}\n\nAlex Morgan\nSigned electronically on ${t.ctx.clock.today()}.`);
  });
});

describe('messaging signature', () => {
  it('is saved per Veteran, validated, and appended to new messages and renewal prefills', async () => {
    expect((await jordan.get('/api/messaging/signature')).body).toEqual({ name: '', title: '', include: false });
    const bad = await jordan.request('PUT', '/api/messaging/signature', { name: 'x'.repeat(51), title: '', include: true });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('body.name');
    const saved = await jordan.request('PUT', '/api/messaging/signature', { name: ' Jordan Rivera ', title: 'Army veteran', include: true });
    expect(saved.body).toEqual({ name: 'Jordan Rivera', title: 'Army veteran', include: true });
    expect((await alex.get('/api/messaging/signature')).body.include).toBe(false);

    const general = (await jordan.post('/api/messaging/drafts', { careTeamId: await teamId(PC554) })).body;
    expect(general.body).toBe('\n\n\nJordan Rivera\nArmy veteran');
    await t.ctx.db.deleteFrom('message_drafts').where('id', '=', general.id).execute();

    await jordan.request('PUT', '/api/messaging/signature', { name: 'Jordan Rivera', title: 'Army veteran', include: false });
    expect((await jordan.post('/api/messaging/drafts', { careTeamId: await teamId(PC554) })).body.body).toBe('');
  });
});

describe('the prescription cannot be loaded', () => {
  it('the draft keeps VA.gov’s labels with blank values (prefillState unavailable), locked category, no renewal link stored', async () => {
    const atorvastatinFree = await rxId('3636423'); // any id: the lookup itself fails
    await sql`alter table prescriptions rename to prescriptions_offline`.execute(t.ctx.db);
    let res;
    try {
      res = await alex.post('/api/messaging/drafts', { careTeamId: await teamId(PC554), prescriptionId: atorvastatinFree });
    } finally {
      await sql`alter table prescriptions_offline rename to prescriptions`.execute(t.ctx.db);
    }
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ subject: 'Renewal Needed', category: 'MEDICATIONS', prefillState: 'unavailable', renewalPrescriptionId: null });
    expect(res.body.body.split('\n')).toEqual(PREFILL_INCLUDED_FIELDS.map((f) => `${f.label}: `));
  });
});
