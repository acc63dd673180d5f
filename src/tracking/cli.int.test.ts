/**
 * `rxbridge ingest <files…>` end to end against PostgreSQL: files read one at a time, HL7 batch
 * files split, HL7 and FHIR mixed (a batch never mixes formats), and the summary counts what the
 * database holds afterwards.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useTestDatabase } from '../../test/helpers/db.js';
import { trackingCommands } from './cli.js';

const t = useTestDatabase();
const fixture = (kind: 'hl7' | 'fhir', name: string) => new URL(`./ingest/${kind}/__fixtures__/${name}`, import.meta.url).pathname;
let dir: string;
const savedUrl = process.env.DATABASE_URL;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rxbridge-cli-ingest-'));
  process.env.DATABASE_URL = t.url;
});
afterAll(async () => {
  if (savedUrl === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = savedUrl;
  await rm(dir, { recursive: true, force: true });
});

async function runIngest(files: string[]): Promise<{ code: number; out: string; err: string }> {
  const ingest = trackingCommands.find((c) => c.name === 'ingest')!;
  let out = '';
  let err = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const writeErr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
  try {
    return { code: await ingest.run(files), out, err };
  } finally {
    write.mockRestore();
    writeErr.mockRestore();
  }
}
const storedCount = async () =>
  Number(
    (
      await t.ctx.db
        .selectFrom('dispense_messages')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('rxbridge ingest', () => {
  it('an unreadable file or a directory among the files stops the run before anything is stored, naming each', async () => {
    const missing = path.join(dir, 'no-such-file.hl7');
    const { code, err } = await runIngest([fixture('hl7', 'rds-r06-single.hl7'), missing, dir]);
    expect(code).toBe(2);
    expect(err).toContain(`cannot read ${missing} (no such file or no permission), ${dir} (not a file); nothing was ingested`);
    expect(await storedCount()).toBe(0);
  });

  it('ingests HL7 batch and single files and FHIR JSON in one run, and its summary matches the stored rows', async () => {
    // The same single message twice (a second file): one stored message, counted as a duplicate.
    const again = path.join(dir, 'again.hl7');
    await copyFile(fixture('hl7', 'rds-r06-single.hl7'), again);
    const files = [
      fixture('hl7', 'batch-three.hl7'), // 3 messages in an FHS/BHS envelope
      fixture('hl7', 'rds-r06-single.hl7'),
      fixture('fhir', 'dispense-shipping-info.json'),
      again,
      fixture('hl7', 'missing-icn.hl7'), // readable, but no ICN: rejected naming PID-3
    ];
    const { code, out } = await runIngest(files);

    const stored = await t.ctx.db.selectFrom('dispense_messages').select(['format', 'status', 'duplicate_count', 'error_location']).execute();
    const accepted = stored.filter((m) => m.status === 'accepted');
    const rejected = stored.filter((m) => m.status === 'rejected');
    const duplicates = stored.reduce((n, m) => n + m.duplicate_count, 0);
    const dispenses = Number(
      (
        await t.ctx.db
          .selectFrom('dispense_events')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

    expect(stored).toHaveLength(6); // 7 messages, one of them a repeat
    expect(new Set(stored.map((m) => m.format))).toEqual(new Set(['hl7v2', 'fhir']));
    expect(duplicates).toBe(1);
    expect(rejected.map((m) => m.error_location)).toEqual(['PID-3']);
    expect(out).toContain(
      `5 file(s), 7 message(s): ${accepted.length} accepted, ${duplicates} duplicate(s), ${rejected.length} rejected; ${dispenses} new dispense(s)`,
    );
    expect(out).toMatch(/rejected 1 × \w+ at PID-3/);
    expect(code).toBe(1); // something was rejected
  });

  it('a second run of the same files stores nothing new and says every accepted message is a duplicate', async () => {
    const before = await t.ctx.db
      .selectFrom('dispense_messages')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const { out } = await runIngest([fixture('hl7', 'batch-three.hl7'), fixture('fhir', 'dispense-shipping-info.json')]);
    const after = await t.ctx.db
      .selectFrom('dispense_messages')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toEqual(before.n);
    expect(out).toContain('2 file(s), 4 message(s): 0 accepted, 4 duplicate(s), 0 rejected; 0 new dispense(s)');
  });
});
