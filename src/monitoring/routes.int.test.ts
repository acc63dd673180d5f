/**
 * Monitoring routes against real Postgres: beacon ingestion (public, strict, no PHI), feedback
 * scrubbing, ops-only dashboards and exports, server-side attribution, rollout controls and guard.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { REFERENCE_TIME } from '../../test/helpers/db.js';
import { useTestApp } from '../../test/helpers/app.js';
import { FLOW_URLS } from '../shared/flow-urls.js';

const t = useTestApp();
const at = (minutesAgo: number) => new Date(Date.parse(REFERENCE_TIME) - minutesAgo * 60_000).toISOString();

function beacon(client: ReturnType<typeof t.client>, body: unknown) {
  // As navigator.sendBeacon sends it: text/plain, no CSRF header.
  return client.request('POST', '/api/monitoring/events', JSON.stringify(body), { csrf: false, headers: { 'content-type': 'text/plain;charset=UTF-8' } });
}

const event = (over: Record<string, unknown> = {}) => ({
  kind: 'funnel',
  step: 'list_viewed',
  urlId: 'meds.list',
  outcome: 'ok',
  durationMs: 420,
  occurredAt: at(5),
  ...over,
});

async function resetFlag() {
  await t.ctx.db.deleteFrom('feature_flags').execute();
  await t.ctx.db.deleteFrom('monitoring_events').execute();
}

describe('POST /api/monitoring/events (browser beacons)', () => {
  it('stores a batch sent as text/plain without CSRF, product from the registry, variant from the session', async () => {
    const alex = await t.signIn('mock:alex');
    const sessionId = randomUUID();
    const res = await beacon(alex, { sessionId, events: [event(), event({ step: 'link_selected', durationMs: 1200 })] });
    expect(res.status).toBe(204);
    const rows = await t.ctx.db.selectFrom('monitoring_events').selectAll().where('session_id', '=', sessionId).orderBy('step').execute();
    expect(rows.map((r) => [r.step, r.product, r.source, r.variant, r.url_id, r.duration_ms])).toEqual([
      ['link_selected', 'meds', 'client', 'treatment', 'meds.list', 1200],
      ['list_viewed', 'meds', 'client', 'treatment', 'meds.list', 420],
    ]);
  });

  it('accepts beacons without a session (variant unknown) — the page may be unloading', async () => {
    const sessionId = randomUUID();
    expect(
      (
        await beacon(t.client(), {
          sessionId,
          events: [event({ kind: 'error', step: 'interstitial_viewed', urlId: 'sm.interstitial', outcome: 'error', errorCode: 'js_error' })],
        })
      ).status,
    ).toBe(204);
    const row = await t.ctx.db.selectFrom('monitoring_events').selectAll().where('session_id', '=', sessionId).executeTakeFirstOrThrow();
    expect([row.product, row.kind, row.error_code, row.variant]).toEqual(['sm', 'error', 'js_error', null]);
  });

  it('replaces a client timestamp far from the server clock with the receive time', async () => {
    const sessionId = randomUUID();
    await beacon(t.client(), { sessionId, events: [event({ occurredAt: '2020-01-01T00:00:00.000Z' })] });
    const row = await t.ctx.db
      .selectFrom('monitoring_events')
      .select(sql<string>`occurred_at::text`.as('at'))
      .where('session_id', '=', sessionId)
      .executeTakeFirstOrThrow();
    expect(new Date(row.at).toISOString()).toBe(REFERENCE_TIME);
  });

  it.each([
    ['an unknown key (a raw URL)', { events: [event({ url: '/my-health/medications/prescription/123' })] }, 'body.events.0'],
    ['a free-text message', { events: [event({ message: 'Alex Morgan could not load lisinopril' })] }, 'body.events.0'],
    ['an unknown key on the batch (user id)', { userId: 'abc', events: [event()] }, 'body'],
    ['an error code carrying an Rx number', { events: [event({ errorCode: 'rx_2719547' })] }, 'body.events.0.errorCode'],
    ['an error code with an e-mail address', { events: [event({ errorCode: 'x@example.com' })] }, 'body.events.0.errorCode'],
    ['a url id that is not in the registry', { events: [event({ urlId: 'evil.page' })] }, 'body.events.0.urlId'],
    ['an unknown step', { events: [event({ step: 'prescription_viewed' })] }, 'body.events.0.step'],
    ['an empty batch', { events: [] }, 'body.events'],
    ['more than 50 events', { events: Array.from({ length: 51 }, () => event()) }, 'body.events'],
  ])('rejects %s with 400 naming the field', async (_name, body, field) => {
    const res = await beacon(t.client(), { sessionId: randomUUID(), ...body });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('rejects a non-uuid session id (it must not be a user id or e-mail)', async () => {
    const res = await beacon(t.client(), { sessionId: 'alex.morgan@example.com', events: [event()] });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('body.sessionId');
  });
});

describe('POST /api/monitoring/feedback', () => {
  it('stores rating, owning product and path pattern, with the comment scrubbed and scored', async () => {
    const alex = await t.signIn('mock:alex');
    const res = await alex.post('/api/monitoring/feedback', {
      urlId: 'meds.list',
      rating: 2,
      sessionId: randomUUID(),
      comment: 'Confusing and frustrating. Rx 2719547 renewal failed, email me at alex.morgan@example.com or 307-778-7550',
    });
    expect(res.status).toBe(201);
    expect(res.body.scrubbed).toBe(true);
    const row = await t.ctx.db.selectFrom('monitoring_feedback').selectAll().where('id', '=', res.body.id).executeTakeFirstOrThrow();
    expect([row.url_id, row.path_pattern, row.product, row.rating, row.variant]).toEqual(['meds.list', '/my-health/medications', 'meds', 2, 'treatment']);
    expect(row.comment).toBe('Confusing and frustrating. Rx [number] renewal failed, email me at [email] or [phone]');
    expect(row.sentiment).toBeLessThan(0);
  });

  it('scores a positive comment above zero and stores no comment when none is given', async () => {
    const alex = await t.signIn('mock:alex');
    const good = await alex.post('/api/monitoring/feedback', { urlId: 'sm.compose', rating: 5, comment: 'Great, easy and helpful' });
    const bare = await alex.post('/api/monitoring/feedback', { urlId: 'sm.compose', rating: 4 });
    const rows = await t.ctx.db
      .selectFrom('monitoring_feedback')
      .select(['id', 'product', 'comment', 'sentiment'])
      .where('id', 'in', [good.body.id, bare.body.id])
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(good.body.id)!.sentiment).toBeGreaterThan(0);
    expect(byId.get(good.body.id)!.product).toBe('sm');
    expect([byId.get(bare.body.id)!.comment, byId.get(bare.body.id)!.sentiment]).toEqual([null, null]);
  });

  it.each([
    ['rating 0', { urlId: 'meds.list', rating: 0 }, 'body.rating'],
    ['an API id instead of a page', { urlId: 'api.medications.list', rating: 3 }, 'body.urlId'],
    ['an unknown key', { urlId: 'meds.list', rating: 3, email: 'a@b.co' }, 'body'],
  ])('rejects %s', async (_n, body, field) => {
    const alex = await t.signIn('mock:alex');
    const res = await alex.post('/api/monitoring/feedback', body);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('removes text-direction override characters from the stored comment', async () => {
    const alex = await t.signIn('mock:alex');
    const res = await alex.post('/api/monitoring/feedback', { urlId: 'sm.compose', rating: 4, comment: 'Easy \u202Edetacifirev\u202C to send \u2066ok\u2069' });
    expect(res.status).toBe(201);
    const row = await t.ctx.db.selectFrom('monitoring_feedback').select('comment').where('id', '=', res.body.id).executeTakeFirstOrThrow();
    expect(row.comment).toBe('Easy detacifirev to send ok');
  });

  it('requires the CSRF token and a session', async () => {
    const alex = await t.signIn('mock:alex');
    expect((await alex.post('/api/monitoring/feedback', { urlId: 'meds.list', rating: 3 }, { csrf: false })).status).toBe(403);
    expect((await (await t.client().init()).post('/api/monitoring/feedback', { urlId: 'meds.list', rating: 3 })).status).toBe(401);
  });
});

describe('server-side attribution (onResponse hook)', () => {
  beforeEach(resetFlag);

  it('records API outcomes with the registry product, step and variant, in events and /metrics', async () => {
    const alex = await t.signIn('mock:alex');
    expect((await alex.get('/api/medications')).status).toBe(200);
    expect((await alex.get(`/api/medications/${randomUUID()}`)).status).toBe(404);
    await t.app.flowEvents.flush();
    const rows = await t.ctx.db.selectFrom('monitoring_events').selectAll().where('source', '=', 'server').orderBy('url_id').execute();
    expect(rows.map((r) => [r.url_id, r.product, r.step, r.outcome, r.error_code, r.variant, r.session_id])).toEqual([
      ['api.medications.detail', 'meds', null, 'error', 'not_found', 'treatment', null],
      ['api.medications.list', 'meds', 'list_viewed', 'ok', null, 'treatment', null],
    ]);
    const metrics = (await t.client().get('/metrics')).body as string;
    expect(metrics).toMatch(/rxbridge_flow_requests_total\{product="meds",step="list_viewed",url_id="api.medications.list",method="GET",outcome="ok"\} [1-9]/);
    expect(metrics).toMatch(
      /rxbridge_flow_errors_total\{product="meds",step="none",url_id="api.medications.detail",error_code="not_found",failure="validation"\} [1-9]/,
    );
    expect(metrics).toContain('rxbridge_flow_request_duration_seconds_bucket{le="0.01",product="meds",step="list_viewed"');
  });

  it('does not count sign-in refusals as flow errors', async () => {
    expect((await t.client().get('/api/medications')).status).toBe(401);
    await t.app.flowEvents.flush();
    expect(await t.ctx.db.selectFrom('monitoring_events').select('id').where('source', '=', 'server').execute()).toEqual([]);
  });
});

describe('ops dashboards and exports', () => {
  it('refuses Veterans (403) and anonymous callers (401) on every ops route', async () => {
    const alex = await t.signIn('mock:alex');
    const anon = await t.client().init();
    for (const path of ['funnel', 'errors', 'latency', 'feedback', 'report', 'rollout', 'urls.json', 'urls.csv']) {
      expect((await alex.get(`/api/monitoring/${path}`)).status, path).toBe(403);
      expect((await anon.get(`/api/monitoring/${path}`)).status, path).toBe(401);
    }
    expect((await alex.post('/api/monitoring/rollout/pause', { reason: 'not mine' })).status).toBe(403);
  });

  it('computes the funnel from distinct sessions per step, with conversion and drop-off', async () => {
    await resetFlag();
    const reach = async (steps: string[]) => {
      const urlFor: Record<string, string> = {
        list_viewed: 'meds.list',
        link_selected: 'meds.list',
        interstitial_viewed: 'sm.interstitial',
        care_team_selected: 'sm.select_care_team',
        draft_shown: 'sm.compose',
        message_sent: 'sm.sent',
      };
      // Each reach is one signed-in server session; funnel steps count once per session.
      await beacon(await t.signIn('mock:alex'), { sessionId: randomUUID(), events: steps.map((s) => event({ step: s, urlId: urlFor[s] })) });
    };
    const all = ['list_viewed', 'link_selected', 'interstitial_viewed', 'care_team_selected', 'draft_shown', 'message_sent'];
    for (let i = 0; i < 4; i++) await reach(all.slice(0, 1)); // 4 only looked
    for (let i = 0; i < 2; i++) await reach(all.slice(0, 3)); // 2 reached the interstitial
    for (let i = 0; i < 2; i++) await reach(all); // 2 sent
    await reach(['interstitial_viewed', 'message_sent', 'message_sent']); // skipped the list: not counted past the gap
    await beacon(t.client(), { sessionId: randomUUID(), events: all.map((s) => event({ step: s, urlId: 'meds.list' })) }); // anonymous: not counted
    const ops = await t.signIn('mock:ops');
    const res = await ops.get('/api/monitoring/funnel');
    expect(res.status).toBe(200);
    expect(res.body.sessions).toBe(9);
    expect(res.body.steps.map((s: any) => [s.step, s.sessions, s.conversion, s.owningTeam])).toEqual([
      ['list_viewed', 8, null, 'Meds Engineering'],
      ['link_selected', 4, 0.5, 'Meds Engineering'],
      ['interstitial_viewed', 4, 1, 'SM Engineering'],
      ['care_team_selected', 2, 0.5, 'SM Engineering'],
      ['draft_shown', 2, 1, 'SM Engineering'],
      ['message_sent', 2, 1, 'SM Engineering'],
    ]);
    const earlier = await ops.get(`/api/monitoring/funnel?from=${at(60 * 48)}&to=${at(60 * 24)}`);
    expect(earlier.body.steps[0].sessions).toBe(0);
  });

  it('splits errors by product and reports latency percentiles per step', async () => {
    await resetFlag();
    await beacon(t.client(), {
      sessionId: randomUUID(),
      events: [
        event({ step: 'draft_shown', urlId: 'sm.compose', durationMs: 100 }),
        event({ step: 'draft_shown', urlId: 'sm.compose', durationMs: 300 }),
        event({ kind: 'error', step: 'draft_shown', urlId: 'api.sm.drafts', outcome: 'error', errorCode: 'http_500', durationMs: null }),
      ],
    });
    const ops = await t.signIn('mock:ops');
    const errors = await ops.get('/api/monitoring/errors');
    const sm = errors.body.steps.find((s: any) => s.product === 'sm' && s.step === 'draft_shown' && s.source === 'client');
    expect([sm.requests, sm.errors, sm.errorRate, sm.owningTeam]).toEqual([2, 1, 0.5, 'SM Engineering']);
    const latency = await ops.get('/api/monitoring/latency');
    const l = latency.body.steps.find((s: any) => s.step === 'draft_shown' && s.source === 'client');
    expect([l.samples, l.p50, l.p95]).toEqual([2, 200, 290]);
  });

  it('serves time series per product, step and variant for the on-call ranges', async () => {
    await resetFlag();
    const alex = await t.signIn('mock:alex');
    await alex.get('/api/medications');
    await alex.get(`/api/messaging/renewals/${randomUUID()}`);
    await t.app.flowEvents.flush();
    await beacon(alex, { sessionId: randomUUID(), events: [event({ occurredAt: at(1) })] });
    const ops = await t.signIn('mock:ops');
    const res = await ops.get('/api/monitoring/series?range=1h');
    expect(res.status).toBe(200);
    expect(res.body.bucketSeconds).toBe(120);
    const byKey = (p: any) => `${p.product}/${p.step}/${p.variant}`;
    const points = res.body.points;
    expect(points.find((p: any) => byKey(p) === 'meds/link_selected/treatment')).toMatchObject({ failures: 1, requests: 1 });
    expect(points.filter((p: any) => byKey(p) === 'meds/list_viewed/treatment').reduce((n: number, p: any) => n + p.conversions, 0)).toBe(1);
    for (const r of ['6h', '24h', '7d']) expect((await ops.get(`/api/monitoring/series?range=${r}`)).status).toBe(200);
    expect((await ops.get('/api/monitoring/series?range=2h')).body.errors[0].field).toBe('querystring.range');
  });

  it('rejects a reversed or too long range naming the field', async () => {
    const ops = await t.signIn('mock:ops');
    const rev = await ops.get(`/api/monitoring/funnel?from=${at(0)}&to=${at(60)}`);
    expect([rev.status, rev.body.errors[0].field]).toEqual([400, 'querystring.from']);
    expect((await ops.get(`/api/monitoring/funnel?from=2026-01-01T00:00:00.000Z&to=${at(0)}`)).status).toBe(400);
    expect((await ops.get('/api/monitoring/funnel?from=yesterday')).status).toBe(400);
  });

  it('exports every registry URL as JSON and CSV with owner and step', async () => {
    const ops = await t.signIn('mock:ops');
    const json = await ops.get('/api/monitoring/urls.json');
    expect(json.body.urls.map((u: any) => u.id)).toEqual(FLOW_URLS.map((u) => u.id));
    expect(json.body.urls.find((u: any) => u.id === 'sm.interstitial')).toMatchObject({
      product: 'sm',
      owningTeam: 'SM Engineering',
      step: 'interstitial_viewed',
    });
    const csv = await ops.get('/api/monitoring/urls.csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = (csv.body as string).trim().split('\r\n');
    expect(lines[0]).toBe('"id","kind","product","owningTeam","step","path","url","medalliaPattern","description"');
    expect(json.body.urls.find((u: any) => u.id === 'sm.interstitial').medalliaPattern).toMatch(
      /\/my-health\/secure-messages\/new-message\?prescriptionId=\*$/,
    );
    expect(lines).toHaveLength(FLOW_URLS.length + 1);
    expect(lines.find((l) => l.startsWith('"meds.list"'))).toContain('"/my-health/medications"');
  });

  it('reports API success rate, RUM per step, attribution share and sentiment', async () => {
    await resetFlag();
    const alex = await t.signIn('mock:alex');
    await alex.get('/api/medications');
    await alex.get(`/api/medications/${randomUUID()}`);
    await t.app.flowEvents.flush();
    await beacon(alex, {
      sessionId: randomUUID(),
      events: [event(), event({ kind: 'error', step: null, urlId: 'meds.detail', outcome: 'error', errorCode: 'js_error', durationMs: null })],
    });
    const ops = await t.signIn('mock:ops');
    const res = await ops.get('/api/monitoring/report');
    expect(res.status).toBe(200);
    expect(res.body.api.meds).toEqual({ requests: 2, errors: 1, successRate: 0.5, errorRate: 0.5 });
    expect(res.body.api.sm.requests).toBe(0);
    expect(res.body.rum[0]).toMatchObject({ step: 'list_viewed', product: 'meds', sessions: 1, p50Ms: 420 });
    expect(res.body.attribution).toMatchObject({ flowErrors: 2, meds: 2, sm: 0, medsRoutingErrors: 0, attributedToStep: 0, shareAttributedToStep: 0 });
    // Computed from the unattributed counter (API errors outside the registry), not asserted.
    expect(res.body.attribution.shareAttributedToProduct).toBe(Math.round((2 / (2 + res.body.attribution.unattributedApiErrorsSinceStart)) * 10_000) / 10_000);
    expect(res.body.sentiment.total).toBeGreaterThan(0);
    expect(res.body.rollout).toEqual({ percent: 100, state: 'active' });
  });
});

describe('rollout controls and guard', () => {
  beforeEach(resetFlag);

  it('pause hides the link for everyone; resume restores it; each change is audited with who and why', async () => {
    const ops = await t.signIn('mock:ops');
    const alex = await t.signIn('mock:alex');
    expect((await alex.get('/api/medications')).body).toMatchObject({ renewalLinkEnabled: true, rolloutVariant: 'treatment' });

    const paused = await ops.post('/api/monitoring/rollout/pause', { reason: 'Investigating SM send errors' });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ percent: 100, state: 'paused' });
    expect((await alex.get('/api/medications')).body).toMatchObject({ renewalLinkEnabled: false, rolloutVariant: 'off' });
    const rx = (await alex.get('/api/medications')).body.medications.find((m: any) => m.eligibility.renewable);
    expect((await alex.get(`/api/medications/${rx.id}`)).body.renewalLinkEnabled).toBe(false);

    expect((await ops.post('/api/monitoring/rollout/advance', { reason: 'too early' })).status).toBe(409);
    expect((await ops.post('/api/monitoring/rollout/resume', { reason: 'Fixed' })).body).toMatchObject({ state: 'active', percent: 100 });
    expect((await alex.get('/api/medications')).body.renewalLinkEnabled).toBe(true);

    const audit = (await ops.get('/api/monitoring/rollout')).body.audit;
    const opsId = await t.userId('mock:ops');
    expect(audit.map((a: any) => [a.action, a.actor, a.fromState, a.toState, a.reason])).toEqual([
      ['resume', `ops:${opsId}`, 'paused', 'active', 'Fixed'],
      ['pause', `ops:${opsId}`, 'active', 'paused', 'Investigating SM send errors'],
    ]);
  });

  it('rolls back to 0% and advances through the stages from 1%', async () => {
    const ops = await t.signIn('mock:ops');
    expect((await ops.post('/api/monitoring/rollout/rollback', { reason: 'Bad release' })).body).toMatchObject({ percent: 0, state: 'rolled_back' });
    const stages: number[] = [];
    for (let i = 0; i < 5; i++) stages.push((await ops.post('/api/monitoring/rollout/advance', { reason: `stage ${i}` })).body.percent);
    expect(stages).toEqual([1, 10, 25, 50, 100]);
    expect((await ops.post('/api/monitoring/rollout/advance', { reason: 'more' })).status).toBe(409);
  });

  it('refuses rollout changes without CSRF or without a reason', async () => {
    const ops = await t.signIn('mock:ops');
    expect((await ops.post('/api/monitoring/rollout/pause', { reason: 'x y z' }, { csrf: false })).status).toBe(403);
    const res = await ops.post('/api/monitoring/rollout/pause', {});
    expect([res.status, res.body.errors[0].field]).toEqual([400, 'body.reason']);
  });

  async function serverEvents(n: number, errors: number, variant: 'treatment' | 'control', step = 'message_sent', urlId = 'api.sm.draft_send', product = 'sm') {
    const rows = Array.from({ length: n }, (_, i) => ({
      occurred_at: at(10),
      source: 'server' as const,
      kind: i < errors ? ('error' as const) : ('funnel' as const),
      step: step as 'message_sent',
      product: product as 'sm',
      outcome: i < errors ? ('error' as const) : ('ok' as const),
      error_code: i < errors ? 'internal' : null,
      duration_ms: 50,
      session_id: null,
      variant,
      url_id: urlId,
      // One Veteran per event (distinct Veterans is what the guard counts).
      veteran_key: randomUUID().replace(/-/g, ''),
      session_key: null,
      failure: i < errors ? ('server' as const) : null,
      http_status: i < errors ? 500 : 200,
    }));
    await t.ctx.db.insertInto('monitoring_events').values(rows).execute();
  }

  it('guard: does nothing on a tiny sample (1 error in 3 requests)', async () => {
    await serverEvents(3, 1, 'treatment');
    const ops = await t.signIn('mock:ops');
    const res = await ops.post('/api/monitoring/rollout/evaluate', {});
    expect(res.body.decision.action).toBe('none');
    expect((await ops.get('/api/monitoring/rollout')).body.state).toBe('active');
  });

  it('guard: rolls back on 20% send errors, audits the figures and notifies SM Engineering', async () => {
    await serverEvents(100, 20, 'treatment');
    const ops = await t.signIn('mock:ops');
    const res = await ops.post('/api/monitoring/rollout/evaluate', {});
    expect(res.body.decision.action).toBe('rollback');
    const overview = (await ops.get('/api/monitoring/rollout')).body;
    expect([overview.state, overview.percent]).toEqual(['rolled_back', 0]);
    expect(overview.audit[0]).toMatchObject({ action: 'rollback', actor: 'guard', fromPercent: 100, toPercent: 0 });
    expect(overview.audit[0].reason).toContain('SM message_sent: 20/100 Veterans saw a failure (20.0%), threshold 15.0%');
    expect(overview.audit[0].figures.treatment[0]).toMatchObject({ veterans: 100, failingVeterans: 20, requests: 100, failures: 20 });
    expect(overview.audit[0].figures.window.since).toBe('window');
    expect(overview.guardRuns[0]).toMatchObject({ action: 'rollback' });
    expect(overview.notifications[0]).toMatchObject({ product: 'sm', team: 'SM Engineering', severity: 'critical' });
    expect(overview.notifications[0].channel).toContain('mhv-secure-messaging-oncall');
    const alex = await t.signIn('mock:alex');
    expect((await alex.get('/api/medications')).body.renewalLinkEnabled).toBe(false);
  });

  it('guard: pauses when treatment errors exceed control by more than 2 points at a partial stage', async () => {
    await t.ctx.db
      .insertInto('feature_flags')
      .values({ key: 'rx_renewal_sm_link', percent: 25, state: 'active', updated_by: 'test', updated_at: at(120) })
      .execute();
    await serverEvents(200, 8, 'treatment', 'list_viewed', 'api.medications.list', 'meds');
    await serverEvents(600, 3, 'control', 'list_viewed', 'api.medications.list', 'meds');
    const ops = await t.signIn('mock:ops');
    const res = await ops.post('/api/monitoring/rollout/evaluate', {});
    expect(res.body.decision.action).toBe('pause');
    expect(res.body.decision.reasons[0]).toMatchObject({
      product: 'meds',
      metric: 'failing_veterans_vs_control',
      control: { veterans: 600, failingVeterans: 3 },
    });
    const overview = (await ops.get('/api/monitoring/rollout')).body;
    expect([overview.state, overview.percent]).toEqual(['paused', 25]);
    expect(overview.notifications[0]).toMatchObject({ product: 'meds', team: 'Meds Engineering', severity: 'warning' });
  });

  it('guard: skips a rollout that is not active', async () => {
    await t.ctx.db.insertInto('feature_flags').values({ key: 'rx_renewal_sm_link', percent: 50, state: 'paused', updated_by: 'test' }).execute();
    await serverEvents(100, 50, 'treatment');
    const ops = await t.signIn('mock:ops');
    expect((await ops.post('/api/monitoring/rollout/evaluate', {})).body.skipped).toContain('paused');
  });
});
