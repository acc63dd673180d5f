/**
 * PHI-in-logs proof (issue 8, item 4), shared by `npm run proof:phi` and test/phi-in-logs.int.test.ts.
 *
 * Starts the real system (API + web UI + worker + MLLP listener) with LOG_LEVEL=debug and every
 * log line captured, drives the Veteran and clinician journeys and the tracking pipeline through
 * it, then scans every captured line for the demo data's names, e-mail addresses, ICNs,
 * prescription names, Rx numbers and tracking numbers. No vitest imports: the proof runs outside vitest.
 */
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { SANDBOX_AAL_API_KEY, SANDBOX_API_KEY } from '../../src/shared/local-defaults.js';
import { startSandboxes, type Sandboxes, type StartSandboxesOptions } from '../../sandbox/start.js';
import { AalClient } from '../../src/integrations/aal/client.js';
import { callbackUrl } from '../../src/integrations/clients.js';
import { VaNotifyClient } from '../../src/integrations/va-notify/client.js';
import { loadConfig } from '../../src/platform/config.js';
import { systemClock } from '../../src/platform/context.js';
import { createDb, createPool } from '../../src/platform/db/pool.js';
import { createLogger } from '../../src/platform/logging/logger.js';
import { DEMO_CLINICIANS, DEMO_PATIENTS } from '../../src/seed/demo-identity.js';
import { DEMO_PRESCRIPTIONS } from '../../src/seed/demo-medications.js';
import { seedDemoData } from '../../src/seed/seed.js';
import { startSystem, type RunningSystem } from '../../src/server/system.js';
import { ackCode, sendMllp } from '../../src/tracking/ingest/mllp/client.js';
import { TestClient } from './http.js';

// ---- what must never appear -------------------------------------------------------------------

export type PhiKind = 'name' | 'email' | 'icn' | 'rx_name' | 'rx_number' | 'tracking_number';
export interface PhiTerm {
  kind: PhiKind;
  term: string;
}

/** Tracking numbers in the HL7 fixtures the pipeline run sends. */
const FIXTURE_TRACKING_NUMBERS = ['1Z999AA10123456784', '9405511899560000111122'];

/**
 * The demo data's identifying values, built from the seed modules. Names are matched as whole
 * words, case-insensitively; drug names both in full and by their first word (e.g. LISINOPRIL),
 * since free text such as a clinician's reply names the drug in lower case.
 */
export function demoPhiTerms(): PhiTerm[] {
  const terms: PhiTerm[] = [];
  const add = (kind: PhiKind, term: string) => {
    if (!terms.some((t) => t.term.toLowerCase() === term.toLowerCase())) terms.push({ kind, term });
  };
  for (const p of DEMO_PATIENTS) {
    add('name', `${p.first_name} ${p.last_name}`);
    add('name', p.first_name);
    add('name', p.last_name);
    add('email', p.email);
    add('icn', p.icn);
  }
  for (const c of DEMO_CLINICIANS) {
    add('name', `${c.first_name} ${c.last_name}`);
    add('name', c.first_name);
    add('name', c.last_name);
    add('email', c.email);
  }
  for (const rx of DEMO_PRESCRIPTIONS) {
    add('rx_name', rx.name);
    add('rx_name', rx.name.split(' ')[0]!);
    add('rx_number', rx.rx);
  }
  for (const t of FIXTURE_TRACKING_NUMBERS) add('tracking_number', t);
  return terms;
}

export interface PhiHit {
  kind: PhiKind;
  term: string;
  line: string;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every (line, term) pair where a demo value occurs as a whole word. */
export function scanForPhi(lines: string[], terms: PhiTerm[] = demoPhiTerms()): PhiHit[] {
  const matchers = terms.map((t) => ({ ...t, re: new RegExp(`(?<![A-Za-z0-9])${escapeRe(t.term)}(?![A-Za-z0-9])`, 'i') }));
  const hits: PhiHit[] = [];
  for (const line of lines) for (const m of matchers) if (m.re.test(line)) hits.push({ kind: m.kind, term: m.term, line });
  return hits;
}

/** A pino destination that keeps every line. */
export function captureLines(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  let partial = '';
  const stream = new Writable({
    write(chunk, _enc, cb) {
      const parts = (partial + String(chunk)).split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts.filter((l) => l.length > 0));
      cb();
    },
  });
  return { stream, lines };
}

