import { sql } from 'kysely';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { useTestApp } from '../../test/helpers/app.js';
import type { RecordingEmailSender } from '../../test/helpers/fakes.js';
import type { TestClient } from '../../test/helpers/http.js';
import { buildTaskList } from '../worker/task-list.js';
import { seedDemoData } from '../seed/seed.js';
import { SEND_NEW_MESSAGE_EMAIL, sendNewMessageEmail } from './tasks/send-new-message-email.js';

const t = useTestApp();

const rxId = async (rxNumber: string) =>
  (await t.ctx.db.selectFrom('prescriptions').select('id').where('rx_number', '=', rxNumber).executeTakeFirstOrThrow()).id;
const teamId = async (name: string) => (await t.ctx.db.selectFrom('care_teams').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
const jobsFor = async (messageId: string) =>
  (
    await sql<{
      n: number;
    }>`select count(*)::int as n from graphile_worker.jobs where task_identifier = ${SEND_NEW_MESSAGE_EMAIL} and key = ${`sm-email:${messageId}`}`.execute(
      t.ctx.db,
    )
  ).rows[0]!.n;

const PC442 = 'Cheyenne Primary Care - Blue Team';
const CARDIO442 = 'Cheyenne Cardiology';
const PC554 = 'Aurora Primary Care - Green Team';
const PHARM554 = 'Aurora Pharmacy';
const ROI442 = 'Cheyenne Release of Information';

let alex: TestClient;
let jordan: TestClient;
let casey: TestClient;
let shah: TestClient;
let lee: TestClient;
let brooks: TestClient;
let lisinopril: string;
let metformin: string;
let atorvastatin: string;

beforeAll(async () => {
  const signIn = (k: string) => t.signIn(`mock:${k}`);
  [alex, jordan, casey, shah, lee, brooks] = await Promise.all([
    signIn('alex'),
    signIn('jordan'),
    signIn('casey'),
    signIn('shah'),
    signIn('lee'),
    signIn('brooks'),
  ]);
  lisinopril = await rxId('2719547'); // Alex, 442, prescriber Shah, renewable (no refills left)
  metformin = await rxId('3636412'); // Alex, 554, renewable (expired recently)
  atorvastatin = await rxId('2719536'); // Alex, refillable, not renewable
});

describe('GET /api/messaging/care-teams', () => {
  it('gives Alex’s care-team steps: recent teams, two systems (radios), startable teams, the blocked-team alert, the contact-list note', async () => {
    const res = await alex.get('/api/messaging/care-teams');
    expect(res.status).toBe(200);
    expect(res.body.hasAvailableTeam).toBe(true);
    // Alex wrote to the Aurora primary-care team 20 days ago (seed).
    expect(res.body.recentTeams.map((x: any) => [x.name, x.healthCareSystemName])).toEqual([[PC554, 'Rocky Mountain Regional VA Medical Center']]);
    expect(res.body.systemStep).toEqual({
      control: 'radio',
      systems: [
        { stationNumber: '442', name: 'Cheyenne VA Medical Center' },
        { stationNumber: '554', name: 'Rocky Mountain Regional VA Medical Center' },
      ],
    });
    // Blocked cardiology and the pharmacy (not in the contact list) are not offered.
    expect(res.body.teams.map((x: any) => x.name)).toEqual([PC442, ROI442, PC554]);
    expect(res.body.teams.find((x: any) => x.name === ROI442).signatureRequired).toBe(true);
    expect(res.body.blockedAlert).toMatchObject({ kind: 'one_team_blocked', status: 'info', title: 'You can’t send messages to Cheyenne Cardiology' });
    expect(res.body.hasTeamsOutsideContactList).toBe(true);
    expect(res.body.suggestedTeamId).toBeNull();
  });

  it('for a renewal, suggests the team the prescriber belongs to at the prescription’s facility', async () => {
    const res = await alex.get(`/api/messaging/care-teams?prescriptionId=${lisinopril}`);
    expect(res.status).toBe(200);
    expect(res.body.suggestedTeamId).toBe(await teamId(PC442));
    expect(res.body.prescriptionFacility).toMatchObject({ stationNumber: '442', name: 'Cheyenne VA Medical Center' });
    const m = await alex.get(`/api/messaging/care-teams?prescriptionId=${metformin}`);
    expect(m.body.suggestedTeamId).toBe(await teamId(PC554)); // Lee's team in Alex's contact list
  });

  it('tells Casey there is no available care team (VA.gov’s “not connected” alert)', async () => {
    const res = await casey.get('/api/messaging/care-teams');
    expect(res.body).toMatchObject({
      hasAvailableTeam: false,
      teams: [],
      recentTeams: [],
      suggestedTeamId: null,
      systemStep: { control: 'none', systems: [] },
    });
    expect(res.body.blockedAlert.title).toBe('You’re not connected to any care teams in this messaging tool');
  });

  it('answers 404 for another Veteran’s prescription, 400 for a malformed one, 403 for clinicians', async () => {
    expect((await jordan.get(`/api/messaging/care-teams?prescriptionId=${lisinopril}`)).status).toBe(404);
    const bad = await alex.get('/api/messaging/care-teams?prescriptionId=nope');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('querystring.prescriptionId');
    expect((await shah.get('/api/messaging/care-teams')).status).toBe(403);
  });
});

describe('GET /api/messaging/renewals/:prescriptionId', () => {
  it('returns the prefilled renewal message for Alex’s renewable prescription, without internal ids', async () => {
    const res = await alex.get(`/api/messaging/renewals/${lisinopril}`);
    expect(res.status).toBe(200);
    expect(res.body.prescription).toMatchObject({ name: 'LISINOPRIL 10MG TAB', rxNumber: '2719547' });
    expect(res.body.prefill).toMatchObject({ category: 'MEDICATIONS', subject: 'Renewal Needed', state: 'loaded' });
    expect(res.body.prefill.body.split('\n')).toEqual([
      'Medication name, strength, and form: LISINOPRIL 10MG TAB',
      'Prescription number: 2719547',
      'Instructions: TAKE ONE TABLET BY MOUTH DAILY',
      'Provider who prescribed it: Priya Shah, MD',
      'Number of refills left: 0',
      expect.stringMatching(/^Prescription expiration date: [A-Z][a-z]+ \d{1,2}, \d{4}$/),
      'Reason for use: Reason for use not available',
      expect.stringMatching(/^Last filled on: [A-Z][a-z]+ \d{1,2}, \d{4}$/),
      'Quantity: 30',
    ]);
    expect(res.body.pendingRequest).toBeNull();
    expect(res.body.prefill.body).not.toContain(lisinopril);
    expect(res.body.prefill.body).not.toContain('1012345678V123456');
    expect(res.body.excludedFields.map((f: any) => f.field)).toContain('ssn');
    expect(res.body.draftId).toBeNull();
  });

  it('refuses a prescription that is not renewable (422 with the reason) and another Veteran’s (404)', async () => {
    const res = await alex.get(`/api/messaging/renewals/${atorvastatin}`);
    expect(res.status).toBe(422);
    expect(res.body.detail.reason).toBe('REFILLABLE');
    expect((await jordan.get(`/api/messaging/renewals/${lisinopril}`)).status).toBe(404);
    expect((await alex.get('/api/messaging/renewals/00000000-0000-4000-8000-000000000009')).status).toBe(404);
  });
});

describe('drafts and sending', () => {
  let draftId: string;

  it('starts a prefilled renewal draft and resumes the same draft on a second start', async () => {
    const pc442 = await teamId(PC442);
    const res = await alex.post('/api/messaging/drafts', { careTeamId: pc442, prescriptionId: lisinopril });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      category: 'MEDICATIONS',
      subject: 'Renewal Needed',
      renewalPrescriptionId: lisinopril,
      prefillState: 'loaded',
      resumed: false,
    });
    expect(res.body.careTeam).toMatchObject({ id: pc442, name: PC442, facilityName: 'Cheyenne VA Medical Center', signatureRequired: false });
    expect(res.body.body).toContain('Medication name, strength, and form: LISINOPRIL 10MG TAB');
    draftId = res.body.id;
    const again = await alex.post('/api/messaging/drafts', { careTeamId: pc442, prescriptionId: lisinopril });
    expect(again.body).toMatchObject({ id: draftId, resumed: true });
    expect((await alex.get(`/api/messaging/renewals/${lisinopril}`)).body.draftId).toBe(draftId);
  });

  it('refuses to start drafts to blocked (409) or unassociated teams (404), and non-renewable renewals (422)', async () => {
    const blocked = await alex.post('/api/messaging/drafts', { careTeamId: await teamId(CARDIO442) });
    expect(blocked.status).toBe(409);
    expect(blocked.body.detail.reason).toBe('CARE_TEAM_BLOCKED');
    expect((await casey.post('/api/messaging/drafts', { careTeamId: await teamId(PC442) })).status).toBe(404);
    expect((await jordan.post('/api/messaging/drafts', { careTeamId: await teamId(PHARM554) })).status).toBe(404);
    const notListed = await alex.post('/api/messaging/drafts', { careTeamId: await teamId(PHARM554) });
    expect(notListed.status).toBe(409);
    expect(notListed.body.detail.reason).toBe('NOT_IN_CONTACT_LIST');
    expect((await alex.post('/api/messaging/drafts', { careTeamId: await teamId(PC442), prescriptionId: atorvastatin })).status).toBe(422);
    const missing = await alex.post('/api/messaging/drafts', {});
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].field).toBe('body.careTeamId');
  });

  it('autosaves edits, enforces limits per field, and keeps drafts private', async () => {
    const saved = await alex.request('PUT', `/api/messaging/drafts/${draftId}`, { subject: 'Renewal: lisinopril', body: 'Edited body' });
    expect(saved.status).toBe(200);
    expect((await alex.get(`/api/messaging/drafts/${draftId}`)).body).toMatchObject({
      subject: 'Renewal: lisinopril',
      body: 'Edited body',
      category: 'MEDICATIONS',
    });
    const tooLong = await alex.request('PUT', `/api/messaging/drafts/${draftId}`, { subject: 'x'.repeat(51) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors).toEqual([{ field: 'body.subject', message: 'Subject must be 50 characters or fewer' }]);
    expect((await alex.request('PUT', `/api/messaging/drafts/${draftId}`, { body: 'x'.repeat(2001) })).body.errors[0].field).toBe('body.body');
    // The renewal's category is locked to Medication.
    const unlocked = await alex.request('PUT', `/api/messaging/drafts/${draftId}`, { category: 'OTHER' });
    expect(unlocked.status).toBe(400);
    expect(unlocked.body.errors).toEqual([{ field: 'body.category', message: 'Renewal requests use the Medication category.' }]);
    expect((await jordan.get(`/api/messaging/drafts/${draftId}`)).status).toBe(404);
    expect((await jordan.request('PUT', `/api/messaging/drafts/${draftId}`, { subject: 'hijack' })).status).toBe(404);
    expect((await jordan.post(`/api/messaging/drafts/${draftId}/send`, {})).status).toBe(404);
    expect((await jordan.request('DELETE', `/api/messaging/drafts/${draftId}`)).status).toBe(404);
    expect((await alex.request('PUT', `/api/messaging/drafts/${draftId}`, { careTeamId: '00000000-0000-4000-8000-000000000009' })).status).toBe(404);
    expect((await jordan.get('/api/messaging/drafts')).body.drafts).toEqual([]);
    expect((await alex.get('/api/messaging/drafts')).body.drafts.map((d: any) => d.id)).toEqual([draftId]);
  });

  it('send: validation names the field and keeps the draft', async () => {
    const careTeamId = await teamId(PC442);
    const res = await alex.post(`/api/messaging/drafts/${draftId}/send`, { careTeamId, category: 'MEDICATIONS', subject: '   ', body: '' });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: any) => e.field).sort()).toEqual(['body.body', 'body.subject']);
    const badCategory = await alex.post(`/api/messaging/drafts/${draftId}/send`, { careTeamId, category: 'RENEWALS', subject: 'S', body: 'B' });
    expect(badCategory.body.errors[0].field).toBe('body.category');
    expect((await alex.get(`/api/messaging/drafts/${draftId}`)).status).toBe(200);
  });

  it('send: a blocked or retired team answers 409 with a reason and the draft keeps what was written', async () => {
    const blocked = await alex.post(`/api/messaging/drafts/${draftId}/send`, {
      careTeamId: await teamId(CARDIO442),
      category: 'MEDICATIONS',
      subject: 'To cardiology',
      body: 'Please renew.',
    });
    expect(blocked.status).toBe(409);
    expect(blocked.body).toMatchObject({ code: 'conflict', detail: { reason: 'CARE_TEAM_BLOCKED' } });
    expect(blocked.body.errors[0].field).toBe('body.careTeamId');
    expect((await alex.get(`/api/messaging/drafts/${draftId}`)).body).toMatchObject({ subject: 'To cardiology', body: 'Please renew.' });

    const pharm = await teamId(PHARM554);
    await t.ctx.db.updateTable('care_teams').set({ is_active: false }).where('id', '=', pharm).execute();
    try {
      const retired = await alex.post(`/api/messaging/drafts/${draftId}/send`, {
        careTeamId: pharm,
        category: 'MEDICATIONS',
        subject: 'To pharmacy',
        body: 'Please renew.',
      });
      expect(retired.status).toBe(409);
      expect(retired.body.detail.reason).toBe('CARE_TEAM_INACTIVE');
    } finally {
      await t.ctx.db.updateTable('care_teams').set({ is_active: true }).where('id', '=', pharm).execute();
    }
    expect((await alex.get(`/api/messaging/drafts/${draftId}`)).status).toBe(200);
  });

  it('send: creates the conversation in the team’s inbox, shows in Sent, and removes the draft', async () => {
    const careTeamId = await teamId(PC442);
    const body = (await alex.get(`/api/messaging/renewals/${lisinopril}`)).body.prefill.body as string;
    const res = await alex.post(`/api/messaging/drafts/${draftId}/send`, {
      careTeamId,
      category: 'MEDICATIONS',
      subject: 'Renewal request: LISINOPRIL 10MG TAB',
      body,
    });
    expect(res.status).toBe(201);
    expect((await alex.get(`/api/messaging/drafts/${draftId}`)).status).toBe(404);
    // A second send of the already-sent draft answers with the first result, not a 404 and not a second message.
    const again = await alex.post(`/api/messaging/drafts/${draftId}/send`, { careTeamId, category: 'MEDICATIONS', subject: 'again', body: 'again' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(res.body);

    const sent = await alex.get('/api/messaging/sent');
    expect(sent.body.messages[0]).toMatchObject({
      threadId: res.body.threadId,
      subject: 'Renewal request: LISINOPRIL 10MG TAB',
      category: 'MEDICATIONS',
      isRenewal: true,
      careTeamName: PC442,
      senderName: 'You',
    });
    const thread = await alex.get(`/api/messaging/threads/${res.body.threadId}`);
    expect(thread.body).toMatchObject({ renewal: { prescriptionId: lisinopril }, veteranName: null, canReply: true });
    expect(thread.body.messages).toHaveLength(1);
    // No e-mail for a Veteran's own message.
    expect(await jobsFor(res.body.messageId)).toBe(0);
    renewalThreadId = res.body.threadId;
  });
});

