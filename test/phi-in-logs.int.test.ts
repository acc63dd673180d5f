/**
 * No PHI in logs (issue 8, item 4), CI version: the real system at LOG_LEVEL=debug with every log
 * line captured; Secure Messaging over the API (messages naming Alex, her e-mail, ICN and drug), the
 * tracking pipeline (HL7 over MLLP → VA Notify stand-in → callbacks → AAL) and error paths
 * (malformed HL7, forged callback, invalid bodies). Every line is scanned for the demo data's
 * names, e-mails, ICNs, Rx names, Rx numbers and tracking numbers. The browser journey runs in
 * `npm run proof:phi`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/platform/logging/logger.js';
import { createTestDatabase } from './helpers/db.js';
import {
  captureLines,
  demoPhiTerms,
  runErrorPaths,
  runMessagingOverApi,
  runTrackingPipeline,
  scanForPhi,
  startObservedSystem,
  type ObservedSystem,
} from './helpers/phi-in-logs.js';

let o: ObservedSystem;
let drop: () => Promise<void>;
beforeAll(async () => {
  const db = await createTestDatabase();
  drop = db.drop;
  o = await startObservedSystem(db.url);
}, 60_000);
afterAll(async () => {
  await o?.stop();
  await drop?.();
});

describe('PHI in logs', () => {
  it('the scanner finds every kind of demo value when it is written unredacted', () => {
    const terms = demoPhiTerms();
    expect(new Set(terms.map((t) => t.kind))).toEqual(new Set(['name', 'email', 'icn', 'rx_name', 'rx_number', 'tracking_number']));
    const planted = [
      '{"msg":"to alex.morgan@example.com"}',
      '{"note":"Priya Shah replied"}',
      '{"drug":"lisinopril"}',
      '{"x":"1098765432V654321"}',
      '{"n":"3636412"}',
    ];
    const hits = scanForPhi(planted);
    expect(planted.filter((l) => !hits.some((h) => h.line === l))).toEqual([]);
    expect(new Set(hits.map((h) => h.kind))).toEqual(new Set(['email', 'icn', 'name', 'rx_name', 'rx_number']));
    // Ids and timestamps are not mistaken for PHI.
    expect(scanForPhi(['{"shipmentId":"4f46eb44-08ee-4667-a336-5ae34986f127","time":"2026-11-24T08:46:12.380Z","duration":44.11353}'])).toEqual([]);
  });

  it('a debug-level logger given a destination writes every level there (what the proof captures)', () => {
    const { stream, lines } = captureLines();
    const log = createLogger({ level: 'debug', destination: stream });
    log.debug('one');
    log.info({ email: 'alex.morgan@example.com' }, 'two');
    expect(lines).toHaveLength(2);
    expect(scanForPhi(lines)).toEqual([]);
  });

  it('messaging, the tracking pipeline and error paths log no demo PHI at debug level', async () => {
    const statuses = await runMessagingOverApi(o);
    expect(statuses).toEqual([200, 201, 200, 201, 200, 201]);
    const errors = await runErrorPaths(o);
    expect(errors.acks.every((a) => a === 'AE' || a === 'AR')).toBe(true);
    expect(errors.statuses).toEqual([422, 422, 401, 400]);
    const p = await runTrackingPipeline(o);
    expect(p.emails).toBe(3);
    expect(o.lines.length).toBeGreaterThan(30);
    expect(o.lines.some((l) => l.includes('"level":20'))).toBe(true); // debug lines were captured
    expect(scanForPhi(o.lines).map((h) => `${h.kind} ${h.term}: ${h.line.slice(0, 300)}`)).toEqual([]);
  }, 60_000);
});
