/**
 * Fuzz corpus for the HL7 layer: mutated copies of seed messages, reproducible from a seed.
 *
 *   for (const text of mutations(seeds, 100_000, seededRng(42))) await sendMllp(...)
 *
 * Mutations (1–3 per output, chosen at random): truncation, wrong delimiters in MSH-1/MSH-2, bad
 * escapes, huge fields (occasionally over the 1 MiB limit), binary bytes, missing segments,
 * duplicated segments, CR/LF swaps, shuffled fields, stray delimiters, lower-cased segment names,
 * segments moved out of order, emptied fields. Outputs are latin1 strings (one char = one byte).
 */

export type Rng = () => number;

/** mulberry32: tiny, fast, good enough for fuzzing; the same seed gives the same corpus. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (rng: Rng, n: number) => Math.floor(rng() * n);
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[int(rng, xs.length)]!;
const segmentsOf = (text: string) => text.split(/\r\n|\r|\n/).filter((s) => s !== '');
const DELIMS = ['|', '^', '~', '\\', '&', '#', '\r', '\n', 'A', '1', ' ', '\u0000', '\u00ff'];

function randomBytes(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(int(rng, 256));
  return s;
}

type Mutation = (text: string, rng: Rng) => string;

export const MUTATIONS: Record<string, Mutation> = {
  truncate: (t, rng) => t.slice(0, int(rng, t.length + 1)),
  wrongDelimiters: (t, rng) => {
    if (!t.startsWith('MSH') || t.length < 8) return t;
    const chars = t.slice(3, 8).split('');
    chars[int(rng, 5)] = pick(rng, DELIMS);
    return `MSH${chars.join('')}${t.slice(8)}`;
  },
  badEscape: (t, rng) => {
    const at = int(rng, t.length + 1);
    return (
      t.slice(0, at) +
      pick(rng, ['\\', '\\X4\\', '\\XZZ\\', '\\Zqq', '\\.br', '\\F\\\\S', '\\X' + '41'.repeat(int(rng, 500)) + '\\', '\\\\\\', '\\C2842\\']) +
      t.slice(at)
    );
  },
  hugeField: (t, rng) => {
    const size = rng() < 0.02 ? 1_048_576 + int(rng, 1000) : 1000 + int(rng, 200_000);
    const at = t.lastIndexOf('|');
    const filler = pick(rng, ['9', '^', '~', '\\F\\', 'A&', '|'])
      .repeat(Math.ceil(size / 3))
      .slice(0, size);
    return at === -1 ? t + filler : t.slice(0, at + 1) + filler + t.slice(at + 1);
  },
  binaryBytes: (t, rng) => {
    const at = int(rng, t.length + 1);
    return t.slice(0, at) + randomBytes(rng, 1 + int(rng, 64)) + t.slice(at + (rng() < 0.5 ? int(rng, 16) : 0));
  },
  missingSegment: (t, rng) => {
    const segs = segmentsOf(t);
    if (segs.length === 0) return t;
    segs.splice(int(rng, segs.length), 1);
    return segs.join('\r');
  },
  duplicatedSegment: (t, rng) => {
    const segs = segmentsOf(t);
    if (segs.length === 0) return t;
    const i = int(rng, segs.length);
    segs.splice(i, 0, ...Array.from({ length: 1 + int(rng, 3) }, () => segs[i]!));
    return segs.join('\r');
  },
  crLfSwap: (t, rng) => {
    const to = pick(rng, ['\n', '\r\n', '\n\r', '', '\r\r', ' ']);
    return rng() < 0.5 ? t.replace(/\r/g, to) : t.replace(/\r/, to);
  },
  shuffleFields: (t, rng) => {
    const segs = segmentsOf(t);
    if (segs.length === 0) return t;
    const i = int(rng, segs.length);
    const f = segs[i]!.split('|');
    if (f.length > 2) {
      const a = 1 + int(rng, f.length - 1);
      const b = 1 + int(rng, f.length - 1);
      [f[a], f[b]] = [f[b]!, f[a]!];
    }
    segs[i] = f.join('|');
    return segs.join('\r');
  },
  strayDelimiters: (t, rng) => {
    let out = t;
    for (let n = 1 + int(rng, 8); n > 0; n--) {
      const at = int(rng, out.length + 1);
      out = out.slice(0, at) + pick(rng, DELIMS) + out.slice(at);
    }
    return out;
  },
  lowercaseSegment: (t, rng) => {
    const segs = segmentsOf(t);
    if (segs.length === 0) return t;
    const i = int(rng, segs.length);
    segs[i] = segs[i]!.slice(0, 3).toLowerCase() + segs[i]!.slice(3);
    return segs.join('\r');
  },
  reorderSegments: (t, rng) => {
    const segs = segmentsOf(t);
    if (segs.length < 2) return t;
    const [moved] = segs.splice(int(rng, segs.length), 1);
    segs.splice(int(rng, segs.length + 1), 0, moved!);
    return segs.join('\r');
  },
  emptyField: (t, rng) => {
    const segs = segmentsOf(t);
    if (segs.length === 0) return t;
    const i = int(rng, segs.length);
    const f = segs[i]!.split('|');
    if (f.length > 1) f[1 + int(rng, f.length - 1)] = pick(rng, ['', '""', '^^^', '~~']);
    segs[i] = f.join('|');
    return segs.join('\r');
  },
};

const NAMES = Object.keys(MUTATIONS);

/** One mutated copy of `seed` (1–3 mutations). */
export function mutate(seed: string, rng: Rng): string {
  let text = seed;
  for (let n = 1 + int(rng, 3); n > 0; n--) text = MUTATIONS[pick(rng, NAMES)]!(text, rng);
  return text;
}

/** `count` mutated messages drawn from `seedMessages`, reproducible for a given rng seed. */
export function* mutations(seedMessages: readonly string[], count: number, rng: Rng = seededRng(1)): Generator<string> {
  if (seedMessages.length === 0) return;
  for (let i = 0; i < count; i++) yield mutate(pick(rng, seedMessages), rng);
}
