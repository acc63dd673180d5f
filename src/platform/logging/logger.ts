/**
 * The one logger. Every record passes through `redactPhi` before it is written, so code that
 * forgets to omit a name or e-mail still cannot leak it. Log stable id fields
 * (shipmentId, jobId, step, product) rather than people's data.
 */
import { pino, type Logger, type DestinationStream } from 'pino';
import { phiRedactPaths, REDACTED, redactPhi, scrubText } from './redact.js';

export type { Logger };

export interface LoggerOptions {
  level: string;
  /** Where to write; defaults to stdout. Tests pass a capture stream. */
  destination?: DestinationStream;
}

export function createLogger({ level, destination }: LoggerOptions): Logger {
  return pino(
    {
      level,
      base: { service: 'rxbridge' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Child-logger bindings do not pass through `formatters.log`; pino's own redaction covers them.
      redact: { paths: phiRedactPaths(), censor: REDACTED },
      formatters: {
        // Runs on the merged bindings object of every record.
        log: (object) => redactPhi(object) as Record<string, unknown>,
        bindings: (bindings) => redactPhi(bindings) as Record<string, unknown>,
      },
      hooks: {
        // Scrub interpolated message strings too (e.g. log.info('sent to %s', email)).
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? scrubText(a) : a));
          method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
      serializers: {
        err: (err: unknown) => redactPhi(err),
        req: (req: { method?: string; url?: string; id?: string }) => ({
          method: req.method,
          // Query strings can carry identifiers; log the path only.
          url: req.url?.split('?')[0],
          id: req.id,
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
    },
    destination,
  );
}
