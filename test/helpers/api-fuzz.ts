/**
 * Schemathesis-style fuzzing of the HTTP API, generated from the app's own OpenAPI document
 * (`GET /api/docs/json`): for every operation, fast-check arbitraries are built from its path,
 * query and body schemas, and requests are sent as every kind of caller (anonymous, Veterans, a
 * clinician, ops; each with its session cookie and CSRF token, machine routes with their token).
 * About two thirds are schema-valid ("positive"); the rest are mutated ("negative": wrong types,
 * missing or extra fields, hostile strings — NUL, lone surrogates, bidi overrides, 10k chars —,
 * random JSON, random ids). Real ids from the database are used for path parameters most of the
 * time, so requests get past the 404s into the routes' logic.
 *
 * Every answer is checked: no 5xx, and the body matches the schema the document declares for
 * that status (2xx must be a declared status); 4xx bodies must have the house error shape
 * (statusCode, code, message, errors[{field, message}]).
 *
 * Used by test/proof/api-fuzz.int.test.ts (CI size, inside `npm test`) and proof/api-fuzz.ts
 * (`npm run proof:api-fuzz`, 100,000 requests).
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/platform/db/pool.js';
import { TestClient } from './http.js';

type Schema = Record<string, any>;
type Caller = 'anonymous' | 'alex' | 'jordan' | 'shah' | 'ops';
const CALLERS: Caller[] = ['anonymous', 'alex', 'jordan', 'shah', 'ops'];
const SUBJECTS: Record<Exclude<Caller, 'anonymous'>, string> = { alex: 'mock:alex', jordan: 'mock:jordan', shah: 'mock:shah', ops: 'mock:ops' };

export interface FuzzFinding {
  kind: '5xx' | 'schema';
  operation: string;
  caller: Caller;
  status: number;
  request: { method: string; url: string; body?: unknown };
  detail: string;
}

export interface FuzzReport {
  requests: number;
  operations: number;
  byStatus: Record<string, number>;
  byOperation: Record<string, Record<string, number>>;
  positive: number;
  negative: number;
  fiveXx: number;
  schemaViolations: number;
  findings: FuzzFinding[];
}

export interface FuzzOptions {
  app: FastifyInstance;
  db: Db;
  requests: number;
  seed?: number;
  /** Bearer tokens of the machine routes. */
  ingestToken: string;
  callbackToken: string;
  onProgress?: (done: number, report: FuzzReport) => void;
}

/** OpenAPI 3.0 → JSON Schema: `nullable: true` becomes "or null". */
function toJsonSchema(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(toJsonSchema);
  if (!s || typeof s !== 'object') return s;
  const { nullable, ...rest } = s as Schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(rest))
    out[k] =
      k === 'properties' || k === 'patternProperties' ? Object.fromEntries(Object.entries(v as Schema).map(([p, x]) => [p, toJsonSchema(x)])) : toJsonSchema(v);
  return nullable ? { anyOf: [out, { type: 'null' }] } : out;
}

const HOSTILE = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfff',
  '\u202Egnp.exe',
  '\u0007\u001b[2J',
  '\r\n',
  '😀'.repeat(30),
  'x'.repeat(10_000),
  '',
  ' ',
  "'; drop table users; --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  '\uFEFF',
  '-1',
  '1e309',
  'null',
];
const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 20 }),
);

/** Ids that exist, by property/parameter name (refreshed during the run), so requests get past 404s. */
let KNOWN: Record<string, string[]> = {};
const known = (name: string | undefined, fallback: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> => {
  const list = name ? (KNOWN[name] ?? KNOWN[name.replace(/s$/, '')]) : undefined;
  return list?.length ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...list) }, { weight: 1, arbitrary: fallback }) : fallback;
};

