import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../platform/db/pool.js';
import { prepared } from '../platform/db/prepared.js';
import type { AuthUser } from './auth-user.js';

export const hashToken = (token: string): Buffer => createHash('sha256').update(token).digest();

/** Create a session; returns the cookie token (only its hash is stored). */
export async function createSession(db: Db, userId: string, expiresAt: Date): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('sessions')
    .values({ token_hash: hashToken(token), user_id: userId, expires_at: expiresAt })
    .execute();
  return token;
}

export interface SessionRow extends AuthUser {
  expiresAt: Date;
}

export async function findSession(db: Db, token: string, now: Date): Promise<SessionRow | undefined> {
  // Every signed-in request runs this: prepared, so it is not planned again each time.
  const query = db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['u.id', 'u.role', 'u.display_name', 'u.patient_id', 'u.clinician_id', 's.expires_at'])
    .where('s.token_hash', '=', hashToken(token))
    .where('s.expires_at', '>', now);
  const [row] = (await db.executeQuery(prepared('session_by_token', query))).rows;
  if (!row) return undefined;
  return {
    id: row.id,
    role: row.role,
    displayName: row.display_name,
    patientId: row.patient_id,
    clinicianId: row.clinician_id,
    expiresAt: row.expires_at,
  };
}

export async function extendSession(db: Db, token: string, expiresAt: Date): Promise<void> {
  await db.updateTable('sessions').set({ expires_at: expiresAt }).where('token_hash', '=', hashToken(token)).execute();
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
}

export async function deleteExpiredSessions(db: Db, now: Date): Promise<number> {
  const res = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(res.numDeletedRows);
}
