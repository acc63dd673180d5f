/**
 * The one logger. Every record passes through `redactPhi` before it is written, so code that
 * forgets to omit a name or e-mail still cannot leak it. Log stable id fields
 * (shipmentId, jobId, step, product) rather than people's data.
 */
import { pino, type Bindings, type ChildLoggerOptions, type Logger, type DestinationStream } from 'pino';
import { redactPhi, scrubText } from './redact.js';

export type { Logger };

export interface LoggerOptions {
  level: string;
  /** Where to write; defaults to stdout. Tests pass a capture stream. */
  destination?: DestinationStream;
}

export function createLogger({ level, destination }: LoggerOptions): Logger {
  const logger = pino(
    {
      level,
      base: { service: 'rxbridge' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // No pino `redact`: every record goes through redactPhi below (formatters.log) and every child's
      // bindings through the `child` wrapper after this call. pino's redaction, which covered the
      // bindings before, also cloned every record for its 120 paths: 111 of the 399 KB a medication
      // list request allocated, which made the server's young-generation GCs (and the list's p99)
      // more frequent.
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
  // Child bindings skip formatters.log, and formatters.bindings sees only the root's. pino creates a
  // child with Object.create(parent), so this override is inherited by children of children too.
  // Read off the object, not as a method: it is called below with each child as `this`.
  const child = Reflect.get<Logger, 'child'>(logger, 'child');
  Reflect.set(logger, 'child', function (this: Logger, bindings: Bindings, options?: ChildLoggerOptions): unknown {
    const created: unknown = Reflect.apply(child, this, [redactPhi(bindings), options]);
    return created;
  });
  return logger;
}
