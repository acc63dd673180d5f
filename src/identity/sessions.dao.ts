import { createHash, randomBytes } from 'node:crypto';
import type { InferResult } from 'kysely';
import type { Db } from '../platform/db/pool.js';
import { preparedStatement, queryBuilder } from '../platform/db/prepared.js';
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

type SessionValues = { tokenHash: Buffer; now: Date };

function buildSessionByToken(_shape: null, param: <K extends keyof SessionValues>(name: K) => SessionValues[K]) {
  return queryBuilder
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['u.id', 'u.role', 'u.display_name', 'u.patient_id', 'u.clinician_id', 's.expires_at'])
    .where('s.token_hash', '=', param('tokenHash'))
    .where('s.expires_at', '>', param('now'));
}

/**
 * Every signed-in request runs this: built once and run as a prepared statement, so neither the
 * app nor PostgreSQL redo that work per request.
 */
const sessionByToken = preparedStatement<null, SessionValues, InferResult<ReturnType<typeof buildSessionByToken>>[number]>(
  'session_by_token',
  buildSessionByToken,
);

export async function findSession(db: Db, token: string, now: Date): Promise<SessionRow | undefined> {
  const [row] = (await db.executeQuery(sessionByToken(null, { tokenHash: hashToken(token), now }))).rows;
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
