/**
 * Typed configuration, read once from the environment.
 *
 * One zod schema is the single source of truth for names, types, coercion and defaults.
 * `loadConfig` fails fast: a bad value throws a ConfigError naming every offending variable,
 * so a misconfigured deployment stops at start-up instead of misbehaving later.
 */
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = z.coerce.number().int().min(0).max(65535);

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** External Postgres. When unset, `npm start` runs an embedded PostgreSQL under DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  /** Where the embedded Postgres cluster (and other local state) lives; survives restarts. */
  DATA_DIR: z.string().default('.data'),
  EMBEDDED_PG_PORT: port.default(54320),
  HOST: z.string().default('127.0.0.1'),
  PORT: port.default(3000),
  /** Public origin used in links we print and in emails (no trailing slash). */
  PUBLIC_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Secret used to sign cookies; must be set (≥ 32 chars) in production. */
  COOKIE_SECRET: z.string().min(32).default('local-development-cookie-secret-change-me-0123456789'),
  SESSION_TTL_MINUTES: z.coerce.number().int().positive().default(30),
  /** Mock sign-in page listing demo users. Always off when NODE_ENV=production. */
  MOCK_SIGN_IN: bool.default(true),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  WORKER_CONCURRENCY: z.coerce.number().int().positive().default(4),
  /** Load demo Veterans, prescriptions, care teams on first start. */
  SEED_DEMO_DATA: bool.default(true),
  /** Renewal window after expiration, in days (VA.gov uses 120). */
  RENEWAL_WINDOW_DAYS: z.coerce.number().int().positive().default(120),

  // --- integrations: VA Notify, VA Profile, MHV AAL clients and local stand-ins (src/integrations, sandbox) ---

  // --- messaging (src/messaging) ---

  // --- tracking (src/tracking) ---
  /**
   * How dispense events reach grouping: 'direct' (in-process) or 'event_bus' (outbox → Kafka →
   * consumer). Unset means 'event_bus' when KAFKA_BROKERS is set, else 'direct'.
   */
  TRACKING_PATH: z.enum(['direct', 'event_bus']).optional(),
  /**
   * Bearer token for machine ingest (POST /api/tracking/hl7 and /fhir) from an interface engine.
   * Unset: only signed-in ops users (with CSRF) may post messages over HTTP.
   */
  TRACKING_INGEST_TOKEN: z.string().min(32).optional(),
  /** MLLP listener for CMOP HL7 v2 (0 = pick a free port; empty host disables it). */
  MLLP_HOST: z.string().default('127.0.0.1'),
  MLLP_PORT: port.default(2575),
  /** Items of one shipment that arrive within this window share one e-mail (job-key debounce). */
  TRACKING_DEBOUNCE_SECONDS: z.coerce.number().int().min(0).default(30),
  /** VA Notify template for "your prescription shipped" (communication item 4). */
  RX_SHIPMENT_TEMPLATE_ID: z.string().uuid().default('5b7a1c3e-9a52-4c8e-8d1e-2f0a6b3c7d41'),
  /** Poll VA Notify for e-mails with no final status after this many minutes (callback fallback). */
  TRACKING_STATUS_POLL_AFTER_MINUTES: z.coerce.number().int().positive().default(15),
  /**
   * MHV AAL entry for a delivered shipment e-mail. The reference documents the fields but not the
   * values for this activity; these defaults are assumptions to confirm with the MHV AAL team.
   */
  AAL_RX_TRACKING_ACTIVITY_TYPE: z.string().min(1).default('Prescription tracking email'),
  AAL_RX_TRACKING_ACTION: z.string().min(1).default('Email delivered'),
  AAL_RX_TRACKING_PERFORMER_TYPE: z.string().min(1).default('System'),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parse and validate configuration; throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const config = result.data;
  if (config.NODE_ENV === 'production') {
    if (config.COOKIE_SECRET === configSchema.shape.COOKIE_SECRET.parse(undefined)) {
      throw new ConfigError('Invalid configuration:\n  COOKIE_SECRET: must be set in production');
    }
    config.MOCK_SIGN_IN = false;
  }
  return config;
}

/** Test configuration: same schema, quiet logs, no demo seeding unless asked. */
export function loadTestConfig(overrides: Partial<Record<keyof Config, string>> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO_DATA: 'false', MLLP_PORT: '0', ...overrides });
}
