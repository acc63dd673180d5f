/**
 * The guard's outside cases end to end (real HTTP, real Postgres): one client's 4xx burst, 30
 * forged funnel events from one Veteran's cookie, a resume that must stick; plus what on-call
 * reads: stored-state metrics at scrape time, the Alertmanager receiver, the rollout log line.
 */
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { REFERENCE_TIME } from '../../../test/helpers/db.js';
import { useTestApp } from '../../../test/helpers/app.js';
import { createLogger } from '../../platform/logging/logger.js';
import type { Clock } from '../../platform/context.js';
import { changeRollout } from './rollout.service.js';

let now = Date.parse(REFERENCE_TIME);
const clock: Clock = { now: () => new Date(now), today: () => new Date(now).toISOString().slice(0, 10) };
const advance = (minutes: number) => {
  now += minutes * 60_000;
};
const TOKEN = 'alertmanager-test-token-0123456789abcdef';
const t = useTestApp({ clock, config: { ALERTMANAGER_WEBHOOK_TOKEN: TOKEN } });

async function reset() {
  for (const table of [
    'feature_flags',
    'monitoring_events',
    'monitoring_session_steps',
    'rollout_audit',
    'rollout_guard_runs',
    'monitoring_alerts',
    'monitoring_notifications',
  ] as const) {
    await t.ctx.db.deleteFrom(table).execute();
  }
  now = Date.parse(REFERENCE_TIME);
  // The rollout was last changed two hours ago: the guard's 60-minute window applies.
  await t.ctx.db
    .insertInto('feature_flags')
    .values({ key: 'rx_renewal_sm_link', percent: 100, state: 'active', updated_by: 'test', updated_at: new Date(now - 120 * 60_000) })
    .execute();
}

/** Server outcomes of `n` distinct Veterans (one each) at SM send, `failing` of them 500s, at the clock's time. */
async function veterans(n: number, failing: number, minutesAgo = 5) {
  const rows = Array.from({ length: n }, (_, i) => ({
    occurred_at: new Date(now - minutesAgo * 60_000),
    source: 'server' as const,
    kind: i < failing ? ('error' as const) : ('funnel' as const),
    step: 'message_sent' as const,
    product: 'sm' as const,
    outcome: i < failing ? ('error' as const) : ('ok' as const),
    error_code: i < failing ? 'internal' : null,
    duration_ms: 80,
    session_id: null,
    variant: 'treatment' as const,
    url_id: 'api.sm.draft_send',
    veteran_key: randomUUID().replace(/-/g, ''),
    session_key: null,
    failure: i < failing ? ('server' as const) : null,
    http_status: i < failing ? 500 : 200,
  }));
  await t.ctx.db.insertInto('monitoring_events').values(rows).execute();
}

const evaluate = async () => (await (await t.signIn('mock:ops')).post('/api/monitoring/rollout/evaluate', {})).body;