let renewalThreadId: string;

describe('care-team inbox and replies', () => {
  let replyId: string;

  it('shows the renewal request, flagged, to members of the team only', async () => {
    const inbox = await shah.get('/api/messaging/care-team/inbox');
    expect(inbox.status).toBe(200);
    const item = inbox.body.threads.find((x: any) => x.threadId === renewalThreadId);
    expect(item).toMatchObject({
      category: 'MEDICATIONS',
      renewal: { prescriptionId: lisinopril },
      veteranName: 'Alex Morgan',
      careTeamName: PC442,
      awaitingReply: true,
      unreadCount: 1,
    });
    expect((await brooks.get('/api/messaging/care-team/inbox')).body.threads.map((x: any) => x.threadId)).toContain(renewalThreadId);
    const leeInbox = (await lee.get('/api/messaging/care-team/inbox')).body.threads;
    expect(leeInbox.map((x: any) => x.threadId)).not.toContain(renewalThreadId);
    expect(leeInbox.every((x: any) => x.careTeamName !== PC442)).toBe(true);
    expect((await lee.get(`/api/messaging/threads/${renewalThreadId}`)).status).toBe(404);
    expect((await lee.post(`/api/messaging/threads/${renewalThreadId}/replies`, { body: 'not my team' })).status).toBe(404);
    expect((await alex.get('/api/messaging/care-team/inbox')).status).toBe(403);
  });

  it('reading marks the Veteran’s message read; the reply reaches Alex’s inbox and enqueues one e-mail job', async () => {
    const thread = await shah.get(`/api/messaging/threads/${renewalThreadId}`);
    expect(thread.body).toMatchObject({ veteranName: 'Alex Morgan', renewal: { prescriptionId: lisinopril } });
    expect((await shah.get('/api/messaging/care-team/inbox')).body.threads.find((x: any) => x.threadId === renewalThreadId).unreadCount).toBe(0);

    const empty = await shah.post(`/api/messaging/threads/${renewalThreadId}/replies`, { body: ' ' });
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].field).toBe('body.body');

    const res = await shah.post(`/api/messaging/threads/${renewalThreadId}/replies`, { body: 'We sent the renewal to your pharmacy.' });
    expect(res.status).toBe(201);
    replyId = res.body.messageId;
    expect(await jobsFor(replyId)).toBe(1);

    const inbox = await alex.get('/api/messaging/inbox');
    expect(inbox.body.messages[0]).toMatchObject({ messageId: replyId, threadId: renewalThreadId, senderName: 'Priya Shah, MD', read: false, isRenewal: true });
    await alex.get(`/api/messaging/threads/${renewalThreadId}`);
    expect((await alex.get('/api/messaging/inbox')).body.messages[0].read).toBe(true);
    expect((await shah.get('/api/messaging/care-team/inbox')).body.threads.find((x: any) => x.threadId === renewalThreadId).awaitingReply).toBe(false);
  });

  it('keeps conversations private between Veterans', async () => {
    expect((await jordan.get(`/api/messaging/threads/${renewalThreadId}`)).status).toBe(404);
    expect((await jordan.post(`/api/messaging/threads/${renewalThreadId}/replies`, {})).status).toBe(404);
    expect((await jordan.get('/api/messaging/inbox')).body.messages).toEqual([]);
  });

  it('lets Alex follow up in the thread without e-mailing anyone, but not to a blocked team', async () => {
    const res = await alex.post(`/api/messaging/threads/${renewalThreadId}/replies`, { body: 'Thank you!' });
    expect(res.status).toBe(201);
    expect(await jobsFor(res.body.messageId)).toBe(0);
    const alexId = await t.patientId('alex');
    const cardio = await teamId(CARDIO442);
    const old = await t.ctx.db
      .insertInto('message_threads')
      .values({ patient_id: alexId, care_team_id: cardio, category: 'OTHER', subject: 'Old', renewal_prescription_id: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const blocked = await alex.post(`/api/messaging/threads/${old.id}/replies`, { body: 'Hello' });
    expect(blocked.status).toBe(409);
    expect((await alex.get(`/api/messaging/threads/${old.id}`)).body.canReply).toBe(false);
  });

  describe('send_new_message_email task', () => {
    const notify = () => t.ctx.notify as RecordingEmailSender;

    it('e-mails the Veteran by ICN with the configured template, no personalisation, and records the id', async () => {
      const before = notify().sent.length;
      await buildTaskList(t.ctx)[SEND_NEW_MESSAGE_EMAIL]!({ messageId: replyId }, { job: { attempts: 1 } } as never);
      const sent = notify().sent.slice(before);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toEqual({
        id: expect.any(String),
        template_id: '9e3f4a2b-1c7d-4e8f-a6b5-0d2c1e3f4a5b',
        recipient_identifier: { id_type: 'ICN', id_value: '1012345678V123456' },
        reference: replyId,
      });
      const row = await t.ctx.db.selectFrom('messages').select(['notification_id', 'notified_at']).where('id', '=', replyId).executeTakeFirstOrThrow();
      expect(row.notification_id).toBe(sent[0]!.id);
      expect(row.notified_at).not.toBeNull();
    });

    it('never sends twice: a rerun finds the stored id; a retry after a lost response reconciles by reference', async () => {
      const before = notify().sent.length;
      expect(await sendNewMessageEmail(t.ctx, replyId, 2)).toBe('already-sent');
      const { notification_id } = await t.ctx.db.selectFrom('messages').select('notification_id').where('id', '=', replyId).executeTakeFirstOrThrow();
      // Simulate: VA Notify accepted it, but the worker died before recording the id.
      await t.ctx.db.updateTable('messages').set({ notification_id: null, notified_at: null }).where('id', '=', replyId).execute();
      expect(await sendNewMessageEmail(t.ctx, replyId, 2)).toBe('reconciled');
      expect(notify().sent.length).toBe(before);
      expect((await t.ctx.db.selectFrom('messages').select('notification_id').where('id', '=', replyId).executeTakeFirstOrThrow()).notification_id).toBe(
        notification_id,
      );
    });

    it('rejects a bad payload and ignores Veterans’ own messages', async () => {
      await expect(buildTaskList(t.ctx)[SEND_NEW_MESSAGE_EMAIL]!({ messageId: 'nope' }, { job: { attempts: 1 } } as never)).rejects.toThrow();
      const own = await t.ctx.db.selectFrom('messages').select('id').where('sender_type', '=', 'veteran').executeTakeFirstOrThrow();
      expect(await sendNewMessageEmail(t.ctx, own.id, 1)).toBe('not-applicable');
    });

    it('throws (so graphile-worker retries) when VA Notify fails, leaving the message un-notified', async () => {
      const reply = await shah.post(`/api/messaging/threads/${renewalThreadId}/replies`, { body: 'One more thing: pick it up Friday.' });
      const sendEmail = vi.spyOn(t.ctx.notify, 'sendEmail').mockRejectedValue(new Error('timeout'));
      try {
        await expect(sendNewMessageEmail(t.ctx, reply.body.messageId, 1)).rejects.toThrow('timeout');
      } finally {
        sendEmail.mockRestore();
      }
      expect(
        (await t.ctx.db.selectFrom('messages').select('notification_id').where('id', '=', reply.body.messageId).executeTakeFirstOrThrow()).notification_id,
      ).toBeNull();
      expect(await sendNewMessageEmail(t.ctx, reply.body.messageId, 2)).toBe('sent');
    });
  });
});

