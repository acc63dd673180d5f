/**
 * The real alerting chain against the running system: rxbridge (API + /metrics) ← Debian's
 * Prometheus scraping it every second with ops/prometheus/rules.yml → Debian's Alertmanager with
 * ops/alertmanager/alertmanager.yml → rxbridge's webhook receiver. We inject Secure Messaging send
 * failures (the message tables go offline, so every send answers 500) and wait for the critical
 * SM alert to arrive, be recorded, and pause the rollout.
 *
 * Test-only changes to the committed configs (everything else is used as is): random ports, temp
 * directories, the rxbridge URL and token file, `for:` shortened to 0s and group waits to 1s so
 * the test is bounded (≈ 30 s) instead of taking the production 5 minutes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTestConfig } from '../../src/platform/config.js';
import { createDb, createPool } from '../../src/platform/db/pool.js';
import { createLogger } from '../../src/platform/logging/logger.js';
import { seedDemoData } from '../../src/seed/seed.js';
import { systemClock } from '../../src/platform/context.js';
import { startSystem, type RunningSystem } from '../../src/server/system.js';
import { createTestDatabase } from '../helpers/db.js';
import { TestClient } from '../helpers/http.js';
import { requireTool } from '../helpers/ops-tools.js';

const TOKEN = `am-${randomUUID()}-${randomUUID()}`;
let system: RunningSystem;
let dropDb: (() => Promise<void>) | undefined;
let dir: string;
const children: ChildProcess[] = [];
const output: string[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

function start(bin: string, args: string[], name: string): ChildProcess {
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (b: Buffer) => {
    output.push(`[${name}] ${b.toString().trimEnd()}`);
    if (output.length > 400) output.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  children.push(child);
  return child;
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, ms: number): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch {
      /* not yet */
    }
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}\n${output.slice(-40).join('\n')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  const prometheus = await requireTool('prometheus');
  const alertmanager = await requireTool('alertmanager');
  const db = await createTestDatabase();
  dropDb = db.drop;
  const pool = createPool(db.url, 2);
  await seedDemoData(createDb(pool), systemClock.today());
  await pool.end();
  system = await startSystem({
    config: loadTestConfig({ PORT: '0', RATE_LIMIT_PER_MINUTE: '10000', ALERTMANAGER_WEBHOOK_TOKEN: TOKEN, MLLP_HOST: '' }),
    databaseUrl: db.url,
    log: createLogger({ level: 'silent' }),
    worker: false,
  });

  dir = await mkdtemp(path.join(tmpdir(), 'rxb-alerting-'));
  const [amPort, amCluster, promPort] = [await freePort(), await freePort(), await freePort()];
  await writeFile(path.join(dir, 'token'), TOKEN);
  const am = (await readFile('ops/alertmanager/alertmanager.yml', 'utf8'))
    .replace('http://127.0.0.1:3000/api/monitoring/alerts', `${system.url}/api/monitoring/alerts`)
    .replace('/etc/rxbridge/alertmanager-webhook-token', path.join(dir, 'token'))
    .replace('group_wait: 30s', 'group_wait: 1s')
    .replace('group_interval: 5m', 'group_interval: 1s');
  await writeFile(path.join(dir, 'alertmanager.yml'), am);
  const rules = (await readFile('ops/prometheus/rules.yml', 'utf8')).replace(/for: \d+m/g, 'for: 0s').replace('interval: 30s', 'interval: 1s');
  await writeFile(path.join(dir, 'rules.yml'), rules);
  const target = new URL(system.url).host;
  await writeFile(
    path.join(dir, 'prometheus.yml'),
    [
      'global: { scrape_interval: 1s, evaluation_interval: 1s }',
      'rule_files: [rules.yml]',
      `alerting: { alertmanagers: [ { static_configs: [ { targets: ["127.0.0.1:${amPort}"] } ] } ] }`,
      `scrape_configs: [ { job_name: rxbridge, static_configs: [ { targets: ["${target}"] } ] } ]`,
    ].join('\n'),
  );
  start(
    alertmanager,
    [
      `--config.file=${path.join(dir, 'alertmanager.yml')}`,
      `--storage.path=${path.join(dir, 'am-data')}`,
      `--web.listen-address=127.0.0.1:${amPort}`,
      `--cluster.listen-address=127.0.0.1:${amCluster}`,
      '--log.level=warn',
    ],
    'alertmanager',
  );
  start(
    prometheus,
    [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'prom-data')}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
      '--log.level=warn',
    ],
    'prometheus',
  );
  await waitFor('Alertmanager ready', async () => ((await fetch(`http://127.0.0.1:${amPort}/-/ready`)).ok ? true : undefined), 30_000);
  await waitFor('Prometheus ready', async () => ((await fetch(`http://127.0.0.1:${promPort}/-/ready`)).ok ? true : undefined), 30_000);
}, 90_000);

afterAll(async () => {
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
  await system?.stop();
  await dropDb?.();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('Prometheus → Alertmanager → rxbridge, with the real binaries', () => {
  it('SM send failures fire the critical SM alert, which arrives at the webhook, shows on /ops and pauses the rollout', async () => {
    const ctx = system.ctx;
    const alexId = (await ctx.db.selectFrom('users').select('id').where('external_subject', '=', 'mock:alex').executeTakeFirstOrThrow()).id;
    const alex = await new TestClient(system.app).signInAs(alexId);
    // Inject the fault: Secure Messaging's drafts table goes offline, every send answers 500.
    await sql`alter table message_drafts rename to message_drafts_offline`.execute(ctx.db);
    try {
      const body = { careTeamId: randomUUID(), category: 'MEDICATIONS', subject: 'Renewal', body: 'Please renew.' };
      const first = await alex.post(`/api/messaging/drafts/${randomUUID()}/send`, body);
      expect(first.status).toBe(500);
      const started = Date.now();
      const alert = await waitFor(
        'the SM alert at the webhook',
        async () => {
          for (let i = 0; i < 5; i++) await alex.post(`/api/messaging/drafts/${randomUUID()}/send`, body);
          const row = await ctx.db.selectFrom('monitoring_alerts').selectAll().where('alertname', '=', 'RxRenewalSmFailuresCritical').executeTakeFirst();
          return row ?? undefined;
        },
        90_000,
      );
      output.push(`[test] alert arrived after ${Date.now() - started} ms`);
      expect(alert).toMatchObject({ status: 'firing', team: 'SM Engineering', severity: 'critical', product: 'sm', paused_rollout: true });
      expect(alert.summary).toContain('Secure Messaging message_sent');

      const ops = await new TestClient(system.app).signInAs(
        (await ctx.db.selectFrom('users').select('id').where('external_subject', '=', 'mock:ops').executeTakeFirstOrThrow()).id,
      );
      const status = (await ops.get('/api/monitoring/status')).body;
      expect(status.rollout).toMatchObject({ state: 'paused', updatedBy: 'alertmanager' });
      expect(status.alerts.map((a: { alertname: string }) => a.alertname)).toContain('RxRenewalSmFailuresCritical');
      // The warning twin is inhibited by the critical alert (same team, product, step).
      expect(await ctx.db.selectFrom('monitoring_alerts').select('alertname').where('alertname', '=', 'RxRenewalSmFailures').execute()).toEqual([]);
      console.log(
        `alerting chain: alert ${alert.alertname} (${alert.team}, ${alert.severity}) arrived after ${Date.now() - started} ms; rollout ${status.rollout.state}`,
      );
    } finally {
      await sql`alter table message_drafts_offline rename to message_drafts`.execute(ctx.db);
    }
  }, 150_000);
});
