/**
 * Demo data, applied once per database as named steps (a step added later — e.g. care teams —
 * still runs on an existing data directory). Each step runs in one transaction with its marker.
 */
import { sql } from 'kysely';
import type { Db, Tx } from '../platform/db/pool.js';
import { loadDemoIds, seedIdentity, type DemoIds } from './demo-identity.js';
import { seedManyPrescriptions, seedMedications } from './demo-medications.js';
import { seedMessaging } from './demo-messaging.js';

export interface SeedStep {
  name: string;
  run(tx: Tx, ids: DemoIds, today: string): Promise<void>;
}

const STEPS: SeedStep[] = [
  { name: 'medications', run: (tx, ids, today) => seedMedications(tx, ids, today) },
  { name: 'messaging', run: (tx, ids, today) => seedMessaging(tx, ids, today) },
  { name: 'medications-40-prescriptions', run: (tx, ids, today) => seedManyPrescriptions(tx, ids, today) },
];

/** Apply pending seed steps; returns the names applied. */
export async function seedDemoData(db: Db, today: string, extraSteps: SeedStep[] = []): Promise<string[]> {
  const applied: string[] = [];
  await db.transaction().execute(async (tx) => {
    const done = await tx.selectFrom('seed_steps').select('name').where('name', '=', 'identity').executeTakeFirst();
    if (!done) {
      await seedIdentity(tx);
      await tx.insertInto('seed_steps').values({ name: 'identity' }).execute();
      applied.push('identity');
    }
  });
  for (const step of [...STEPS, ...extraSteps]) {
    await db.transaction().execute(async (tx) => {
      const inserted = await tx
        .insertInto('seed_steps')
        .values({ name: step.name })
        .onConflict((oc) => oc.doNothing())
        .returning('name')
        .executeTakeFirst();
      if (!inserted) return;
      await step.run(tx, await loadDemoIds(tx), today);
      applied.push(step.name);
    });
  }
  // A database just loaded has no planner statistics until autovacuum gets to it (about a minute).
  // Without them PostgreSQL misjudges every per-Veteran query as one row and never settles on the
  // generic plan of a prepared statement (platform/db/prepared.ts), so gather them now, as a
  // deployed database has them.
  if (applied.length > 0) await sql`analyze`.execute(db);
  return applied;
}