describe('a general (non-renewal) message', () => {
  it('starts empty, can be moved to another team, sends as a normal conversation, and can be discarded instead', async () => {
    const pc554 = await teamId(PC554);
    const start = await jordan.post('/api/messaging/drafts', { careTeamId: pc554 });
    expect(start.status).toBe(201);
    expect(start.body).toMatchObject({ category: null, subject: '', body: '', renewalPrescriptionId: null, resumed: false });
    const moved = await jordan.request('PUT', `/api/messaging/drafts/${start.body.id}`, { careTeamId: await teamId(PC442), category: 'APPOINTMENTS' });
    expect(moved.body.careTeam.name).toBe(PC442);
    const sent = await jordan.post(`/api/messaging/drafts/${start.body.id}/send`, {
      careTeamId: await teamId(PC442),
      category: 'APPOINTMENTS',
      subject: 'Appointment time',
      body: 'Can we meet in the afternoon?',
    });
    expect(sent.status).toBe(201);
    const item = (await shah.get('/api/messaging/care-team/inbox')).body.threads.find((x: any) => x.threadId === sent.body.threadId);
    expect(item).toMatchObject({ category: 'APPOINTMENTS', categoryLabel: 'Appointments', renewal: null, veteranName: 'Jordan Rivera' });

    const other = await jordan.post('/api/messaging/drafts', { careTeamId: pc554 });
    expect((await alex.request('DELETE', `/api/messaging/drafts/${other.body.id}`)).status).toBe(404);
    expect((await jordan.request('DELETE', `/api/messaging/drafts/${other.body.id}`)).status).toBe(204);
    expect((await jordan.get(`/api/messaging/drafts/${other.body.id}`)).status).toBe(404);
  });
});

