/**
 * Run the local stand-ins on their own: `npx tsx sandbox/main.ts`.
 * SANDBOX_HOST, SANDBOX_NOTIFY_PORT (3101), SANDBOX_PROFILE_PORT (3102), SANDBOX_AAL_PORT (3103);
 * SANDBOX_CALLBACK_URL = where service-level delivery-status callbacks go (optional);
 * SANDBOX_OPTIONS = JSON of further start options (step delay, rate limit, faults, callback retry
 * delays) — how the exactly-once proof runs the stand-ins in a process of their own.
 */
import { startSandboxes, type StartSandboxesOptions } from './start.js';

/** The JSON-able start options a caller may set from outside; anything else is refused by name. */
const SETTABLE = [
  'progressionDelayMs',
  'stepDelayMs',
  'rateLimitPerMinute',
  'messageLimitPerDay',
  'faults',
  'profileFaults',
  'recipientLookupRetries',
  'recipientLookupTimeScale',
  'aalFaults',
  'callbackRetryDelaysMs',
  'duplicateCallbackRate',
  'outOfOrderRate',
] as const;

function extraOptions(json: string | undefined): Partial<StartSandboxesOptions> {
  if (!json) return {};
  const parsed: unknown = JSON.parse(json);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('SANDBOX_OPTIONS must be a JSON object');
  const unknown = Object.keys(parsed).filter((k) => !(SETTABLE as readonly string[]).includes(k));
  if (unknown.length) throw new Error(`SANDBOX_OPTIONS: not a settable option: ${unknown.join(', ')}`);
  return parsed;
}

const env = process.env;
const s = await startSandboxes({
  ...extraOptions(env.SANDBOX_OPTIONS),
  host: env.SANDBOX_HOST ?? '127.0.0.1',
  notifyPort: Number(env.SANDBOX_NOTIFY_PORT ?? 3101),
  profilePort: Number(env.SANDBOX_PROFILE_PORT ?? 3102),
  aalPort: Number(env.SANDBOX_AAL_PORT ?? 3103),
  // Local only: real VA Notify requires https callback URLs.
  allowHttpCallbacks: true,
  serviceCallback: env.SANDBOX_CALLBACK_URL ?? null,
});
process.stdout.write(
  `VA Notify stand-in  ${s.notifyUrl}/  (sent e-mails; /_sandbox/stats, /_sandbox/faults)\n` +
    `VA Profile stand-in ${s.profileUrl}/_sandbox/profiles\n` +
    `MHV AAL stand-in    ${s.aalBaseUrl}  (received: ${s.aalUrl}/_sandbox/activities)\n`,
);
const stop = () => void s.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
