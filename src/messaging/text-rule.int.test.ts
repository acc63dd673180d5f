/**
 * The one text rule through the whole stack (HTTP → zod → PostgreSQL → HTTP), as the issue asked:
 * random strings (fast-check) into autosave, send and reply never produce a 500, and whatever is
 * accepted is stored and returned unchanged (exactly the rule's output, src/shared/text.ts).
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/helpers/app.js';
import type { TestClient } from '../../test/helpers/http.js';
import { checkText } from '../shared/text.js';
import { BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH } from '../shared/message-rules.js';

const t = useTestApp({ config: { RATE_LIMIT_PER_SESSION_PER_MINUTE: '100000', RATE_LIMIT_PER_USER_PER_MINUTE: '100000' } });

const special = fc.constantFrom('\u0000', '\t', '\n', '\r\n', '\u0007', '\u007f', '\u0085', '\u202E', '\u2066', '\u200F', '\ud800', '\udc00', '😀', ' ', 'é');
const unit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const anyText = fc
  .array(fc.oneof({ weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 5 }) }, { weight: 2, arbitrary: special }, { weight: 1, arbitrary: unit }), {
    maxLength: 40,
  })
  .map((p) => p.join(''));

async function newDraft(c: TestClient): Promise<string> {
  const teams = await c.get('/api/messaging/care-teams');
  const res = await c.post('/api/messaging/drafts', { careTeamId: teams.body.teams[0].id });
  return res.body.id;
}

describe('free text end to end (fast-check)', () => {
  it('autosave: never 5xx; accepted subject/body come back exactly as the rule outputs them', async () => {
    const alex = await t.signIn('mock:alex');
    const draftId = await newDraft(alex);
    await fc.assert(
      fc.asyncProperty(anyText, anyText, async (subject, body) => {
        const res = await alex.request('PUT', `/api/messaging/drafts/${draftId}`, { subject, body });
        expect(res.status).toBeLessThan(500);
        const s = checkText(subject, { max: SUBJECT_MAX_LENGTH, singleLine: true });
        const b = checkText(body, { max: BODY_MAX_LENGTH });
        if (!s.ok || !b.ok) {
          expect(res.status).toBe(400);
          expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(!s.ok ? 'body.subject' : 'body.body');
          return;
        }
        expect(res.status).toBe(200);
        expect({ subject: res.body.subject, body: res.body.body }).toEqual({ subject: s.value, body: b.value });
        const read = await alex.get(`/api/messaging/drafts/${draftId}`);
        expect({ subject: read.body.subject, body: read.body.body }).toEqual({ subject: s.value, body: b.value });
      }),
      { numRuns: 150 },
    );
  });

  it('send and reply: never 5xx; an accepted message is stored and shown exactly', async () => {
    const alex = await t.signIn('mock:alex');
    let threadId: string | null = null;
    await fc.assert(
      fc.asyncProperty(anyText, async (body) => {
        const draftId = await newDraft(alex);
        const draft = await alex.get(`/api/messaging/drafts/${draftId}`);
        const res = await alex.post(`/api/messaging/drafts/${draftId}/send`, {
          careTeamId: draft.body.careTeam.id,
          category: 'OTHER',
          subject: 'Question',
          body,
        });
        expect(res.status).toBeLessThan(500);
        const b = checkText(body, { max: BODY_MAX_LENGTH });
        if (!b.ok || !b.value.trim()) {
          expect(res.status).toBe(400);
          expect(res.body.errors[0].field).toBe('body.body');
          return;
        }
        expect(res.status).toBe(201);
        threadId = res.body.threadId;
        const thread = await alex.get(`/api/messaging/threads/${threadId}`);
        expect(thread.body.messages.at(-1).body).toBe(b.value);
      }),
      { numRuns: 25 },
    );
    expect(threadId).not.toBeNull();
    const reply = await alex.post(`/api/messaging/threads/${threadId}/replies`, { body: 'ok\u0000' });
    expect(reply).toMatchObject({
      status: 400,
      body: { code: 'validation_failed', errors: [{ field: 'body.body', message: expect.stringContaining('U+0000') }] },
    });
  });

  it('the cases from the issue: NUL → 400 naming the field; 1,500 emoji pass autosave AND send; a lone surrogate is refused, not replaced', async () => {
    const alex = await t.signIn('mock:alex');
    const draftId = await newDraft(alex);
    expect(await alex.request('PUT', `/api/messaging/drafts/${draftId}`, { subject: 'a\u0000b' })).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'body.subject', message: 'contains a control character (U+0000) at character 2, which is not allowed' }] },
    });
    const emoji = '😀'.repeat(1500);
    expect((await alex.request('PUT', `/api/messaging/drafts/${draftId}`, { subject: 'Emoji', body: emoji })).status).toBe(200);
    const draft = await alex.get(`/api/messaging/drafts/${draftId}`);
    const sent = await alex.post(`/api/messaging/drafts/${draftId}/send`, {
      careTeamId: draft.body.careTeam.id,
      category: 'OTHER',
      subject: 'Emoji',
      body: emoji,
    });
    expect(sent.status).toBe(201);
    const raw = '{"subject":"x\\ud800y"}';
    const lone = await alex.request('PUT', `/api/messaging/drafts/${await newDraft(alex)}`, raw, { headers: { 'content-type': 'application/json' } });
    expect(lone).toMatchObject({ status: 400, body: { errors: [{ field: 'body.subject', message: expect.stringContaining('unpaired UTF-16 surrogate') }] } });
    // Sending deleted that draft; bidi controls are stripped on a fresh one.
    expect((await alex.request('PUT', `/api/messaging/drafts/${await newDraft(alex)}`, { body: 'a\u202Eb' })).body.body).toBe('ab');
  });

  it('feedback comment and VA Notify callback status/status_reason: 400 naming the field, never 500', async () => {
    const alex = await t.signIn('mock:alex');
    const fb = await alex.post('/api/monitoring/feedback', { urlId: 'meds.list', rating: 4, comment: 'fine\u0000' });
    expect(fb.status).toBe(400);
    expect(fb.body.errors[0].field).toBe('body.comment');
    const callback = (payload: object) =>
      t.app.inject({
        method: 'POST',
        url: '/api/tracking/va-notify/callbacks',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${t.ctx.config.VA_NOTIFY_CALLBACK_BEARER_TOKEN}` },
        payload: JSON.stringify(payload),
      });
    for (const [field, payload] of [
      ['body.status', { id: randomUUID(), status: 'deliv\u0000ered' }],
      ['body.status_reason', { id: randomUUID(), status: 'permanent-failure', status_reason: 'x\u0000' }],
      ['body.status_reason', { id: randomUUID(), status: 'permanent-failure', status_reason: 'x\ud800' }],
    ] as const) {
      const res = await callback(payload);
      expect(res.statusCode).toBe(400);
      expect(JSON.parse(res.body).errors[0].field).toBe(field);
    }
  });
});