describe('rollout guard on the outside cases', () => {
  beforeEach(reset);

  it('one client’s burst of 4xx answers (not-found at the interstitial, validation at send) does not move the guard', async () => {
    await veterans(40, 0);
    const alex = await t.signIn('mock:alex');
    for (let i = 0; i < 60; i++) expect((await alex.get(`/api/messaging/renewals/${randomUUID()}`)).status).toBe(404);
    for (let i = 0; i < 60; i++) expect((await alex.post(`/api/messaging/drafts/${randomUUID()}/send`, { subject: '' })).status).toBeGreaterThanOrEqual(400);
    await t.app.flowEvents.flush();
    const stored = await t.ctx.db
      .selectFrom('monitoring_events')
      .select(['product', 'step', 'failure'])
      .where('source', '=', 'server')
      .where('outcome', '=', 'error')
      .execute();
    // The interstitial's not-found is charged to Medications' link (routing), the send refusals are validation.
    expect(stored.filter((r) => r.failure === 'routing').every((r) => r.product === 'meds' && r.step === 'link_selected')).toBe(true);
    expect(stored.filter((r) => r.failure === 'routing')).toHaveLength(60);
    expect(stored.filter((r) => r.failure === 'validation').length).toBe(60);

    advance(1);
    const run = await evaluate();
    expect(run.decision.action).toBe('none');
    expect(run.decision.insufficient).toContainEqual({ product: 'meds', step: 'link_selected', veterans: 1, failingVeterans: 1 });
    const sm = run.decision.treatment.find((s: any) => s.step === 'message_sent');
    expect(sm).toMatchObject({ veterans: 41, failingVeterans: 0, ignored: 60 });
  });

  it('30 forged funnel events with one Veteran’s cookie are stored once and do not move the guard', async () => {
    await veterans(40, 0);
    const alex = await t.signIn('mock:alex');
    const at = new Date(now - 60_000).toISOString();
    for (let i = 0; i < 30; i++) {
      const res = await alex.request(
        'POST',
        '/api/monitoring/events',
        JSON.stringify({
          sessionId: randomUUID(),
          events: [
            { kind: 'funnel', step: 'link_selected', urlId: 'meds.list', outcome: 'ok', durationMs: 10, occurredAt: at },
            { kind: 'error', step: 'draft_shown', urlId: 'sm.compose', outcome: 'error', errorCode: 'network', durationMs: null, occurredAt: at },
          ],
        }),
        { csrf: false, headers: { 'content-type': 'text/plain;charset=UTF-8' } },
      );
      expect(res.status).toBe(204);
    }
    const selected = await t.ctx.db.selectFrom('monitoring_events').select('session_key').where('step', '=', 'link_selected').execute();
    expect(selected).toHaveLength(1); // de-duplicated per session and step
    expect(selected[0]!.session_key).toMatch(/^[0-9a-f]{32}$/);
    const run = await evaluate();
    expect(run.decision.action).toBe('none');
    expect(run.decision.insufficient).toContainEqual({ product: 'sm', step: 'draft_shown', veterans: 1, failingVeterans: 1 });
    expect(run.decision.conversion).toMatchObject({ linkSelectedVeterans: 1 });
  });

  it('beacons are rate-limited per session', async () => {
    const alex = await t.signIn('mock:alex');
    const body = JSON.stringify({
      sessionId: randomUUID(),
      events: [{ kind: 'funnel', step: 'list_viewed', urlId: 'meds.list', outcome: 'ok', durationMs: 5, occurredAt: new Date(now).toISOString() }],
    });
    const statuses: number[] = [];
    for (let i = 0; i < 125; i++)
      statuses.push(
        (await alex.request('POST', '/api/monitoring/events', body, { csrf: false, headers: { 'content-type': 'text/plain;charset=UTF-8' } })).status,
      );
    expect(statuses.filter((s) => s === 204)).toHaveLength(120);
    expect(statuses.slice(120).every((s) => s === 429)).toBe(true);
    // Another session from the same address is not affected.
    const jordan = await t.signIn('mock:jordan');
    expect(
      (await jordan.request('POST', '/api/monitoring/events', body, { csrf: false, headers: { 'content-type': 'text/plain;charset=UTF-8' } })).status,
    ).toBe(204);
  });

  it('a resume sticks: failures from before the pause are not judged again', async () => {
    await veterans(100, 8); // 8% of Veterans failing to send
    const first = await evaluate();
    expect(first.decision.action).toBe('pause');
    expect(first.decision.window.since).toBe('window');
    advance(10);
    const ops = await t.signIn('mock:ops');
    expect((await ops.post('/api/monitoring/rollout/resume', { reason: 'SM fixed the send path' })).body.state).toBe('active');
    advance(5);
    const second = await evaluate();
    expect(second.decision.action).toBe('none');
    expect(second.decision.window).toMatchObject({ since: 'state_change', from: new Date(now - 5 * 60_000).toISOString() });
    expect((await ops.get('/api/monitoring/rollout')).body.state).toBe('active');
    // New failures after the resume are judged.
    await veterans(50, 10, 1);
    expect((await evaluate()).decision.action).toBe('rollback');
  });
});