describe('reply and e-mail job share one transaction', () => {
  it('a reply that fails to commit leaves no e-mail job behind', async () => {
    const thread = (await shah.get('/api/messaging/care-team/inbox')).body.threads[0];
    const before = (
      await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs where task_identifier = ${SEND_NEW_MESSAGE_EMAIL}`.execute(t.ctx.db)
    ).rows[0]!.n;
    // Make the message insert fail after the job would have been added: a trigger on messages
    // that raises for this body. The job insert must roll back with it.
    await sql`create function fail_marked_reply() returns trigger language plpgsql as $$
      begin if new.body = 'FAIL-AFTER-JOB' then raise exception 'boom'; end if; return new; end $$`.execute(t.ctx.db);
    await sql`create constraint trigger fail_marked_reply after insert on messages deferrable initially deferred for each row execute function fail_marked_reply()`.execute(
      t.ctx.db,
    );
    try {
      const res = await shah.post(`/api/messaging/threads/${thread.threadId}/replies`, { body: 'FAIL-AFTER-JOB' });
      expect(res.status).toBe(500);
    } finally {
      await sql`drop trigger fail_marked_reply on messages`.execute(t.ctx.db);
      await sql`drop function fail_marked_reply()`.execute(t.ctx.db);
    }
    const after = (
      await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs where task_identifier = ${SEND_NEW_MESSAGE_EMAIL}`.execute(t.ctx.db)
    ).rows[0]!.n;
    expect(after).toBe(before);
    expect(await t.ctx.db.selectFrom('messages').select('id').where('body', '=', 'FAIL-AFTER-JOB').execute()).toEqual([]);
  });
});

