/**
 * Terminology (identity)
 *  - User: someone who can sign in. Exactly one role:
 *      veteran   — a patient; sees only their own data (patientId)
 *      care_team — a clinician; sees messages for the care teams they belong to (clinicianId)
 *      ops       — operations staff; sees pipeline and monitoring pages, never a Veteran's clinical data UI
 *  - Identity provider: turns an external sign-in (mock today, OIDC later) into a user row.
 *  - Session: an opaque random cookie token; only its SHA-256 is stored.
 */
import type { Role } from './identity.tables.js';

export type { Role };

export interface AuthUser {
  id: string;
  role: Role;
  displayName: string;
  patientId: string | null;
  clinicianId: string | null;
}
