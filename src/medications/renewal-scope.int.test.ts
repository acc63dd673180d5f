/** RENEWAL_LINK_SOURCES=oracle_health: VA.gov's behaviour today (the link only for Oracle Health prescriptions). */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/helpers/app.js';

const t = useTestApp({ config: { RENEWAL_LINK_SOURCES: 'oracle_health' } });

describe('renewal link scope: Oracle Health only', () => {
  it('keeps eligibility but gives the link only to Oracle Health prescriptions', async () => {
    const sam = await t.signIn('mock:sam');
    const renewal = (await sam.get('/api/medications?filter=renewal&perPage=100')).body.medications as any[];
    expect(renewal.length).toBeGreaterThan(0);
    const vista = renewal.filter((m) => m.facility.ehr === 'vista');
    const oracle = renewal.filter((m) => m.facility.ehr === 'oracle_health');
    expect(vista.length).toBeGreaterThan(0);
    expect(oracle.length).toBeGreaterThan(0);
    for (const m of renewal) expect(m.eligibility.renewable).toBe(true);
    for (const m of vista) expect(m.renewalUrl).toBeNull();
    for (const m of oracle) expect(m.renewalUrl).toMatch(/^\/my-health\/secure-messages\/new-message\?prescriptionId=/);
  });
});