/** An arbitrary of values valid for `schema` (JSON Schema from the OpenAPI document). */
function valid(schema: Schema | undefined, depth = 0, name?: string): fc.Arbitrary<unknown> {
  if (!schema || Object.keys(schema).length === 0) return fc.jsonValue({ maxDepth: 1 });
  if (schema.anyOf || schema.oneOf) return fc.oneof(...(schema.anyOf ?? schema.oneOf).map((s: Schema) => valid(s, depth, name)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if ('const' in schema) return fc.constant(schema.const);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string': {
      if (schema.format === 'uuid') return known(name, fc.uuid({ version: 4 }));
      if (schema.format === 'date-time')
        return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
      if (schema.pattern) {
        try {
          return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= (schema.maxLength ?? Infinity) && s.length >= (schema.minLength ?? 0));
        } catch {
          /* fall through */
        }
      }
      const min = schema.minLength ?? 0;
      const max = Math.max(min, Math.min(schema.maxLength ?? 40, 60));
      return fc
        .oneof(fc.string({ unit: 'grapheme', minLength: min, maxLength: max }), fc.string({ unit: 'grapheme-ascii', minLength: min, maxLength: max }))
        .filter((s) => [...s].length >= min && [...s].length <= (schema.maxLength ?? Infinity));
    }
    case 'integer':
      return fc.integer({ min: Math.max(schema.minimum ?? -1000, -1e9), max: Math.min(schema.maximum ?? 1000, 1e9) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(valid(schema.items, depth + 1, name), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3)),
      });
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      if (!Object.keys(props).length)
        return depth > 2 ? fc.constant({}) : fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 });
      return fc.record(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, valid(v, depth + 1, k)])), {
        requiredKeys: (schema.required ?? []).filter((k: string) => k in props),
      });
    }
    default:
      return fc.jsonValue({ maxDepth: 1 });
  }
}

/** A mutation of a valid value: wrong types, hostile strings, dropped/extra keys, random JSON. */
function mutated(schema: Schema | undefined): fc.Arbitrary<unknown> {
  const base = valid(schema);
  return fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    hostileString,
    fc
      .tuple(base, fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 1 }))
      .map(([v, k, x]) => (v && typeof v === 'object' && !Array.isArray(v) ? { ...v, [k]: x } : v)),
    fc.tuple(base, fc.nat()).map(([v, i]) => {
      if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
      const keys = Object.keys(v);
      if (!keys.length) return v;
      const copy: Record<string, unknown> = { ...v };
      delete copy[keys[i % keys.length]!];
      return copy;
    }),
    fc.tuple(base, fc.nat(), hostileString).map(([v, i, s]) => {
      if (!v || typeof v !== 'object' || Array.isArray(v)) return s;
      const keys = Object.keys(v);
      return keys.length ? { ...v, [keys[i % keys.length]!]: s } : v;
    }),
  );
}

interface Operation {
  key: string;
  method: string;
  path: string;
  pathParams: Array<{ name: string; schema: Schema }>;
  queryParams: Array<{ name: string; schema: Schema; required: boolean }>;
  body: Schema | undefined;
  bodyType: string | null;
  responses: Map<number, ValidateFunction | null>;
}

const ERROR_SCHEMA = {
  type: 'object',
  required: ['statusCode', 'code', 'message', 'errors'],
  properties: {
    statusCode: { type: 'integer', minimum: 400, maximum: 499 },
    code: { type: 'string', minLength: 1 },
    message: { type: 'string', minLength: 1 },
    errors: {
      type: 'array',
      items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string' }, message: { type: 'string' } } },
    },
    detail: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

function operationsOf(doc: Schema, ajv: Ajv): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, Schema>>)) {
    if (!path.startsWith('/api/') || path.startsWith('/api/docs')) continue;
    for (const [method, op] of Object.entries(methods)) {
      const params = (op.parameters ?? []) as Schema[];
      const content = op.requestBody?.content as Record<string, { schema: Schema }> | undefined;
      const bodyType = content ? (Object.keys(content).find((t) => t.includes('json')) ?? Object.keys(content)[0]!) : null;
      const responses = new Map<number, ValidateFunction | null>();
      for (const [status, r] of Object.entries((op.responses ?? {}) as Record<string, Schema>)) {
        const schema = r.content?.['application/json']?.schema;
        responses.set(Number(status), schema ? ajv.compile(toJsonSchema(schema) as Schema) : null);
      }
      ops.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: toJsonSchema(p.schema) as Schema })),
        queryParams: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: toJsonSchema(p.schema) as Schema, required: !!p.required })),
        body: bodyType ? (toJsonSchema(content![bodyType]!.schema) as Schema) : undefined,
        bodyType,
        responses,
      });
    }
  }
  return ops;
}

