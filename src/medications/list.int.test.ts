/**
 * The Medications list as VA.gov pages it: filters with counts, three sorts, 10 per page, computed
 * by the API in SQL. Sam Taylor has ~40 prescriptions of every status at a VistA and an Oracle
 * Health site. The SQL renewal filter is held against the TypeScript eligibility rule row by row.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/helpers/app.js';
import { FILTER_STATUSES } from './list-filters.js';

const t = useTestApp();

async function all(client: Awaited<ReturnType<typeof t.signIn>>, query = '') {
  const res = await client.get(`/api/medications?perPage=100${query}`);
  expect(res.status).toBe(200);
  return res.body.medications as any[];
}

describe('GET /api/medications: paging, filters, counts', () => {
  it('pages 10 at a time with no overlap and says how many there are', async () => {
    const sam = await t.signIn('mock:sam');
    const seen: string[] = [];
    const first = await sam.get('/api/medications');
    expect(first.body.meta).toMatchObject({ sort: 'alphabetical-status', filter: 'all', page: 1, perPage: 10 });
    const total = first.body.meta.total as number;
    expect(total).toBeGreaterThanOrEqual(35);
    expect(first.body.meta.totalPages).toBe(Math.ceil(total / 10));
    for (let page = 1; page <= first.body.meta.totalPages; page++) {
      const res = await sam.get(`/api/medications?page=${page}`);
      expect(res.body.medications.length).toBe(page < first.body.meta.totalPages ? 10 : total - 10 * (page - 1));
      seen.push(...res.body.medications.map((m: any) => m.id));
    }
    expect(new Set(seen).size).toBe(total);
    const beyond = await sam.get(`/api/medications?page=${first.body.meta.totalPages + 1}`);
    expect(beyond.status).toBe(200);
    expect(beyond.body.medications).toEqual([]);
    // No row to carry the counts past the end: they are still there, the same.
    expect(beyond.body.meta).toMatchObject({ total, filterCounts: first.body.meta.filterCounts });
  });

  it('filters with VA.gov’s definitions, and the counts match what each filter lists', async () => {
    const sam = await t.signIn('mock:sam');
    const everything = await all(sam);
    const counts = (await sam.get('/api/medications')).body.meta.filterCounts;
    expect(counts.all).toBe(everything.length);
    for (const filter of ['active', 'recently-requested', 'non-active'] as const) {
      const listed = await all(sam, `&filter=${filter}`);
      const expected = everything.filter((m) => (FILTER_STATUSES[filter] as readonly string[]).includes(m.status));
      expect(listed.map((m) => m.id).sort(), filter).toEqual(expected.map((m) => m.id).sort());
      expect(counts[filter], filter).toBe(listed.length);
      expect(listed.length, filter).toBeGreaterThan(0);
    }
    // Renewal needed before refill: the SQL filter lists exactly what the eligibility rule calls renewable.
    const renewal = await all(sam, '&filter=renewal');
    expect(renewal.map((m) => m.id).sort()).toEqual(
      everything
        .filter((m) => m.eligibility.renewable)
        .map((m) => m.id)
        .sort(),
    );
    expect(counts.renewal).toBe(renewal.length);
    expect(renewal.length).toBeGreaterThanOrEqual(4);
    // Pending prescriptions and non-VA medications are in the lists VA.gov puts them in.
    const statuses = new Set(everything.map((m) => m.statusLabel));
    for (const label of ['Active: Parked', 'Active: Non-VA', 'Pending new prescription', 'Pending renewal', 'Active: On hold', 'Unknown'])
      expect(statuses).toContain(label);
    const active = await all(sam, '&filter=active');
    expect(active.some((m) => m.statusLabel === 'Active: Non-VA')).toBe(true);
    expect(active.some((m) => m.status.startsWith('pending'))).toBe(false);
  });

  it('holds the SQL renewal filter against the rule for Alex, Jordan and Casey too', async () => {
    for (const who of ['mock:alex', 'mock:jordan', 'mock:casey']) {
      const c = await t.signIn(who);
      const everything = await all(c);
      const renewal = await all(c, '&filter=renewal');
      expect(renewal.map((m) => m.id).sort(), who).toEqual(
        everything
          .filter((m) => m.eligibility.renewable)
          .map((m) => m.id)
          .sort(),
      );
    }
  });

  it('sorts three ways, pending prescriptions first', async () => {
    const sam = await t.signIn('mock:sam');
    const byName = await all(sam, '&sort=alphabetical-rx-name');
    const nonPending = byName.filter((m) => !m.status.startsWith('pending'));
    expect(byName.slice(0, 2).every((m) => m.status.startsWith('pending'))).toBe(true);
    expect(nonPending.map((m) => m.name)).toEqual([...nonPending.map((m) => m.name)].sort());

    const byFill = (await all(sam, '&sort=last-fill-date')).filter((m) => !m.status.startsWith('pending'));
    const filled = byFill.filter((m) => m.lastFillDate);
    expect(byFill.slice(0, filled.length)).toEqual(filled); // filled first
    expect(filled.map((m) => m.lastFillDate)).toEqual([...filled.map((m) => m.lastFillDate)].sort().reverse());
    const unfilled = byFill.slice(filled.length);
    expect(unfilled.map((m) => m.isNonVa)).toEqual([...unfilled.map((m) => m.isNonVa)].sort()); // VA before non-VA

    const byStatus = (await all(sam)).filter((m) => !m.status.startsWith('pending'));
    const labels = byStatus.map((m) => m.statusLabel);
    expect(labels).toEqual([...labels].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('rejects bad query parameters with a 400 naming the field', async () => {
    const sam = await t.signIn('mock:sam');
    for (const [q, field] of [
      ['sort=newest', 'querystring.sort'],
      ['filter=shipped', 'querystring.filter'],
      ['page=0', 'querystring.page'],
      ['perPage=500', 'querystring.perPage'],
      ['page=abc', 'querystring.page'],
    ]) {
      const res = await sam.get(`/api/medications?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.errors[0].field, q).toBe(field);
    }
  });

  it('shows "Shipped on" data from the shipment rows, and refill submitted dates', async () => {
    const alex = await t.signIn('mock:alex');
    const meds = await all(alex);
    expect(meds.every((m) => m.shippedAt === null)).toBe(true); // nothing shipped yet in this database
    expect(meds.find((m) => m.rxNumber === '2719536').facility.ehr).toBe('vista');
  });
});

describe('Renewal link scope by prescription source (RENEWAL_LINK_SOURCES, default both)', () => {
  it('offers the renewal link for renewable prescriptions from VistA and Oracle Health by default', async () => {
    const sam = await t.signIn('mock:sam');
    const renewal = await all(sam, '&filter=renewal');
    const sources = new Set(renewal.filter((m) => m.renewalUrl).map((m) => m.facility.ehr));
    expect(sources).toEqual(new Set(['vista', 'oracle_health']));
    for (const m of renewal) expect(m.renewalUrl).toBe(`/my-health/secure-messages/new-message?prescriptionId=${m.id}`);
  });
});
