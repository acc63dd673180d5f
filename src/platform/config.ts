/**
 * Typed configuration, read once from the environment.
 *
 * One zod schema is the single source of truth for names, types, coercion and defaults.
 * `loadConfig` fails fast: a bad value throws a ConfigError naming every offending variable,
 * so a misconfigured deployment stops at start-up instead of misbehaving later.
 */
import { z } from 'zod';
import { PRESCRIPTION_SOURCES } from '../shared/api/medications.js';
import { RX_SHIPMENT_TEMPLATE_ID, SANDBOX_AAL_API_KEY, SANDBOX_API_KEY, SANDBOX_CALLBACK_TOKEN } from '../shared/local-defaults.js';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = z.coerce.number().int().min(0).max(65535);

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** External Postgres. When unset, `npm start` runs an embedded PostgreSQL under DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  /** Connections the server process (API + worker) may hold. */
  DATABASE_POOL_MAX: z.coerce.number().int().min(2).default(20),
  /**
   * Connections opened at start and kept open when idle. Each new connection costs PostgreSQL a
   * process, authentication and cold caches (tens of ms); a pool that shrank while quiet and had
   * to regrow under a burst stalled requests for 0.3–0.5 s (bench:api, issue 16).
   */
  DATABASE_POOL_MIN: z.coerce.number().int().min(0).default(10),
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
  /**
   * Trust X-Forwarded-* from a TLS-terminating proxy (default: on in production). A request that
   * arrives as HTTPS gets the `__Host-` session cookies with Secure (src/identity/cookies.ts).
   */
  TRUST_PROXY: bool.optional(),
  SESSION_TTL_MINUTES: z.coerce.number().int().positive().default(30),
  /** Mock sign-in page listing demo users. Always off when NODE_ENV=production. */
  MOCK_SIGN_IN: bool.default(true),
  /** Requests per minute of an anonymous caller (per client IP). */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  /** Requests per minute of one signed-in session (people behind one address do not share it). */
  RATE_LIMIT_PER_SESSION_PER_MINUTE: z.coerce.number().int().positive().default(600),
  /** Requests per minute of one user across all their sessions. */
  RATE_LIMIT_PER_USER_PER_MINUTE: z.coerce.number().int().positive().default(1200),
  /** Requests per minute of a machine caller by its credential (ingest token, VA Notify callbacks). */
  RATE_LIMIT_MACHINE_PER_MINUTE: z.coerce.number().int().positive().default(12_000),
  WORKER_CONCURRENCY: z.coerce.number().int().positive().default(4),
  /** Load demo Veterans, prescriptions, care teams on first start. */
  SEED_DEMO_DATA: bool.default(true),
  /** Renewal window after expiration, in days (VA.gov uses 120). */
  RENEWAL_WINDOW_DAYS: z.coerce.number().int().positive().default(120),
  /**
   * Duplicate renewal requests: an unanswered renewal request for the same prescription sent within
   * this many days is shown on the interstitial, and starting another needs an explicit "send
   * another". 0 turns the check off. Default 7: the care team's 3 business days to reply plus a weekend.
   */
  RENEWAL_DUPLICATE_WINDOW_DAYS: z.coerce.number().int().min(0).max(365).default(7),
  /**
   * Prescription sources whose renewable prescriptions show "Send a renewal request message":
   * comma-separated `vista`, `oracle_health`. VA.gov shows the link for Oracle Health only today;
   * the default offers it for both.
   */
  RENEWAL_LINK_SOURCES: z
    .string()
    .default('vista,oracle_health')
    .transform((v) => [
      ...new Set(
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(z.enum(PRESCRIPTION_SOURCES, { message: 'each source must be vista or oracle_health' })).min(1, 'name at least one source')),

  // --- integrations: VA Notify, VA Profile, MHV AAL clients and local stand-ins (src/integrations, sandbox) ---
  /** Start the local stand-ins (VA Notify, VA Profile, MHV AAL) and point the clients at them. Off in production. */
  SANDBOX: bool.default(true),
  SANDBOX_HOST: z.string().default('127.0.0.1'),
  SANDBOX_NOTIFY_PORT: port.default(3101),
  SANDBOX_PROFILE_PORT: port.default(3102),
  SANDBOX_AAL_PORT: port.default(3103),
  /** VA Notify base URL, e.g. https://dev-api.va.gov/vanotify (ignored when SANDBOX is on). */
  VA_NOTIFY_URL: z.string().url().optional(),
  /** `{name}-{service id}-{secret}`; the default is the stand-in's key. */
  VA_NOTIFY_API_KEY: z.string().min(74).default(SANDBOX_API_KEY),
  /** Alternative to VA_NOTIFY_API_KEY for secrets that are not UUIDs (token_urlsafe keys): both must be set. */
  VA_NOTIFY_SERVICE_ID: z.string().uuid().optional(),
  VA_NOTIFY_API_SECRET: z.string().min(16).optional(),
  /** Requests per 60 s the service may make (VA Notify default 3000); the client stays under it. */
  VA_NOTIFY_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(3000),
  VA_NOTIFY_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** Bearer token VA Notify's service-level callback sends (agreed with the VA Notify team). */
  VA_NOTIFY_CALLBACK_BEARER_TOKEN: z.string().min(16).default(SANDBOX_CALLBACK_TOKEN),
  /** If set, sent as `callback_url` (must be https for real VA Notify): signed notification-level callbacks. */
  VA_NOTIFY_CALLBACK_URL: z.string().url().optional(),
  VA_PROFILE_URL: z.string().url().optional(),
  /** MHV API base, e.g. https://…/mhvapi/v1. */
  AAL_URL: z.string().url().optional(),
  AAL_API_KEY: z.string().min(1).default(SANDBOX_AAL_API_KEY),
  AAL_APP_TOKEN: z.string().min(1).default('rxbridge-rx'),

  // --- messaging (src/messaging) ---
  /** VA Notify template for "You have a new secure message" (no personalisation: no PHI in e-mail). */
  SM_NEW_MESSAGE_TEMPLATE_ID: z.string().uuid().default('9e3f4a2b-1c7d-4e8f-a6b5-0d2c1e3f4a5b'),

  // --- monitoring & staged rollout (src/monitoring) ---
  /**
   * Stage of the renewal-link rollout (flag rx_renewal_sm_link) while the flag has no row yet.
   * 100 so `npm start` and the tests show the link on the demo journey; 0 in production unless set
   * (a launch starts at 0 or 1 and advances through /ops/monitoring; each change is audited).
   */
  ROLLOUT_DEFAULT_PERCENT: z.coerce.number().min(0).max(100).default(100),
  /** Rollout guard evaluation window (minutes of events it judges). */
  ROLLOUT_GUARD_WINDOW_MINUTES: z.coerce.number().int().positive().default(60),
  /** Optional webhook (Slack incoming webhook, PagerDuty Events bridge…) POSTed for each team notification. */
  MONITORING_WEBHOOK_URL: z.string().url().optional(),
  /**
   * Bearer token Alertmanager sends to rxbridge's webhook receiver (POST /api/monitoring/alerts,
   * ops/alertmanager/alertmanager.yml `http_config.authorization`). Unset: the receiver refuses all.
   */
  ALERTMANAGER_WEBHOOK_TOKEN: z.string().min(32).optional(),
  /** OTLP/HTTP endpoint (e.g. the Datadog Agent's http://localhost:4318); unset = no trace export. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default('rxbridge'),

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
  RX_SHIPMENT_TEMPLATE_ID: z.string().uuid().default(RX_SHIPMENT_TEMPLATE_ID),
  /** Poll VA Notify for e-mails with no final status after this many minutes (callback fallback). */
  TRACKING_STATUS_POLL_AFTER_MINUTES: z.coerce.number().int().positive().default(15),
  /** How long a worker owns a shipment e-mail send; must exceed VA_NOTIFY_TIMEOUT_MS. A crashed worker's send is retried after it. */
  TRACKING_SEND_LEASE_SECONDS: z.coerce.number().int().min(1).default(120),
  /** First retry of a failed VA Notify send / AAL post after this many seconds; doubles each attempt, capped at 1 h. */
  TRACKING_RETRY_BASE_SECONDS: z.coerce.number().min(0).default(30),
  /** A shipment e-mail that ends temporary-failure (VA Notify: "Retryable … Replay the request") is replayed at most this often. */
  TRACKING_RESEND_MAX: z.coerce.number().int().min(0).default(3),
  /** First replay after this many seconds; doubles each replay, capped at 6 h. */
  TRACKING_RESEND_BASE_SECONDS: z.coerce.number().min(0).default(900),
  /**
   * MHV AAL entry for a delivered shipment e-mail. The reference documents the fields but not the
   * values for this activity; these defaults are assumptions to confirm with the MHV AAL team.
   */
  AAL_RX_TRACKING_ACTIVITY_TYPE: z.string().min(1).default('Prescription tracking email'),
  AAL_RX_TRACKING_ACTION: z.string().min(1).default('Email delivered'),
  AAL_RX_TRACKING_PERFORMER_TYPE: z.string().min(1).default('System'),

  // --- event bus (src/tracking/event-bus) ---
  /** Kafka bootstrap brokers, comma-separated host:port (MSK IAM ports: 9098 inside AWS, 9198 outside). */
  KAFKA_BROKERS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'each broker must be host:port')).min(1))
    .optional(),
  KAFKA_CLIENT_ID: z.string().min(1).default('rxbridge'),
  /** Enterprise Event Bus topics are snake_case business names; the value subject is `{topic}-value`. */
  KAFKA_TOPIC: z
    .string()
    .regex(/^[a-z0-9_.-]+$/)
    .default('medication_dispense'),
  KAFKA_GROUP_ID: z.string().min(1).default('rxbridge-tracking'),
  /** Registry id of the value schema the producer writes (version 1), handed out by the Event Bus team. */
  KAFKA_SCHEMA_ID: z.coerce.number().int().min(0).max(0xffffffff).default(1),
  /** Other value schema ids the consumer accepts, as `id:version` pairs, e.g. `1234:1,1250:2`. */
  KAFKA_SCHEMA_IDS: z
    .string()
    .regex(/^(\d+:\d+)(,\d+:\d+)*$/, 'use id:version pairs, comma-separated')
    .optional(),
  /** If set, keys are Avro strings in Confluent wire format with this `{topic}-key` schema id; else raw UTF-8. */
  KAFKA_KEY_SCHEMA_ID: z.coerce.number().int().min(0).max(0xffffffff).optional(),
  KAFKA_SASL_MECHANISM: z.enum(['none', 'plain', 'scram-sha-512', 'oauthbearer-msk-iam']).default('none'),
  KAFKA_USERNAME: z.string().optional(),
  KAFKA_PASSWORD: z.string().optional(),
  /** Region for MSK IAM signing (the Event Bus runs in us-gov-west-1). */
  AWS_REGION: z.string().default('us-gov-west-1'),
  /** TLS to the brokers; always on with oauthbearer-msk-iam. */
  KAFKA_SSL: bool.default(false),
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
  // A new flag starts fully on for local demos and tests, but off in production until ops advance it.
  if (config.NODE_ENV === 'production' && env.ROLLOUT_DEFAULT_PERCENT === undefined) config.ROLLOUT_DEFAULT_PERCENT = 0;
  // Unset TRACKING_PATH follows the broker setting: a configured event bus is used.
  config.TRACKING_PATH ??= config.KAFKA_BROKERS ? 'event_bus' : 'direct';
  if ((config.KAFKA_SASL_MECHANISM === 'plain' || config.KAFKA_SASL_MECHANISM === 'scram-sha-512') && (!config.KAFKA_USERNAME || !config.KAFKA_PASSWORD)) {
    throw new ConfigError(`Invalid configuration:\n  KAFKA_USERNAME/KAFKA_PASSWORD: required when KAFKA_SASL_MECHANISM=${config.KAFKA_SASL_MECHANISM}`);
  }
  if (config.KAFKA_SASL_MECHANISM === 'oauthbearer-msk-iam') config.KAFKA_SSL = true;
  if (config.NODE_ENV === 'production' && config.TRACKING_PATH === 'event_bus' && (!config.KAFKA_BROKERS || env.KAFKA_SCHEMA_ID === undefined)) {
    throw new ConfigError('Invalid configuration:\n  KAFKA_BROKERS/KAFKA_SCHEMA_ID: required in production when TRACKING_PATH=event_bus');
  }
  if (config.NODE_ENV === 'production') {
    if (config.COOKIE_SECRET === configSchema.shape.COOKIE_SECRET.parse(undefined)) {
      throw new ConfigError('Invalid configuration:\n  COOKIE_SECRET: must be set in production');
    }
    config.MOCK_SIGN_IN = false;
    config.SANDBOX = false;
    const missing = (['VA_NOTIFY_URL', 'AAL_URL'] as const).filter((k) => !config[k]);
    const local = (
      [
        ['VA_NOTIFY_API_KEY', SANDBOX_API_KEY],
        ['VA_NOTIFY_CALLBACK_BEARER_TOKEN', SANDBOX_CALLBACK_TOKEN],
        ['AAL_API_KEY', SANDBOX_AAL_API_KEY],
      ] as const
    )
      .filter(([k, v]) => config[k] === v && !(k === 'VA_NOTIFY_API_KEY' && config.VA_NOTIFY_SERVICE_ID && config.VA_NOTIFY_API_SECRET))
      .map(([k]) => k);
    if (missing.length || local.length) {
      throw new ConfigError(
        `Invalid configuration:\n  ${[...missing.map((k) => `${k}: required in production`), ...local.map((k) => `${k}: the local stand-in value cannot be used in production`)].join('\n  ')}`,
      );
    }
  }
  return config;
}

/** Test configuration: same schema, quiet logs, no demo seeding unless asked. */
export function loadTestConfig(overrides: Partial<Record<keyof Config, string>> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO_DATA: 'false', MLLP_PORT: '0', ...overrides });
}
