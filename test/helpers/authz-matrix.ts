/**
 * Authorization matrix over every API route in the OpenAPI document (issue 8, item 3).
 *
 * Shared by the vitest sweep (test/authz-matrix.int.test.ts) and `npm run proof:authz`, so the CI
 * and a reviewer run the same cases. No vitest imports here: the proof script runs outside vitest.
 *
 * Cases (a route gets a case only where the case can apply to it):
 *  - anonymous       no session (CSRF token present): every non-public route → 401.
 *  - other_veteran   Jordan with Alex's ids (path, query or body): → 404; ops-only routes → 403.
 *  - wrong_role      Alex (Veteran) on routes reserved to other roles (ops, care team) → 403;
 *                    a clinician on Veteran-only routes → 403.
 *  - other_team      a clinician outside the thread's care team on every thread route → 404.
 *  - no_csrf         signed in (Alex, then ops) without the CSRF header on every unsafe method,
 *                    sign-in and sign-out included → 403 csrf_invalid; the VA Notify callback (no CSRF: it authenticates by
 *                    signature or bearer token) must still refuse a session-only caller → 401.
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/platform/db/pool.js';
import type { RouteAuth } from '../../src/identity/session-auth.js';
import { TestClient, type TestResponse } from './http.js';

export type AuthzCase = 'anonymous' | 'other_veteran' | 'wrong_role' | 'other_team' | 'no_csrf';
export const AUTHZ_CASES: AuthzCase[] = ['anonymous', 'other_veteran', 'wrong_role', 'other_team', 'no_csrf'];

/**
 * Public routes that accept writes without a CSRF token by design, and why. Anything else that
 * opts out of CSRF must authenticate otherwise (OTHER_AUTH) — the matrix fails on an unlisted one.
 */
export const PUBLIC_NO_CSRF: Record<string, string> = {
  'POST /api/monitoring/events':
    'browser funnel beacon (navigator.sendBeacon cannot send headers); anonymous, rate-limited, variant taken from the session only',
};

/** Routes anyone may call. */
export const PUBLIC = new Set([
  'GET /api/session',
  'GET /api/auth/demo-users',
  'POST /api/auth/mock-sign-in',
  'POST /api/auth/sign-out',
  ...Object.keys(PUBLIC_NO_CSRF),
]);

/** Routes that opt out of session auth and CSRF because they authenticate callers by other means. */
export const OTHER_AUTH: Record<string, { expectedWithSessionOnly: number; how: string }> = {
  // Interface engine bearer token, else an ops session — whose CSRF token the route checks itself.
  'POST /api/tracking/hl7': { expectedWithSessionOnly: 403, how: 'bearer token, or ops session + CSRF (checked in the route)' },
  'POST /api/tracking/fhir': { expectedWithSessionOnly: 403, how: 'bearer token, or ops session + CSRF (checked in the route)' },
  // HMAC signature or service bearer token; a session cookie is irrelevant.
  'POST /api/tracking/va-notify/callbacks': { expectedWithSessionOnly: 401, how: 'x-enp-signature HMAC or bearer token' },
  // Alertmanager's webhook: its bearer token (ALERTMANAGER_WEBHOOK_TOKEN); a session cookie is irrelevant.
  'POST /api/monitoring/alerts': { expectedWithSessionOnly: 401, how: 'Alertmanager bearer token' },
};

/** Roles that may call routes declared `auth: 'public'` but guarded inside (service token or ops). */
const EFFECTIVE_ROLES: Record<string, string[]> = {
  'POST /api/tracking/hl7': ['ops'],
  'POST /api/tracking/fhir': ['ops'],
};

/** Parameterised routes only operations staff may call: refused by role (403) before any id is read. */
export const OPS_ONLY: Record<string, Record<string, string>> = {
  'POST /api/tracking/messages/{id}/replay': { id: '1' },
  'PUT /api/tracking/stations/{stationNumber}/email-sender': { stationNumber: '442' },
  'POST /api/tracking/stations/{stationNumber}/cutover': { stationNumber: '442' },
  'POST /api/tracking/emails/{id}/resend': { id: '00000000-0000-4000-8000-000000000001' },
};

