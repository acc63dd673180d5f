/**
 * Schema evolution checks, the way the Confluent Schema Registry applies them to a subject:
 * - BACKWARD (the Event Bus recommendation): the NEW schema can read data written with the OLD one,
 *   so consumers can be upgraded first (as the Event Bus asks) and still read old messages.
 * - FORWARD: the OLD schema can read data written with the NEW one (old consumers survive a new producer).
 * - FULL: both.
 * Avro schema resolution decides; avsc implements it in `Type#createResolver`, which throws when
 * a reader cannot read a writer (missing default, incompatible type, unknown enum symbol, ...).
 */
import avro from 'avsc';
import type { Schema } from 'avsc';

export type CompatibilityMode = 'BACKWARD' | 'FORWARD' | 'FULL';

export type CompatibilityResult = { compatible: true } | { compatible: false; reason: string };

/** Can data written with `writer` be read with `reader`? */
export function canRead(reader: Schema, writer: Schema): CompatibilityResult {
  try {
    const readerType = avro.Type.forSchema(reader);
    const writerType = avro.Type.forSchema(writer);
    readerType.createResolver(writerType);
    return { compatible: true };
  } catch (err) {
    return { compatible: false, reason: err instanceof Error ? err.message : String(err) };
  }
}

/** Check `next` against `previous` in the given mode (the registry's per-subject check). */
export function checkCompatibility(next: Schema, previous: Schema, mode: CompatibilityMode = 'BACKWARD'): CompatibilityResult {
  if (mode === 'BACKWARD' || mode === 'FULL') {
    const r = canRead(next, previous);
    if (!r.compatible) return { compatible: false, reason: `new schema cannot read old data: ${r.reason}` };
  }
  if (mode === 'FORWARD' || mode === 'FULL') {
    const r = canRead(previous, next);
    if (!r.compatible) return { compatible: false, reason: `old schema cannot read new data: ${r.reason}` };
  }
  return { compatible: true };
}

/** Each version must be compatible with every earlier one (the registry's *_TRANSITIVE modes). */
export function checkVersionHistory(versions: Schema[], mode: CompatibilityMode = 'BACKWARD'): CompatibilityResult {
  for (let i = 1; i < versions.length; i++) {
    for (let j = 0; j < i; j++) {
      const r = checkCompatibility(versions[i]!, versions[j]!, mode);
      if (!r.compatible) return { compatible: false, reason: `v${i + 1} vs v${j + 1}: ${r.reason}` };
    }
  }
  return { compatible: true };
}
