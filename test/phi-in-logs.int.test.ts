/**
 * No PHI in logs, end to end: the real system at LOG_LEVEL=debug runs the renewal flow through the
 * API (medications, renewal draft prefilled with the drug name, send, invalid input), and the Rx
 * tracking pipeline (HL7 with names and ICNs over MLLP, malformed messages, VA Notify stand-in,
 * callbacks, AAL). Every log line is then searched for the demo data's names, e-mails, ICNs,
 * prescription names and numbers: 0 hits.
 */
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_AAL_API_KEY, SANDBOX_API_KEY } from '../sandbox/defaults.js';
import { AalClient } from '../src/integrations/aal/client.js';
import { callbackUrl } from '../src/integrations/clients.js';
import { VaNotifyClient } from '../src/integrations/va-notify/client.js';
import { loadTestConfig } from '../src/platform/config.js';
import { systemClock } from '../src/platform/context.js';
import { createDb, createPool } from '../src/platform/db/pool.js';
import { createLogger } from '../src/platform/logging/logger.js';
import { DEMO_CLINICIANS, DEMO_PATIENTS } from '../src/seed/demo-identity.js';
import { DEMO_PRESCRIPTIONS } from '../src/seed/demo-medications.js';
import { seedDemoData } from '../src/seed/seed.js';
import { startSystem, type RunningSystem } from '../src/system.js';
import { sendMllp } from '../src/tracking/mllp/client.js';
import { createTestDatabase } from './helpers/db.js';
import { TestClient } from './helpers/http.js';
import { eventually, useSandboxes } from './helpers/sandboxes.js';

const lines: string[] = [];
const capture = new Writable({
  write(chunk, _enc, done) {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    done();
  },
});
const s = useSandboxes();
let system: RunningSystem;
let drop: () => Promise<void>;
const fixture = (name: string) => readFileSync(new URL(`../src/tracking/hl7/__fixtures__/${name}`, import.meta.url), 'latin1');

beforeAll(async () => {
  const db = await createTestDatabase();
  drop = db.drop;
  const pool = createPool(db.url, 2);
  const seedDb = createDb(pool);
  await seedDemoData(seedDb, systemClock.today());
  await seedDb.insertInto('station_email_senders').values({ station_number: '442', sender: 'va_notify', changed_by: 'test' }).execute();
  await seedDb.destroy();
  system = await startSystem({
    config: loadTestConfig({ PORT: '0', LOG_LEVEL: 'debug', TRACKING_DEBOUNCE_SECONDS: '1' }),
    databaseUrl: db.url,
    log: createLogger({ level: 'debug', destination: capture }),
    notify: new VaNotifyClient({ baseUrl: s.notifyUrl, apiKey: SANDBOX_API_KEY }),
    aal: new AalClient({ baseUrl: `${s.aalUrl}/mhvapi/v1`, apiKey: SANDBOX_AAL_API_KEY, appToken: 'rxbridge-rx' }),
  });
  s.setServiceCallback(callbackUrl(system.ctx.config, system.url));
}, 60_000);
afterAll(async () => {
  await system?.stop();
  await drop?.();
});

describe('PHI in logs', () => {
  it('no demo name, e-mail, ICN, prescription name or number appears in any log line', async () => {
    const db = system.ctx.db;
    const alexUser = (await db.selectFrom('users').select('id').where('external_subject', '=', 'mock:alex').executeTakeFirstOrThrow()).id;
    const alex = await new TestClient(system.app).signInAs(alexUser);
    await alex.get('/api/medications');
    const lisinopril = (await db.selectFrom('prescriptions').select('id').where('rx_number', '=', '2719547').executeTakeFirstOrThrow()).id;
    await alex.get(`/api/medications/${lisinopril}`);
    const renewal = await alex.get(`/api/messaging/renewals/${lisinopril}`);
    const teams = await alex.get('/api/messaging/care-teams');
    const teamId = renewal.body?.suggestedCareTeamId ?? teams.body?.facilities?.[0]?.careTeams?.[0]?.id ?? teams.body?.careTeams?.[0]?.id;
    const draft = await alex.post('/api/messaging/drafts', { careTeamId: teamId, prescriptionId: lisinopril });
    if (draft.body?.id) {
      await alex.post(`/api/messaging/drafts/${draft.body.id}/send`, { careTeamId: teamId, category: 'MEDICATIONS', subject: draft.body.subject, body: draft.body.body });
    }
    // Invalid input carrying PHI must not echo it into logs either.
    await alex.post('/api/medications/refills', { prescriptionIds: ['alex.morgan@example.com'], note: 'LISINOPRIL for Alex Morgan 1012345678V123456' });

    await sendMllp('127.0.0.1', system.mllp!.port, [fixture('rds-r06-two-rx.hl7'), fixture('missing-icn.hl7'), fixture('malformed-missing-rxd.hl7'), fixture('rrd-o14-rxd13.hl7')]);
    await eventually(async () => (await db.selectFrom('aal_events').select('status').where('status', '=', 'posted').execute()).length >= 1, 20_000);

    const secrets = [
      ...DEMO_PATIENTS.flatMap((p) => [p.first_name, p.last_name, p.email, p.icn, p.icn.slice(0, 10)]),
      ...DEMO_CLINICIANS.flatMap((c) => [c.last_name, c.email]),
      ...DEMO_PRESCRIPTIONS.flatMap((rx) => [rx.name, rx.rx]),
      'MORGAN', 'RIVERA', 'LISINOPRIL', 'METFORMIN', 'ATORVASTATIN',
    ];
    // The run really exercised the logged paths (so an empty scan cannot pass by accident).
    const messages = lines.map((l) => (JSON.parse(l) as { msg?: string }).msg ?? '');
    for (const m of ['shipment e-mail accepted by VA Notify', 'dispense message rejected', 'request completed']) expect(messages).toContain(m);
    const hits = lines.flatMap((line) => secrets.filter((s) => line.toLowerCase().includes(s.toLowerCase())).map((s) => `${s} in ${line.slice(0, 200)}`));
    expect(hits).toEqual([]);
  }, 90_000);
});
