/**
 * Named prepared statements for the few hot read statements (issue 16: the Medications list and
 * the session look-up run on every page view).
 *
 * Kysely sends every statement unnamed, so PostgreSQL parses and plans it on every call; for the
 * list page, planning cost about as much backend CPU as running it. A statement marked here goes
 * out as a named prepared statement instead: parsed once per connection, and after five runs
 * PostgreSQL may keep a generic plan (plan_cache_mode = auto), so later calls only bind and execute.
 *
 * How: `prepared(label, query)` compiles the Kysely query and puts a marker comment in front of
 * its text (`/* prepared:<label>_<hash> *\/`); the pool adapter below, which Kysely's
 * PostgresDialect is given, turns a marked text into pg's `{ name, text, values }`. The name
 * carries a hash of the text because pg refuses one name for two texts, and a query's text varies
 * with its options (filter, sort). The marker stays in the text PostgreSQL sees, so
 * pg_stat_statements and the server log name the statement. Unmarked statements are untouched.
 *
 * Only for statements whose text comes from a small fixed set (no IN lists or VALUES rows of
 * varying length): each distinct text stays prepared on each pooled connection for its lifetime.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import {
  CompiledQuery,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type Compilable,
  type PostgresPool,
  type PostgresPoolClient,
} from 'kysely';
import type { Database } from './database.js';

const MARK = '/* prepared:';
const MARK_END = ' */';

/** The query compiled, its text marked to run as a named prepared statement. */
export function prepared<R>(label: string, query: Compilable<R>): CompiledQuery<R> {
  if (!/^[a-z][a-z0-9_]{0,40}$/.test(label)) throw new Error(`prepared statement label ${JSON.stringify(label)}: lower-case letters, digits, _`);
  const compiled = query.compile();
  const hash = createHash('sha1').update(compiled.sql).digest('hex').slice(0, 12);
  return CompiledQuery.raw(`${MARK}${label}_${hash}${MARK_END}\n${compiled.sql}`, [...compiled.parameters]);
}

/** The statement name a marked text carries, or undefined for an unmarked text. */
export function preparedName(text: string): string | undefined {
  if (!text.startsWith(MARK)) return undefined;
  const end = text.indexOf(MARK_END, MARK.length);
  return end > MARK.length ? text.slice(MARK.length, end) : undefined;
}

/**
 * The pool as Kysely's PostgresDialect sees it: the same connections, with marked statements sent
 * named. Everything else (graphile-worker, raw pool.query) uses the pool directly.
 */
export function preparingPool(pool: pg.Pool): PostgresPool {
  // One wrapper per pooled connection: Kysely keys its own per-connection state on this object.
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    const query = (textOrCursor: unknown, values?: readonly unknown[]): unknown => {
      // A cursor (Kysely's stream()) goes through as it is.
      if (typeof textOrCursor !== 'string') return client.query(textOrCursor as pg.Submittable);
      const name = preparedName(textOrCursor);
      // Kysely already hands over a fresh copy of the parameters; pg only reads them.
      const params = (values ?? []) as unknown[];
      return name ? client.query({ name, text: textOrCursor, values: params }) : client.query(textOrCursor, params);
    };
    return { query: query as PostgresPoolClient['query'], release: () => client.release() };
  };
  return {
    async connect() {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) wrappers.set(client, (wrapper = wrap(client)));
      return wrapper;
    },
    end: () => pool.end(),
  };
}

/**
 * Builds and compiles PostgreSQL statements without a connection, for preparedStatement(); the
 * compiled statement then runs on whichever Db or transaction the caller has.
 */
export const queryBuilder = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

const SLOT = Symbol('prepared statement parameter');
interface Slot {
  readonly [SLOT]: string;
}
const isSlot = (v: unknown): v is Slot => typeof v === 'object' && v !== null && SLOT in v;

/**
 * A prepared statement whose text is also built only once per shape. Building and compiling a
 * large Kysely query allocates as much as the rest of a request (the Medications list: ~66 of
 * ~270 KB per request, sampled heap profile), and that garbage sets how often the young generation
 * is collected. `build(shape, param)` runs once per distinct `shape` (its JSON is the cache key;
 * keep shapes to a few small values such as filter and sort); every value that varies per call
 * must come from `param(name)`, and compiling refuses a statement with any other parameter, so a
 * per-call value can never be frozen into the cached text. Each call then only binds `values`.
 */
export function preparedStatement<Shape, Values extends Record<string, unknown>, R>(
  label: string,
  build: (shape: Shape, param: <K extends keyof Values & string>(name: K) => Values[K]) => Compilable<R>,
): (shape: Shape, values: Values) => CompiledQuery<R> {
  const byShape = new Map<string, { sql: string; slots: string[] }>();
  const param = (name: string): never => ({ [SLOT]: name }) as never;
  return (shape, values) => {
    const key = JSON.stringify(shape);
    let compiled = byShape.get(key);
    if (!compiled) {
      const q = prepared(label, build(shape, param));
      const slots = q.parameters.map((v, i) => {
        if (!isSlot(v)) throw new Error(`prepared statement ${label}: parameter $${i + 1} is not a param(): per-call values must be params`);
        return v[SLOT];
      });
      compiled = { sql: q.sql, slots };
      byShape.set(key, compiled);
    }
    return CompiledQuery.raw(
      compiled.sql,
      compiled.slots.map((s) => {
        if (!(s in values)) throw new Error(`prepared statement ${label}: no value for ${s}`);
        return values[s];
      }),
    );
  };
}
