/**
 * npm run proof:hl7-fuzz -- [--inputs 100000] [--seed 1]
 * Prints ACK counts and the accounting; exits 1 if any input is unaccounted for or the handler failed.
 */
import { arg, openBenchDb } from '../bench/support.js';
import { runHl7Fuzz } from './hl7-fuzz-run.js';

const bench = await openBenchDb({}, 8);
try {
  const r = await runHl7Fuzz(bench.ctx, arg('inputs', 100_000), arg('seed', 1));
  process.stdout.write(
    [
      `inputs: ${r.inputs} (${r.messages} messages after batch splitting) in ${r.seconds.toFixed(0)} s over MLLP`,
      `ACKs: ${JSON.stringify(r.acks)} (crashes: the listener answered every input)`,
      `stored rows: ${r.rows}   repeats of stored messages: ${r.repeats}   refused as oversized (>1 MiB, AR, not stored): ${r.oversized}`,
      `unaccounted inputs: ${r.unaccounted}   handler failures: ${r.listenerErrors}`,
    ].join('\n') + '\n',
  );
  process.exitCode = r.unaccounted !== 0 || r.listenerErrors !== 0 || (r.acks.NONE ?? 0) > 0 ? 1 : 0;
} finally {
  await bench.close();
}