// ---- the system under observation ------------------------------------------------------------

export interface ObservedSystem {
  system: RunningSystem;
  sandboxes: Sandboxes;
  lines: string[];
  stop(): Promise<void>;
}

/** Seed `databaseUrl` (a fresh migrated database) and start stand-ins + the system, logging at debug into memory. */
export const INGEST_TOKEN = 'phi-proof-ingest-token-0123456789abcdef';

export async function startObservedSystem(databaseUrl: string, opts: { faults?: StartSandboxesOptions['faults'] } = {}): Promise<ObservedSystem> {
  const pool = createPool(databaseUrl, 2);
  const seedDb = createDb(pool);
  await seedDemoData(seedDb, systemClock.today());
  await seedDb
    .insertInto('station_email_senders')
    .values([
      { station_number: '442', sender: 'va_notify', changed_by: 'proof' },
      { station_number: '554', sender: 'va_notify', changed_by: 'proof' },
    ])
    .execute();
  await seedDb.destroy();
  const sandboxes = await startSandboxes({
    stepDelayMs: 20,
    allowHttpCallbacks: true,
    callbackRetryDelaysMs: [50, 100, 200, 400],
    duplicateCallbackRate: 0.5,
    ...(opts.faults ? { faults: opts.faults } : {}),
  });
  const { stream, lines } = captureLines();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'debug',
    SEED_DEMO_DATA: 'false',
    PORT: '0',
    MLLP_PORT: '0',
    RATE_LIMIT_PER_MINUTE: '10000',
    TRACKING_DEBOUNCE_SECONDS: '1',
    WORKER_CONCURRENCY: '4',
    TRACKING_INGEST_TOKEN: INGEST_TOKEN,
  });
  const system = await startSystem({
    config,
    databaseUrl,
    log: createLogger({ level: 'debug', destination: stream }),
    notify: new VaNotifyClient({ baseUrl: sandboxes.notifyUrl, apiKey: SANDBOX_API_KEY, timeoutMs: 3000 }),
    aal: new AalClient({ baseUrl: `${sandboxes.aalUrl}/mhvapi/v1`, apiKey: SANDBOX_AAL_API_KEY, appToken: 'rxbridge-rx' }),
  });
  sandboxes.setServiceCallback(callbackUrl(config, system.url));
  return {
    system,
    sandboxes,
    lines,
    async stop() {
      await system.stop();
      await sandboxes.stop();
    },
  };
}