export interface OwnedRequest {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
}

export interface AuthzEnv {
  app: FastifyInstance;
  db: Db;
}

const SAMPLE_UUID = '00000000-0000-4000-8000-000000000001';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// ---- Alex's resources -------------------------------------------------------------------------

async function patientId(db: Db, key: string): Promise<string> {
  return (await db.selectFrom('users').select('patient_id').where('external_subject', '=', `mock:${key}`).executeTakeFirstOrThrow()).patient_id as string;
}
async function rxId(db: Db, rxNumber: string): Promise<string> {
  return (await db.selectFrom('prescriptions').select('id').where('rx_number', '=', rxNumber).executeTakeFirstOrThrow()).id;
}
/** Alex's refillable prescription (ATORVASTATIN) and renewable one (LISINOPRIL). */
const alexRefillableRx = (db: Db) => rxId(db, '2719536');
const alexRenewableRx = (db: Db) => rxId(db, '2719547');
export async function alexDraft(db: Db): Promise<string> {
  const pid = await patientId(db, 'alex');
  const existing = await db.selectFrom('message_drafts').select('id').where('patient_id', '=', pid).executeTakeFirst();
  if (existing) return existing.id;
  return (
    await db
      .insertInto('message_drafts')
      .values({ patient_id: pid, care_team_id: null, category: null, renewal_prescription_id: null })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}
export async function alexThread(db: Db): Promise<string> {
  const pid = await patientId(db, 'alex');
  return (await db.selectFrom('message_threads').select('id').where('patient_id', '=', pid).executeTakeFirstOrThrow()).id;
}
/** A care team Jordan may message, so a body naming it is valid apart from Alex's prescription. */
async function someCareTeam(db: Db): Promise<string> {
  return (await db.selectFrom('care_teams').select('id').executeTakeFirstOrThrow()).id;
}

/**
 * For each route that takes an id naming a Veteran's resource: a request using Alex's ids.
 * Every parameterised route must be here or in OPS_ONLY (the sweep fails otherwise).
 */
export const OWNED: Record<string, (db: Db) => Promise<OwnedRequest>> = {
  'GET /api/medications/{id}': async (db) => ({ params: { id: await alexRefillableRx(db) } }),
  'GET /api/medications/{id}/export': async (db) => ({ params: { id: await alexRefillableRx(db) }, query: { format: 'pdf' } }),
  'POST /api/medications/refills': async (db) => ({ body: { prescriptionIds: [await alexRefillableRx(db)] } }),
  'GET /api/messaging/care-teams': async (db) => ({ query: { prescriptionId: await alexRenewableRx(db) } }),
  'POST /api/messaging/drafts': async (db) => ({ body: { careTeamId: await someCareTeam(db), prescriptionId: await alexRenewableRx(db) } }),
  'GET /api/messaging/renewals/{prescriptionId}': async (db) => ({ params: { prescriptionId: await alexRenewableRx(db) } }),
  'GET /api/messaging/drafts/{draftId}': async (db) => ({ params: { draftId: await alexDraft(db) } }),
  'PUT /api/messaging/drafts/{draftId}': async (db) => ({ params: { draftId: await alexDraft(db) } }),
  'DELETE /api/messaging/drafts/{draftId}': async (db) => ({ params: { draftId: await alexDraft(db) } }),
  'POST /api/messaging/drafts/{draftId}/send': async (db) => ({ params: { draftId: await alexDraft(db) } }),
  'GET /api/messaging/threads/{threadId}': async (db) => ({ params: { threadId: await alexThread(db) } }),
  'POST /api/messaging/threads/{threadId}/replies': async (db) => ({ params: { threadId: await alexThread(db) }, body: { body: 'Reply' } }),
};

// ---- the sweep --------------------------------------------------------------------------------

export interface ApiRoute {
  method: string;
  /** OpenAPI form: /api/x/{id} */
  path: string;
  key: string;
  /** Declared access (from the app's route table). */
  auth: RouteAuth;
  csrf: boolean;
}

export interface AuthzCell {
  route: string;
  case: AuthzCase;
  as: string;
  expected: number;
  /** Expected error code, where the case pins one. */
  expectedCode?: string;
  status: number;
  code?: string;
  ok: boolean;
}

export interface AuthzReport {
  routes: ApiRoute[];
  cells: AuthzCell[];
  failures: AuthzCell[];
  /** Parameterised routes without an OWNED/OPS_ONLY entry: the matrix cannot prove them. */
  unlisted: string[];
  /** Routes that opt out of CSRF but are in neither OTHER_AUTH nor PUBLIC_NO_CSRF. */
  unexplainedCsrfOptOuts: string[];
}

const fill = (path: string, params: Record<string, string> = {}) => path.replace(/\{(\w+)\}/g, (_m, k: string) => params[k] ?? SAMPLE_UUID);
const withQuery = (url: string, query?: Record<string, string>) => (query ? `${url}?${new URLSearchParams(query)}` : url);

export async function listApiRoutes(app: FastifyInstance): Promise<ApiRoute[]> {
  const res = await app.inject({ method: 'GET', url: '/api/docs/json' });
  const doc = JSON.parse(res.body) as { paths: Record<string, Record<string, unknown>> };
  const access = new Map(app.routeAccess.map((a) => [`${a.method} ${a.url}`, a]));
  return Object.entries(doc.paths)
    .filter(([path]) => path.startsWith('/api/'))
    .flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => {
        const method = m.toUpperCase();
        const a = access.get(`${method} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
        if (!a) throw new Error(`route ${method} ${path} is in the OpenAPI document but not in the route table`);
        return { method, path, key: `${method} ${path}`, auth: a.auth, csrf: a.csrf };
      }),
    );
}

const rolesOf = (r: ApiRoute): string[] | 'any' | 'none' =>
  EFFECTIVE_ROLES[r.key] ?? (r.auth === 'user' ? 'any' : r.auth === 'public' ? 'none' : [r.auth].flat());

async function signIn(env: AuthzEnv, subject: string): Promise<TestClient> {
  const user = await env.db.selectFrom('users').select('id').where('external_subject', '=', subject).executeTakeFirstOrThrow();
  return new TestClient(env.app).signInAs(user.id);
}

/** A clinician who is not a member of the care team of Alex's seeded thread. */
async function outsideClinician(db: Db): Promise<string> {
  const threadId = await alexThread(db);
  const thread = await db.selectFrom('message_threads').select('care_team_id').where('id', '=', threadId).executeTakeFirstOrThrow();
  return (
    await db
      .selectFrom('users as u')
      .select('u.external_subject')
      .where('u.role', '=', 'care_team')
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('care_team_members as m')
              .whereRef('m.clinician_id', '=', 'u.clinician_id')
              .where('m.care_team_id', '=', thread.care_team_id)
              .select('m.clinician_id'),
          ),
        ),
      )
      .executeTakeFirstOrThrow()
  ).external_subject;
}

/** Run every case on every route it applies to; never throws on a wrong answer (see `failures`). */
export async function runAuthzMatrix(env: AuthzEnv, only: AuthzCase[] = AUTHZ_CASES): Promise<AuthzReport> {
  const { app, db } = env;
  const routes = await listApiRoutes(app);
  const cells: AuthzCell[] = [];
  const record = (r: ApiRoute, c: AuthzCase, as: string, expected: number, res: TestResponse, expectedCode?: string) => {
    const code = typeof res.body === 'object' && res.body ? (res.body as { code?: string }).code : undefined;
    cells.push({
      route: r.key,
      case: c,
      as,
      expected,
      expectedCode,
      status: res.status,
      code,
      ok: res.status === expected && (expectedCode === undefined || code === expectedCode),
    });
  };
  const call = (client: TestClient, r: ApiRoute, req: OwnedRequest = {}, opts: { csrf?: boolean } = {}) =>
    client.request(r.method, withQuery(fill(r.path, req.params), req.query), r.method === 'GET' ? undefined : (req.body ?? {}), opts);

  const unlisted = routes.filter((r) => r.path.includes('{') && !OWNED[r.key] && !OPS_ONLY[r.key]).map((r) => r.key);
  const unexplainedCsrfOptOuts = routes.filter((r) => !r.csrf && !OTHER_AUTH[r.key] && !PUBLIC_NO_CSRF[r.key]).map((r) => r.key);

  if (only.includes('anonymous')) {
    const anonymous = await new TestClient(app).init(); // CSRF token, no session
    for (const r of routes.filter((x) => !PUBLIC.has(x.key))) record(r, 'anonymous', 'no session', 401, await call(anonymous, r));
  }

  if (only.includes('other_veteran')) {
    const jordan = await signIn(env, 'mock:jordan');
    for (const r of routes) {
      if (OPS_ONLY[r.key]) record(r, 'other_veteran', 'jordan', 403, await call(jordan, r, { params: OPS_ONLY[r.key] }));
      else if (OWNED[r.key]) record(r, 'other_veteran', 'jordan', 404, await call(jordan, r, await OWNED[r.key]!(db)), 'not_found');
    }
  }

  if (only.includes('wrong_role')) {
    const alex = await signIn(env, 'mock:alex');
    const shah = await signIn(env, 'mock:shah');
    for (const r of routes) {
      const roles = rolesOf(r);
      if (!Array.isArray(roles)) continue;
      if (!roles.includes('veteran')) record(r, 'wrong_role', 'alex (veteran)', 403, await call(alex, r), 'forbidden');
      if (!roles.includes('care_team')) record(r, 'wrong_role', 'shah (care_team)', 403, await call(shah, r), 'forbidden');
    }
  }

  if (only.includes('other_team')) {
    const threadId = await alexThread(db);
    const clinician = await signIn(env, await outsideClinician(db));
    for (const r of routes.filter((x) => x.path.includes('{threadId}'))) {
      record(r, 'other_team', 'clinician outside the team', 404, await call(clinician, r, { params: { threadId }, body: { body: 'Reply' } }), 'not_found');
    }
  }

  if (only.includes('no_csrf')) {
    const alex = await signIn(env, 'mock:alex');
    const ops = await signIn(env, 'mock:ops');
    // Public unsafe routes too: sign-in and sign-out without the token would allow login/logout CSRF.
    for (const r of routes.filter((x) => UNSAFE.has(x.method) && !PUBLIC_NO_CSRF[x.key])) {
      const other = OTHER_AUTH[r.key];
      for (const [as, client] of [
        ['alex', alex],
        ['ops', ops],
      ] as const) {
        const res = await call(client, r, {}, { csrf: false });
        if (other) record(r, 'no_csrf', as, other.expectedWithSessionOnly, res, other.expectedWithSessionOnly === 403 ? 'csrf_invalid' : 'unauthenticated');
        else record(r, 'no_csrf', as, 403, res, 'csrf_invalid');
      }
    }
  }

  return { routes, cells, failures: cells.filter((c) => !c.ok), unlisted, unexplainedCsrfOptOuts };
}

/** Routes × cases as text: each cell "expected/actual" with ✗ on a mismatch, "–" where the case does not apply. */
export function formatAuthzMatrix(report: AuthzReport): string {
  const width = Math.max(...report.routes.map((r) => r.key.length));
  const head = `${'route'.padEnd(width)}  ${AUTHZ_CASES.map((c) => c.padEnd(13)).join(' ')}`;
  const lines = report.routes.map((r) => {
    const cols = AUTHZ_CASES.map((c) => {
      const cs = report.cells.filter((x) => x.route === r.key && x.case === c);
      if (!cs.length) return '–'.padEnd(13);
      const statuses = [...new Set(cs.map((x) => x.status))].join('/');
      return `${cs.every((x) => x.ok) ? '' : '✗ '}${statuses}`.padEnd(13);
    });
    return `${r.key.padEnd(width)}  ${cols.join(' ')}`;
  });
  return [head, ...lines].join('\n');
}
