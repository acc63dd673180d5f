/**
 * A pg.Client whose promise-form `query` runs through pg's callback form. The pool (pool.ts) is
 * built with it, so Kysely, graphile-worker and raw pool users all get it.
 *
 * Why (measured, issue 16; NOTES-i16.md "Young-generation survival"): with pg 8.23, a query made
 * in the promise form (`await client.query(config)`, as Kysely and graphile-worker do after
 * `pool.connect()`) left about 30 % of what the query allocated — its rows included — alive across
 * a young-generation GC, to be promoted and only freed by a mark-compact. The same loop in the
 * callback form, or through `pool.query` (callback form inside), keeps ~10 KB per scavenge. In the
 * app at 200 list requests/s that was 1 MB copied per scavenge (7–8 ms pauses four times a second)
 * and old space filling into mark-compacts. A plain-Node reproduction with only `pg` is in the
 * notes; the cause inside pg was not found, so this works around it rather than patching pg.
 *
 * Same contract as pg's promise form: resolves with the QueryResult, rejects with pg's error (a
 * DatabaseError keeps its code), and re-captures the stack where the promise is awaited, as pg does.
 * Cursors and streams (objects with `submit`) and calls with a callback go to pg unchanged.
 */
import pg from 'pg';

type QueryCallback = (err: Error | null, result: pg.QueryResult) => void;
type AnyQuery = (this: pg.Client, config: unknown, values?: unknown, callback?: unknown) => unknown;

// Read off the prototype once and always called with .call(client, …), so `this` is the client.
const pgQuery = Reflect.get(pg.Client.prototype, 'query') as AnyQuery;

function callbackFormQuery(this: pg.Client, config: unknown, values?: unknown, callback?: unknown): unknown {
  const submittable = typeof config === 'object' && config !== null && typeof (config as { submit?: unknown }).submit === 'function';
  if (submittable || typeof values === 'function' || typeof callback === 'function') return pgQuery.call(this, config, values, callback);
  return new Promise<pg.QueryResult>((resolve, reject) => {
    const done: QueryCallback = (err, result) => (err ? reject(err) : resolve(result));
    pgQuery.call(this, config, values, done);
  }).catch((err: unknown) => {
    // As pg does: a stack that leads back to the caller instead of to the socket read.
    if (err instanceof Error) Error.captureStackTrace(err);
    throw err;
  });
}

export class CallbackFormClient extends pg.Client {}
(CallbackFormClient.prototype as unknown as { query: AnyQuery }).query = callbackFormQuery;
