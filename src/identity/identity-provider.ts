/**
 * Identity providers turn an external sign-in into one of our users. The mock provider (local
 * development and tests, like VA.gov's mock sign-in) lets anyone pick a demo user and is never
 * constructed when NODE_ENV=production. An OIDC provider (Login.gov / ID.me via VA's SiS) would
 * implement the same interface, mapping the token's `sub` to users.external_subject.
 */
import type { Db } from '../platform/db/pool.js';
import type { Role } from './auth-user.js';

export interface DemoUser {
  id: string;
  role: Role;
  displayName: string;
  description: string;
}

export interface IdentityProvider {
  readonly kind: 'mock' | 'oidc';
  /** Resolve a sign-in assertion to a user id, or undefined if it is not acceptable. */
  resolveUser(assertion: { userId: string }): Promise<string | undefined>;
}

export class MockIdentityProvider implements IdentityProvider {
  readonly kind = 'mock' as const;
  constructor(private readonly db: Db) {}

  async resolveUser({ userId }: { userId: string }): Promise<string | undefined> {
    const row = await this.db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
    return row?.id;
  }

  async listDemoUsers(): Promise<DemoUser[]> {
    const rows = await this.db
      .selectFrom('users as u')
      .leftJoin('patients as p', 'p.id', 'u.patient_id')
      .select(['u.id', 'u.role', 'u.display_name', 'u.external_subject'])
      .orderBy('u.role', 'desc')
      .orderBy('u.display_name')
      .execute();
    const roleText: Record<Role, string> = { veteran: 'Veteran', care_team: 'Care team clinician', ops: 'Operations' };
    return rows.map((r) => ({ id: r.id, role: r.role, displayName: r.display_name, description: roleText[r.role] }));
  }
}
