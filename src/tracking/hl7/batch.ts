/**
 * HL7 batch files (FHS, BHS, {MSH…}, BTS, FTS): split into messages. Counts in BTS-1 / FTS-1 are
 * checked when present; a mismatch is reported as a warning, not an error, because each message
 * is acknowledged on its own anyway.
 */
import { splitLines } from './message.js';

export interface SplitBatch {
  messages: string[];
  warnings: string[];
}

export function splitBatch(text: string): SplitBatch {
  const lines = splitLines(text);
  const messages: string[][] = [];
  const warnings: string[] = [];
  const btsCounts: number[] = [];
  let batches = 0;
  let ftsCount: number | null = null;
  for (const line of lines) {
    const name = line.slice(0, 3);
    if (name === 'FHS') continue;
    if (name === 'BHS') {
      batches += 1;
      continue;
    }
    if (name === 'BTS' || name === 'FTS') {
      const sep = line[3] ?? '|';
      const count = Number(line.split(sep)[1]);
      if (name === 'BTS' && Number.isInteger(count)) btsCounts.push(count);
      if (name === 'FTS' && Number.isInteger(count)) ftsCount = count;
      continue;
    }
    if (name === 'MSH' || messages.length === 0) messages.push([line]);
    else messages.at(-1)!.push(line);
  }
  const expected = btsCounts.reduce((a, b) => a + b, 0);
  if (btsCounts.length > 0 && expected !== messages.length) warnings.push(`BTS counts ${expected} messages, the batch holds ${messages.length}`);
  if (ftsCount !== null && ftsCount !== batches) warnings.push(`FTS counts ${ftsCount} batches, the file holds ${batches}`);
  return { messages: messages.map((m) => m.join('\r')), warnings };
}

/** True when the text is a batch file or holds more than one MSH. */
export function isBatch(text: string): boolean {
  const lines = splitLines(text);
  return lines.some((l) => /^(FHS|BHS)/.test(l)) || lines.filter((l) => l.startsWith('MSH')).length > 1;
}