async function until<T>(check: () => Promise<T | undefined>, what: string | (() => Promise<string>), timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : await what()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const fixture = (name: string) => readFileSync(new URL(`../../src/tracking/ingest/hl7/__fixtures__/${name}`, import.meta.url), 'latin1');

/**
 * HL7 in over MLLP (a duplicate included) → VA Notify stand-in → delivery callbacks → AAL, plus a
 * Veteran who opted out (permanent failure). Returns when every e-mail has reached a final state.
 */
export async function runTrackingPipeline(o: ObservedSystem): Promise<{ acks: string[]; emails: number; aalPosted: number }> {
  const two = fixture('rds-r06-two-rx.hl7');
  const acks = (await sendMllp('127.0.0.1', o.system.mllp!.port, [two, two, fixture('rds-r06-single.hl7'), fixture('rrd-o14-rxd13.hl7')])).map(ackCode);
  if (acks.some((a) => a !== 'AA')) throw new Error(`HL7 not accepted: ${acks.join(',')}`);
  const db = o.system.ctx.db;
  const emails = await until(
    async () => {
      const rows = await db.selectFrom('shipment_emails').select('status').execute();
      return rows.length >= 3 && rows.every((r) => r.status === 'delivered' || r.status === 'permanent-failure') ? rows : undefined;
    },
    async () =>
      `tracking e-mails to reach a final state: ${JSON.stringify(await db.selectFrom('shipment_emails').select(['status', 'status_reason']).execute())}`,
  );
  const delivered = emails.filter((e) => e.status === 'delivered').length;
  const aal = await until(async () => {
    const rows = await db.selectFrom('aal_events').select('status').where('status', '=', 'posted').execute();
    return rows.length >= delivered ? rows : undefined;
  }, 'AAL entries');
  await new Promise((r) => setTimeout(r, 500)); // duplicate callbacks land and are logged too
  return { acks, emails: emails.length, aalPosted: aal.length };
}

/**
 * Error paths, where PHI tends to leak (error texts, echoed input): malformed HL7 over MLLP and over
 * HTTP, HL7 with an unknown ICN, a forged VA Notify callback carrying an address, and invalid bodies
 * full of demo PHI. Returns the ACK codes and HTTP statuses (every one a refusal).
 */
export async function runErrorPaths(o: ObservedSystem): Promise<{ acks: string[]; statuses: number[] }> {
  const bad = [
    'malformed-missing-drug.hl7',
    'malformed-missing-rxnumber.hl7',
    'malformed-truncated.hl7',
    'missing-icn.hl7',
    'malformed-bad-delimiters.hl7',
  ].map(fixture);
  const acks = (await sendMllp('127.0.0.1', o.system.mllp!.port, bad)).map(ackCode);
  const url = o.system.url;
  const alex = DEMO_PATIENTS[0];
  const rx = DEMO_PRESCRIPTIONS[1]!;
  // An HL7 message whose PID names Alex but whose drug segment is broken, over HTTP with the service token.
  const hl7 = fixture('rds-r06-two-rx.hl7')
    .replace('442-BATCHSET-7', '442-PHI-PROOF-1')
    .replace(/RXD\|2\|[^\r]*/, 'RXD|2|');
  const statuses: number[] = [];
  const post = async (path: string, body: string, headers: Record<string, string>) => {
    statuses.push((await fetch(`${url}${path}`, { method: 'POST', headers, body })).status);
  };
  await post('/api/tracking/hl7', hl7, { 'content-type': 'application/hl7-v2', authorization: `Bearer ${INGEST_TOKEN}` });
  await post(
    '/api/tracking/fhir',
    JSON.stringify({
      resourceType: 'MedicationDispense',
      subject: { display: `${alex.first_name} ${alex.last_name}`, identifier: { value: alex.icn } },
      medicationCodeableConcept: { text: rx.name },
    }),
    { 'content-type': 'application/json', authorization: `Bearer ${INGEST_TOKEN}` },
  );
  await post(
    '/api/tracking/va-notify/callbacks',
    JSON.stringify({ id: 'not-a-uuid', to: alex.email, status: 'delivered', personalisation: { first_name: alex.first_name } }),
    { 'content-type': 'application/json', 'x-enp-signature': 'f'.repeat(64) },
  );
  // Invalid sign-in body (past the CSRF check, so validation sees it).
  const session = await fetch(`${url}/api/session`);
  const cookie = session.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  await post('/api/auth/mock-sign-in', JSON.stringify({ userId: alex.email, name: `${alex.first_name} ${alex.last_name}` }), {
    'content-type': 'application/json',
    cookie,
    'x-csrf-token': csrfToken,
  });
  return { acks, statuses };
}

/**
 * The Secure Messaging renewal over the API (no browser; for the CI version): Alex starts the
 * prefilled renewal draft, autosaves, sends a message naming herself, her e-mail and the drug;
 * Dr. Shah replies. Returns the HTTP statuses.
 */
export async function runMessagingOverApi(o: ObservedSystem): Promise<number[]> {
  const db = o.system.ctx.db;
  const idOf = async (subject: string) => (await db.selectFrom('users').select('id').where('external_subject', '=', subject).executeTakeFirstOrThrow()).id;
  const rxId = (await db.selectFrom('prescriptions').select('id').where('rx_number', '=', '2719547').executeTakeFirstOrThrow()).id;
  const alex = await new TestClient(o.system.app).signInAs(await idOf('mock:alex'));
  const statuses: number[] = [];
  const teams = await alex.get<{ suggestedTeamId: string }>(`/api/messaging/care-teams?prescriptionId=${rxId}`);
  statuses.push(teams.status);
  const careTeamId = teams.body.suggestedTeamId;
  const draft = await alex.post<{ id: string; subject: string; body: string }>('/api/messaging/drafts', { careTeamId, prescriptionId: rxId });
  statuses.push(draft.status);
  const body = `${draft.body.body}\nPlease call me. Alex Morgan, alex.morgan@example.com, ICN 1012345678V123456.`;
  statuses.push((await alex.request('PUT', `/api/messaging/drafts/${draft.body.id}`, { body })).status);
  const sent = await alex.post<{ threadId: string }>(`/api/messaging/drafts/${draft.body.id}/send`, {
    careTeamId,
    category: 'MEDICATIONS',
    subject: draft.body.subject,
    body,
  });
  statuses.push(sent.status);
  const shah = await new TestClient(o.system.app).signInAs(await idOf('mock:shah'));
  statuses.push((await shah.get(`/api/messaging/threads/${sent.body.threadId}`)).status);
  statuses.push(
    (await shah.post(`/api/messaging/threads/${sent.body.threadId}/replies`, { body: 'We renewed your LISINOPRIL 10MG TAB, Alex Morgan.' })).status,
  );
  // Wait for the new-message e-mail job, so its logging is captured too.
  await until(
    async () => {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'send_new_message_email'`.execute(
        db,
      );
      return rows[0]!.n === 0 ? true : undefined;
    },
    'the new-message e-mail job',
    15_000,
  );
  return statuses;
}

// ---- the browser journey ---------------------------------------------------------------------

const h1 = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();

async function signIn(page: Page, displayName: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByRole('button', { name: new RegExp(`^Sign in as ${displayName}\\b`) }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

/**
 * Alex: sign in → Medications → renewal link → interstitial → care team → prefilled message →
 * edit (autosave) → send. Dr. Shah: inbox → thread → reply. Alex: reads the reply.
 */
export async function runRenewalJourney(browser: Browser, baseUrl: string): Promise<void> {
  const subject = 'Renewal request: LISINOPRIL 10MG TAB';
  const alex = await browser.newContext({ baseURL: baseUrl });
  const page = await alex.newPage();
  await signIn(page, 'Alex Morgan');
  await h1(page, 'Medications');
  await page.locator('[data-rx-number="2719547"]').getByRole('link', { name: 'Send a renewal request message' }).click();
  await h1(page, 'Only use messages for non-urgent needs');
  await page.getByText('You’re requesting a renewal').waitFor();
  await page.getByRole('link', { name: 'Continue to start message' }).click();
  await h1(page, 'Select a care team');
  await page.getByRole('radio', { name: /Cheyenne Primary Care - Blue Team/ }).waitFor();
  await page.getByRole('button', { name: 'Continue' }).click();
  await h1(page, 'Start a new message');
  const body = page.getByLabel('Message', { exact: false }).and(page.locator('textarea'));
  await body.waitFor();
  const deadline = Date.now() + 10_000;
  while (!(await body.inputValue()).includes('LISINOPRIL') && Date.now() < deadline) await page.waitForTimeout(100);
  await body.fill(`${await body.inputValue()}\nI have 5 days of tablets left. Alex Morgan, alex.morgan@example.com`);
  await page.getByTestId('autosave-status').filter({ hasText: 'Your draft was saved' }).waitFor({ timeout: 10_000 });
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await page.waitForURL(/\/my-health\/secure-messages\/sent$/);
  await page.getByTestId('message-item').filter({ hasText: subject }).waitFor();
  await alex.close();

  const shah = await browser.newContext({ baseURL: baseUrl });
  const doc = await shah.newPage();
  await signIn(doc, 'Priya Shah, MD');
  await h1(doc, 'Care team inbox');
  const item = doc.getByTestId('care-team-thread').filter({ hasText: subject });
  await item.getByRole('link', { name: `Medications: ${subject}` }).click();
  await h1(doc, subject);
  await doc.getByLabel('Reply').fill('We renewed your lisinopril, Alex. It ships this week.');
  await doc.getByRole('button', { name: 'Send reply' }).click();
  await doc.getByTestId('reply-outcome').waitFor();
  await shah.close();

  const back = await browser.newContext({ baseURL: baseUrl });
  const again = await back.newPage();
  await signIn(again, 'Alex Morgan');
  await again.goto('/my-health/secure-messages/inbox');
  await h1(again, 'Inbox');
  await again.getByTestId('message-item').filter({ hasText: subject }).getByRole('link').click();
  await h1(again, subject);
  await again.getByTestId('thread-message').filter({ hasText: 'We renewed your lisinopril' }).waitFor();
  await back.close();
}
