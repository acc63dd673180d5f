import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DEMO_PATIENTS } from '../../seed/demo-identity.js';
import { DEMO_PRESCRIPTIONS } from '../../seed/demo-medications.js';
import { createLogger } from './logger.js';
import { REDACTED, redactPhi, scrubText } from './redact.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { log: createLogger({ level: 'trace', destination: stream }), lines };
}

describe('logger PHI redaction', () => {
  it('never writes a demo Veteran’s name, e-mail, ICN or prescription name, however it is logged', () => {
    const { log, lines } = capture();
    const alex = DEMO_PATIENTS[0];
    const rx = DEMO_PRESCRIPTIONS[0]!;
    // Structured fields under PHI keys, nested, in arrays.
    log.info({ patient: { firstName: alex.first_name, lastName: alex.last_name, email: alex.email, icn: alex.icn } }, 'patient loaded');
    log.info({ items: [{ medicationName: rx.name, rxNumber: rx.rx }] }, 'shipment items');
    log.warn({ personalisation: { first_name: alex.first_name, rx_name: rx.name } }, 'sending email');
    // Free text: interpolated and in error messages (e.g. a pg unique-violation detail).
    log.info('sending to %s for %s', alex.email, alex.icn);
    log.error({ err: new Error(`duplicate key: (email)=(${alex.email}) icn ${alex.icn}`) }, 'insert failed');
    log.child({ to: alex.email }).info('child bindings');
    log.child({ component: 'http' }).child({ reqId: 'r1', email: alex.email }).info('grandchild bindings');
    const out = lines.join('');
    for (const secret of [alex.first_name, alex.last_name, alex.email, alex.icn, rx.name, rx.rx]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain(REDACTED);
    expect(out).toContain('[EMAIL]');
    expect(out).toContain('[ICN]');
  });

  it('a child of a child keeps its parent’s bindings and has its own redacted', () => {
    const { log, lines } = capture();
    log.child({ component: 'http' }).child({ reqId: 'r1', icn: DEMO_PATIENTS[0].icn }).info({ step: 'x' }, 'nested');
    expect(JSON.parse(lines[0]!)).toMatchObject({ component: 'http', reqId: 'r1', icn: REDACTED, step: 'x', msg: 'nested' });
  });

  it('keeps non-PHI operational fields intact', () => {
    const { log, lines } = capture();
    log.info({ shipmentId: 'a1b2', attempt: 3, durationMs: 12, product: 'sm', step: 'message_sent' }, 'sent');
    const rec = JSON.parse(lines[0]!);
    expect(rec).toMatchObject({ shipmentId: 'a1b2', attempt: 3, durationMs: 12, product: 'sm', step: 'message_sent', msg: 'sent' });
  });
});

describe('scrubText', () => {
  it.each([
    ['mail jane.doe@example.com now', 'mail [EMAIL] now'],
    ['icn 1012345678V123456', 'icn [ICN]'],
    ['ssn 123-45-6789', 'ssn [SSN]'],
    ['call 307-778-7550', 'call [PHONE]'],
    ['job 42 took 17ms', 'job 42 took 17ms'],
  ])('%s', (input, expected) => {
    expect(scrubText(input)).toBe(expected);
  });
});

describe('redactPhi', () => {
  it('handles cycles and deep nesting without throwing', () => {
    const a: Record<string, unknown> = { id: 1 };
    a.self = a;
    expect(() => redactPhi(a)).not.toThrow();
    let deep: Record<string, unknown> = { email: 'x@y.zz' };
    for (let i = 0; i < 20; i++) deep = { next: deep };
    expect(JSON.stringify(redactPhi(deep))).not.toContain('x@y.zz');
  });
});
