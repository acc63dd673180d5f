import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/helpers/app.js';

const t = useTestApp();

async function rxId(rxNumber: string): Promise<string> {
  return (await t.ctx.db.selectFrom('prescriptions').select('id').where('rx_number', '=', rxNumber).executeTakeFirstOrThrow()).id;
}

describe('GET /api/medications', () => {
  it('lists only the signed-in Veteran’s prescriptions, with eligibility and reason codes', async () => {
    const alex = await t.signIn('mock:alex');
    const res = await alex.get('/api/medications');
    expect(res.status).toBe(200);
    const byRx = new Map(res.body.medications.map((m: any) => [m.rxNumber, m]));
    expect(byRx.size).toBe(9);
    expect(byRx.has('3636456')).toBe(false); // Jordan's
    expect((byRx.get('2719536') as any).eligibility).toMatchObject({ refillable: true, renewable: false, reason: 'REFILLABLE' });
    expect((byRx.get('2719547') as any).eligibility).toMatchObject({ refillable: false, renewable: true, reason: 'NO_REFILLS_LEFT' });
    expect((byRx.get('3636412') as any).eligibility.reason).toBe('EXPIRED_WITHIN_RENEWAL_WINDOW');
    expect((byRx.get('3636423') as any).eligibility.reason).toBe('EXPIRED_BEYOND_RENEWAL_WINDOW');
    expect((byRx.get('2719570') as any).eligibility.reason).toBe('NON_VA');
  });

  it('gives a renewal URL (Secure Messaging start) only to renewal-eligible prescriptions', async () => {
    const alex = await t.signIn('mock:alex');
    const meds = (await alex.get('/api/medications')).body.medications as any[];
    for (const m of meds) {
      if (m.eligibility.renewable) expect(m.renewalUrl).toBe(`/my-health/secure-messages/new-message?prescriptionId=${m.id}`);
      else expect(m.renewalUrl).toBeNull();
    }
    expect(meds.filter((m) => m.renewalUrl).length).toBe(2);
  });

  it('requires sign-in (401) and the veteran role (403)', async () => {
    expect((await t.client().get('/api/medications')).status).toBe(401);
    const clinician = await t.signIn('mock:shah');
    const res = await clinician.get('/api/medications');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden');
  });
});

describe('GET /api/medications/:id', () => {
  it('returns the prescription with its fills', async () => {
    const alex = await t.signIn('mock:alex');
    const res = await alex.get(`/api/medications/${await rxId('2719536')}`);
    expect(res.status).toBe(200);
    expect(res.body.name).toBe('ATORVASTATIN 40MG TAB');
    expect(res.body.fills.map((f: any) => f.fillNumber)).toEqual([1, 0]);
  });

  it('answers 404 for another Veteran’s prescription, exactly as for a missing one', async () => {
    const alex = await t.signIn('mock:alex');
    const jordans = await alex.get(`/api/medications/${await rxId('3636456')}`);
    const missing = await alex.get('/api/medications/00000000-0000-4000-8000-000000000000');
    expect(jordans.status).toBe(404);
    expect(jordans.body).toEqual(missing.body);
  });

  it('rejects a malformed id with a 400 naming the field', async () => {
    const alex = await t.signIn('mock:alex');
    const res = await alex.get('/api/medications/not-a-uuid');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('params.id');
  });
});

describe('POST /api/medications/refills (answered per prescription)', () => {
  it('submits a refill for a refillable prescription and marks it submitted', async () => {
    const alex = await t.signIn('mock:alex');
    const id = await rxId('2719536');
    const res = await alex.post('/api/medications/refills', { prescriptionIds: [id] });
    expect(res.status).toBe(200);
    expect(res.body.submitted[0].prescriptionId).toBe(id);
    expect(res.body.results[0]).toMatchObject({ prescriptionId: id, outcome: 'submitted', name: 'ATORVASTATIN 40MG TAB' });
    const after = await alex.get(`/api/medications/${id}`);
    expect(after.body.status).toBe('active_submitted');
    expect(after.body.eligibility.reason).toBe('REFILL_SUBMITTED');
    expect(after.body.refillSubmittedAt).toBe(res.body.results[0].requestedAt);
  });

  it('partial success: the refillable one is submitted, the others fail with their reason; another Veteran’s id fails like a missing one', async () => {
    const jordan = await t.signIn('mock:jordan');
    const ok = await rxId('3636456');
    const renewalOnly = await rxId('3636467');
    const alexs = await rxId('2719592'); // Casey's, in fact: not Jordan's
    const missing = '00000000-0000-4000-8000-000000000000';
    const res = await jordan.post('/api/medications/refills', { prescriptionIds: [ok, renewalOnly, alexs, missing] });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: any) => [r.outcome, r.reason ?? null])).toEqual([
      ['submitted', null],
      ['failed', 'NO_REFILLS_LEFT'],
      ['failed', 'NOT_FOUND'],
      ['failed', 'NOT_FOUND'],
    ]);
    // Not found for another Veteran's id says exactly what it says for an id that does not exist.
    const { prescriptionId: _a, ...other } = res.body.results[2];
    const { prescriptionId: _b, ...none } = res.body.results[3];
    expect(other).toEqual(none);
    expect(other.name).toBeNull();
    expect(res.body.failed.map((f: any) => f.reason)).toEqual(['NO_REFILLS_LEFT', 'NOT_FOUND', 'NOT_FOUND']);
    const stored = await t.ctx.db.selectFrom('refill_requests').select('prescription_id').where('prescription_id', 'in', [ok, renewalOnly, alexs]).execute();
    expect(stored.map((r) => r.prescription_id)).toEqual([ok]);
    const caseys = await t.ctx.db.selectFrom('prescriptions').select('status').where('id', '=', alexs).executeTakeFirstOrThrow();
    expect(caseys.status).toBe('active');
  });

  it('cannot refill another Veteran’s prescription: 404 when none is the Veteran’s, nothing stored', async () => {
    const alex = await t.signIn('mock:alex');
    const jordans = await rxId('2719581'); // Jordan's, never requested in this file
    const res = await alex.post('/api/medications/refills', { prescriptionIds: [jordans] });
    expect(res.status).toBe(404);
    const missing = await alex.post('/api/medications/refills', { prescriptionIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(missing.body).toEqual(res.body);
    const stored = await t.ctx.db.selectFrom('refill_requests').select('id').where('prescription_id', '=', jordans).execute();
    expect(stored).toHaveLength(0);
  });

  it('requires the CSRF token', async () => {
    const casey = await t.signIn('mock:casey');
    const res = await casey.post('/api/medications/refills', { prescriptionIds: [await rxId('2719592')] }, { csrf: false });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('csrf_invalid');
  });

  it('validates the body and names the field', async () => {
    const casey = await t.signIn('mock:casey');
    const empty = await casey.post('/api/medications/refills', { prescriptionIds: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].field).toBe('body.prescriptionIds');
    const wrong = await casey.post('/api/medications/refills', { prescriptionIds: ['x'] });
    expect(wrong.body.errors[0].field).toBe('body.prescriptionIds.0');
  });
});