describe('what on-call reads', () => {
  beforeEach(reset);

  it('/metrics reports the stored rollout state and guard decisions, whichever process changed them', async () => {
    // As the worker would: a guard run and a rollback written by another process.
    await t.ctx.db.updateTable('feature_flags').set({ percent: 0, state: 'rolled_back', updated_by: 'guard' }).execute();
    await t.ctx.db
      .insertInto('rollout_guard_runs')
      .values([
        { flag_key: 'rx_renewal_sm_link', action: 'rollback', summary: 'x', figures: null },
        { flag_key: 'rx_renewal_sm_link', action: 'none', summary: 'y', figures: null },
        { flag_key: 'rx_renewal_sm_link', action: 'none', summary: 'z', figures: null },
      ])
      .execute();
    const metrics = (await t.client().get('/metrics')).body as string;
    expect(metrics).toContain('rxbridge_rollout_percent{flag="rx_renewal_sm_link",state="rolled_back"} 0');
    expect(metrics).not.toContain('state="active"');
    expect(metrics).toContain('rxbridge_rollout_guard_decisions_total{action="rollback"} 1');
    expect(metrics).toContain('rxbridge_rollout_guard_decisions_total{action="none"} 2');
  });

  it('Alertmanager’s webhook records the alert, shows it in the on-call status and pauses the rollout', async () => {
    const alert = (status: 'firing' | 'resolved') => ({
      version: '4',
      status,
      receiver: 'rxbridge',
      groupKey: '{}:{team="SM Engineering"}',
      alerts: [
        {
          status,
          fingerprint: 'a1b2c3d4e5f60718',
          labels: { alertname: 'RxRenewalSmSendFailures', team: 'SM Engineering', severity: 'critical', product: 'sm', rollout_action: 'pause' },
          annotations: { summary: 'SM send failures above 15%' },
          startsAt: '2026-06-15T14:55:00Z',
          endsAt: status === 'resolved' ? '2026-06-15T15:05:00Z' : '0001-01-01T00:00:00Z',
        },
      ],
    });
    const anon = t.client();
    const post = (body: unknown, token = TOKEN) =>
      anon.request('POST', '/api/monitoring/alerts', JSON.stringify(body), {
        csrf: false,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      });
    expect((await post(alert('firing'), 'wrong-token-wrong-token-wrong-token-xx')).status).toBe(401);
    const res = await post(alert('firing'));
    expect([res.status, res.body]).toEqual([200, { recorded: 1, pausedRollout: true }]);
    const ops = await t.signIn('mock:ops');
    const status = (await ops.get('/api/monitoring/status')).body;
    expect(status.rollout).toMatchObject({ state: 'paused', updatedBy: 'alertmanager' });
    expect(status.alerts[0]).toMatchObject({
      alertname: 'RxRenewalSmSendFailures',
      status: 'firing',
      team: 'SM Engineering',
      severity: 'critical',
      pausedRollout: true,
    });
    const audit = (await ops.get('/api/monitoring/rollout')).body.audit[0];
    expect(audit).toMatchObject({ action: 'pause', actor: 'alertmanager' });
    expect(audit.reason).toContain('RxRenewalSmSendFailures');
    expect((await t.client().get('/metrics')).body).toContain(
      'rxbridge_monitoring_alerts_firing{alertname="RxRenewalSmSendFailures",team="SM Engineering",severity="critical"} 1',
    );

    expect((await post(alert('resolved'))).body).toEqual({ recorded: 1, pausedRollout: false });
    const after = (await ops.get('/api/monitoring/status')).body.alerts[0];
    expect(after).toMatchObject({ status: 'resolved', endsAt: '2026-06-15T15:05:00.000Z', pausedRollout: true });
  });

  it('rejects a malformed Alertmanager payload naming the field', async () => {
    const res = await t.client().request('POST', '/api/monitoring/alerts', JSON.stringify({ version: '3', status: 'firing', receiver: 'x', alerts: [] }), {
      csrf: false,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    });
    expect([res.status, res.body.errors[0].field]).toEqual([400, 'body.version']);
  });

  it('the "rollout changed" log line shows the new state (not "[REDACTED]")', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const log = createLogger({ level: 'info', destination });
    await changeRollout({ ...t.ctx, log }, 'pause', 'ops:someone', 'checking');
    const line = JSON.parse(lines.find((l) => l.includes('rollout changed'))!);
    expect(line).toMatchObject({ action: 'pause', actor: 'ops', fromStage: 'active 100%', toStage: 'paused 100%' });
    expect(JSON.stringify(line)).not.toContain('[REDACTED]');
  });
});