describe('demo messaging seed', () => {
  it('is applied once: a second run adds no teams, associations or messages', async () => {
    const count = async () => ({
      teams: (await t.ctx.db.selectFrom('care_teams').select('id').execute()).length,
      links: (await t.ctx.db.selectFrom('patient_care_teams').select('patient_id').execute()).length,
      messages: (await t.ctx.db.selectFrom('messages').select('id').execute()).length,
    });
    const before = await count();
    expect(before.teams).toBe(5);
    expect(await seedDemoData(t.ctx.db, t.ctx.clock.today())).toEqual([]);
    expect(await count()).toEqual(before);
    const casey = await t.patientId('casey');
    expect(await t.ctx.db.selectFrom('patient_care_teams').select('care_team_id').where('patient_id', '=', casey).execute()).toEqual([]);
  });
});

describe('GET /api/messaging/categories', () => {
  it('lists VA.gov’s category values and the limits', async () => {
    const res = await alex.get('/api/messaging/categories');
    expect(res.body.categories.map((c: any) => c.value)).toEqual(['OTHER', 'COVID', 'APPOINTMENTS', 'MEDICATIONS', 'TEST_RESULTS', 'EDUCATION']);
    expect(res.body.limits).toEqual({ subject: 50, body: 2000 });
  });
});
