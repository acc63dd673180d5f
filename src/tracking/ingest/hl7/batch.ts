/**
 * HL7 batch files (reference C1/C5): `[FHS] { [BHS] { MSH … } [BTS] } [FTS]` → the messages in it.
 *
 * Counts are checked when present: BTS-1 against the messages since the matching BHS, FTS-1
 * against the number of batches. A mismatch is a warning, not an error — every message is
 * acknowledged on its own anyway, and refusing a whole file for a wrong trailer would drop good
 * dispenses. The field separator of each trailer is read from the segment itself (4th character),
 * so files with non-standard delimiters split the same way. Never throws.
 */
import { splitLines } from './message.js';

export interface SplitBatch {
  /** Each message's segments joined with CR. Lines before the first MSH form a message of their own (it will fail with NO_MSH). */
  messages: string[];
  warnings: string[];
}

function countField(line: string): number | null {
  const sep = line[3];
  if (sep === undefined) return null;
  const raw = (line.split(sep)[1] ?? '').split(/[\^~&]/)[0]!.trim();
  return /^\d{1,9}$/.test(raw) ? Number(raw) : null;
}

export function splitBatch(text: string): SplitBatch {
  const lines = splitLines(text);
  const messages: string[][] = [];
  const warnings: string[] = [];
  let batches = 0;
  let sinceBhs = 0; // messages since the current BHS (or since the start / last BTS)
  let ftsCount: number | null = null;
  for (const line of lines) {
    const name = line.slice(0, 3);
    if (name === 'FHS') continue;
    if (name === 'BHS') {
      batches += 1;
      sinceBhs = 0;
      continue;
    }
    if (name === 'BTS') {
      const count = countField(line);
      if (count !== null && count !== sinceBhs) warnings.push(`BTS counts ${count} messages, the batch holds ${sinceBhs}`);
      sinceBhs = 0;
      continue;
    }
    if (name === 'FTS') {
      ftsCount = countField(line);
      continue;
    }
    if (name === 'MSH' || messages.length === 0) {
      messages.push([line]);
      sinceBhs += 1;
    } else messages.at(-1)!.push(line);
  }
  if (ftsCount !== null && ftsCount !== batches) warnings.push(`FTS counts ${ftsCount} batches, the file holds ${batches}`);
  return { messages: messages.map((m) => m.join('\r')), warnings };
}

/** True when the text is a batch file (FHS/BHS header) or holds more than one MSH. */
export function isBatch(text: string): boolean {
  const lines = splitLines(text);
  let msh = 0;
  for (const l of lines) {
    if (l.startsWith('FHS') || l.startsWith('BHS')) return true;
    if (l.startsWith('MSH') && ++msh > 1) return true;
  }
  return false;
}