interface PlannedRequest {
  caller: Caller;
  negative: boolean;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

async function knownIds(db: Db): Promise<Record<string, string[]>> {
  const ids = async (table: string, column = 'id') =>
    (
      await db
        .selectFrom(table as any)
        .select(`${column} as v` as any)
        .limit(200)
        .execute()
    ).map((r: any) => String(r.v));
  const prescriptions = await ids('prescriptions');
  return {
    id: [...prescriptions, ...(await ids('dispense_messages'))],
    prescriptionId: prescriptions,
    draftId: await ids('message_drafts'),
    threadId: await ids('message_threads'),
    stationNumber: ['442', '554', '589A5'],
    careTeamId: await ids('care_teams'),
    userId: await ids('users'),
    notificationId: (await db.selectFrom('shipment_emails').select('notification_id').where('notification_id', 'is not', null).limit(200).execute()).map((r) =>
      String(r.notification_id),
    ),
  };
}

const fixture = (dir: string, name: string) => readFileSync(new URL(`../../src/tracking/ingest/${dir}/__fixtures__/${name}`, import.meta.url), 'utf8');
const HL7_FIXTURES = [
  'rds-r06-single.hl7',
  'rds-r06-two-rx.hl7',
  'rrd-o14-rxd13.hl7',
  'cancelled.hl7',
  'escapes.hl7',
  'batch-three.hl7',
  'missing-icn.hl7',
  'malformed-truncated.hl7',
].map((f) => fixture('hl7', f));
const FHIR_FIXTURES = [
  'bundle-mixed.json',
  'dispense-shipping-info.json',
  'dispense-cancelled.json',
  'request-contained-legacy.json',
  'malformed-no-rx-number.json',
].map((f) => JSON.parse(fixture('fhir', f)) as unknown);
/** A fixture with its control id / resource id and tracking numbers made unique, so it is new work, not a duplicate. */
const fresh = (text: string, n: number) =>
  text
    .replace(/(MSH(?:\|[^|\r]*){8}\|)([^|\r]*)/, `$1FZ${n}`)
    .replace(/\b(1Z[0-9A-Z]{6,}|94\d{18,})\b/g, (m) => `${m.slice(0, -6)}${String(n).padStart(6, '0').slice(-6)}`);
const CALLBACK_STATUSES = ['delivered', 'permanent-failure', 'temporary-failure', 'sending', 'sent', 'created', 'failed', 'pending'];

/** Percent-encode a path segment; a lone surrogate (not encodable as UTF-8) goes as raw invalid bytes. */
function encodeSegment(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return [...Buffer.from(v, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('') + '%ED%A0%80';
  }
}

export async function runApiFuzz(opts: FuzzOptions): Promise<FuzzReport> {
  const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true });
  addFormats.default(ajv);
  const errorBody = ajv.compile(ERROR_SCHEMA);
  const doc = JSON.parse((await opts.app.inject({ method: 'GET', url: '/api/docs/json' })).body) as Schema;
  const ops = operationsOf(doc, ajv);
  const report: FuzzReport = {
    requests: 0,
    operations: ops.length,
    byStatus: {},
    byOperation: {},
    positive: 0,
    negative: 0,
    fiveXx: 0,
    schemaViolations: 0,
    findings: [],
  };

  const userIds = new Map<string, string>();
  for (const row of await opts.db.selectFrom('users').select(['id', 'external_subject']).execute()) userIds.set(row.external_subject, row.id);
  const clients = new Map<Caller, TestClient>();
  const clientFor = async (caller: Caller, fresh = false): Promise<TestClient> => {
    if (!fresh && clients.has(caller)) return clients.get(caller)!;
    const c = new TestClient(opts.app);
    if (caller === 'anonymous') await c.init();
    else await c.signInAs(userIds.get(SUBJECTS[caller])!);
    clients.set(caller, c);
    return c;
  };
  // Some state to work on from the start: a draft per Veteran caller (more are made during the run).
  for (const caller of ['alex', 'jordan'] as const) {
    const c = await clientFor(caller);
    const teams = ((await c.get('/api/messaging/care-teams')).body?.teams ?? []) as Array<{ id: string }>;
    for (const team of teams.slice(0, 2)) await c.post('/api/messaging/drafts', { careTeamId: team.id });
  }
  let ids = await knownIds(opts.db);
  KNOWN = ids;

