/**
 * Everything a route or task needs, passed explicitly (no module-level singletons), so tests can
 * build a context around a per-file database and a frozen clock.
 */
import type pg from 'pg';
import type { Config } from './config.js';
import type { Db } from './db/pool.js';
import type { Logger } from './logging/logger.js';
import type { ActivityLog } from './activity-log-port.js';
import type { EmailSender } from './notify-port.js';

export interface Clock {
  now(): Date;
  /** Today's calendar date (YYYY-MM-DD, UTC). */
  today(): string;
}

export const systemClock: Clock = {
  now: () => new Date(),
  today: () => new Date().toISOString().slice(0, 10),
};

/** A clock stuck at `iso` (tests, reproducible demos). */
export function fixedClock(iso: string): Clock {
  const at = new Date(iso);
  return { now: () => new Date(at), today: () => at.toISOString().slice(0, 10) };
}

export interface AppContext {
  config: Config;
  pool: pg.Pool;
  db: Db;
  log: Logger;
  clock: Clock;
  /** VA Notify (e-mail) — real HTTP client in production and with the local stand-in. */
  notify: EmailSender;
  /** MHV Account Activity Log — real HTTP client in production and with the local stand-in. */
  aal: ActivityLog;
}
