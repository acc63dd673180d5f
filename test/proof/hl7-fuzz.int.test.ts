/** CI-sized HL7 fuzz through the MLLP listener and ingest (npm run proof:hl7-fuzz runs 100,000). */
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/db.js';
import { runHl7Fuzz } from '../../proof/hl7-fuzz-run.js';

const t = useTestDatabase();

describe('HL7 fuzz through MLLP (small)', () => {
  it('answers every mutated input and stores or counts each one; nothing crashes', async () => {
    const r = await runHl7Fuzz(t.ctx, 2000, 7, 2);
    expect(r.inputs).toBe(2000);
    expect(Object.values(r.acks).reduce((a, b) => a + b, 0)).toBe(2000);
    expect(r.acks.NONE ?? 0).toBe(0);
    expect(r.acks.AR ?? 0).toBeGreaterThan(0);
    expect(r.listenerErrors).toBe(0);
    expect(r.unaccounted).toBe(0);
  }, 120_000);
});