  const seed = opts.seed ?? 18;
  const CHUNK = 25;
  // Arbitraries are rebuilt every CHUNK requests of an operation, so ids created meanwhile
  // (drafts, threads, messages) are used; samples are deterministic per seed.
  const arbitraryOf = (op: Operation): fc.Arbitrary<PlannedRequest> => {
    const param = (p: { name: string; schema: Schema }) =>
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...(ids[p.name]?.length ? ids[p.name]! : ['x'])) },
        { weight: 1, arbitrary: valid(p.schema).map(String) },
        { weight: 1, arbitrary: hostileString },
      );
    const query = fc.record(
      Object.fromEntries(
        op.queryParams.map((q) => [q.name, fc.oneof({ weight: 3, arbitrary: valid(q.schema, 0, q.name) }, { weight: 1, arbitrary: hostileString })]),
      ),
      { requiredKeys: [] },
    );
    const hl7 = fc.tuple(fc.constantFrom(...HL7_FIXTURES), fc.nat(999_999)).map(([f, n]) => fresh(f, n));
    const fhir = fc.tuple(fc.constantFrom(...FHIR_FIXTURES), fc.nat(999_999)).map(([f, n]) => JSON.parse(fresh(JSON.stringify(f), n)) as unknown);
    const callback = fc.record({
      id: known('notificationId', fc.uuid({ version: 4 })),
      // Not our own e-mail ids: a callback for an e-mail whose notification id we have not stored yet
      // is answered 503 on purpose (VA Notify then retries); no worker runs here to store ids.
      reference: fc.option(fc.uuid({ version: 4 }), { nil: null }),
      to: fc.constant('veteran@example.com'),
      status: fc.constantFrom(...CALLBACK_STATUSES),
      created_at: fc.constant('2026-12-01T00:00:00.000000Z'),
      completed_at: fc.constant(null),
      sent_at: fc.constant(null),
      notification_type: fc.constant('email'),
      status_reason: fc.option(fc.string({ maxLength: 60 }), { nil: null }),
      provider: fc.constant('ses'),
    });
    const body = (neg: boolean): fc.Arbitrary<unknown> => {
      if (op.path === '/api/tracking/hl7')
        return neg
          ? fc.oneof(
              fc.string({ unit: 'binary', maxLength: 300 }),
              fc.tuple(hl7, hostileString).map(([m, x]) => m.replace(/(RXD\|[^|]*\|)[^|]*/, `$1${x}`)),
              hl7.map((m) => m.replace('LISINOPRIL', 'LIS\u0000INO')),
            )
          : hl7;
      if (op.path === '/api/tracking/fhir')
        return neg
          ? fc.oneof(
              mutated(op.body),
              fc
                .tuple(fhir, hostileString)
                .map(([f, x]) => JSON.parse(JSON.stringify(f).replace(/"(text|display)":"[^"]*"/, `"$1":${JSON.stringify(x)}`)) as unknown),
            )
          : fhir;
      if (op.path === '/api/tracking/va-notify/callbacks')
        return neg
          ? fc.oneof(
              mutated({ type: 'object', properties: { id: { type: 'string', format: 'uuid' }, status: { type: 'string' } } }),
              fc.tuple(callback, hostileString).map(([c, x]) => ({ ...c, status_reason: x })),
            )
          : callback;
      return neg ? mutated(op.body) : valid(op.body);
    };
    // One request in three is a mutation ("negative").
    const arb: fc.Arbitrary<PlannedRequest> = fc.integer({ min: 0, max: 2 }).chain((k) => {
      const negative = k === 0;
      return fc.record({
        caller: fc.constantFrom(...(op.path.startsWith('/api/auth/') && op.method === 'POST' ? (['anonymous'] as Caller[]) : CALLERS)),
        negative: fc.constant(negative),
        params: fc.record(Object.fromEntries(op.pathParams.map((p) => [p.name, param(p)]))),
        query: query,
        body: op.bodyType || op.path === '/api/tracking/va-notify/callbacks' ? body(negative) : fc.constant(undefined),
      });
    });
    return arb;
  };
  const queues = ops.map(() => [] as PlannedRequest[]);
  const rounds = ops.map(() => 0);

  for (let n = 0; report.requests < opts.requests; n++) {
    const i = n % ops.length;
    const op = ops[i]!;
    if (!queues[i]!.length) queues[i] = fc.sample(arbitraryOf(op), { numRuns: CHUNK, seed: seed + i * 7919 + rounds[i]!++ * 104_729 });
    const planned = queues[i]!.shift()!;
    const client = await clientFor(planned.caller);
    const url =
      op.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeSegment(planned.params[name] ?? 'x')) +
      (Object.keys(planned.query).length
        ? `?${new URLSearchParams(Object.entries(planned.query).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]))}`
        : '');
    const headers: Record<string, string> = {};
    if (op.path === '/api/tracking/hl7' || op.path === '/api/tracking/fhir') headers.authorization = `Bearer ${opts.ingestToken}`;
    let payload: unknown = planned.body;
    if (op.path === '/api/tracking/va-notify/callbacks') {
      headers.authorization = `Bearer ${opts.callbackToken}`;
      payload = JSON.stringify(planned.body);
      headers['content-type'] = 'application/json';
    } else if (op.path === '/api/tracking/hl7') {
      headers['content-type'] = 'text/plain';
    } else if (op.bodyType) {
      payload = JSON.stringify(planned.body ?? null);
      headers['content-type'] = 'application/json';
    }
    const res = await client.request(op.method, url, payload, { headers });
    report.requests += 1;
    if (planned.negative) report.negative += 1;
    else report.positive += 1;
    report.byStatus[res.status] = (report.byStatus[res.status] ?? 0) + 1;
    const byOp = (report.byOperation[op.key] ??= {});
    byOp[res.status] = (byOp[res.status] ?? 0) + 1;

    const finding = (kind: FuzzFinding['kind'], detail: string) => {
      if (kind === '5xx') report.fiveXx += 1;
      else report.schemaViolations += 1;
      if (report.findings.length < 50)
        report.findings.push({
          kind,
          operation: op.key,
          caller: planned.caller,
          status: res.status,
          request: { method: op.method, url: url.slice(0, 200), body: typeof payload === 'string' ? payload.slice(0, 300) : payload },
          detail,
        });
    };
    if (res.status >= 500) finding('5xx', JSON.stringify(res.body).slice(0, 300));
    else if (res.status >= 400) {
      if (!errorBody(res.body)) finding('schema', `error body: ${ajv.errorsText(errorBody.errors)}`);
    } else if (!op.responses.has(res.status)) finding('schema', `undeclared status ${res.status}`);
    else {
      const validate = op.responses.get(res.status);
      if (validate && res.status !== 204 && !validate(res.body)) finding('schema', ajv.errorsText(validate.errors));
    }

    // A sign-out or a session ended by the fuzz: sign in again so later requests still reach the routes.
    if (res.status === 401 && planned.caller !== 'anonymous') await clientFor(planned.caller, true);
    // The anonymous browser signed in, or signed out (which rotates its pre-session): start a new one.
    if (planned.caller === 'anonymous' && op.path.startsWith('/api/auth/') && res.status < 300) await clientFor('anonymous', true);
    if (res.status === 403 && (res.body as { code?: string })?.code === 'csrf_invalid') await clientFor(planned.caller, true);
    if (report.requests % 500 === 0) {
      ids = await knownIds(opts.db);
      KNOWN = ids;
      opts.onProgress?.(report.requests, report);
    }
  }
  return report;
}

export function formatFuzzReport(r: FuzzReport): string {
  const lines = [
    `requests: ${r.requests} (positive ${r.positive}, negative ${r.negative}) over ${r.operations} operations`,
    `by status: ${Object.entries(r.byStatus)
      .map(([s, n]) => `${s}×${n}`)
      .join('  ')}`,
    `5xx: ${r.fiveXx}   responses violating their declared schema: ${r.schemaViolations}`,
  ];
  for (const f of r.findings.slice(0, 20))
    lines.push(`  ${f.kind} ${f.operation} as ${f.caller} → ${f.status}: ${f.detail}\n    ${JSON.stringify(f.request).slice(0, 400)}`);
  return lines.join('\n');
}
