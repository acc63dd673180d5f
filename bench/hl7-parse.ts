/**
 * HL7 v2 parse throughput: our parser against four npm parsers on the same generated corpus of
 * CMOP RDS^R06 messages, plus a check that every parser reads the same values.
 *
 *   npx tsx bench/hl7-parse.ts [--messages 20000] [--seed 1] [--only ours,@medplum/core]   (or: npm run bench:hl7)
 *   (the old positional form `bench/hl7-parse.ts 20000 1` still works)
 *
 * Timed rounds are interleaved across parsers (best of --rounds, default 5).
 * Each parser parses the message and reads the four values the pipeline needs: Rx number (RXD-7),
 * tracking number (ZR2-2), ICN (the PID-3 repetition whose CX-5 is NI) and drug name (RXD-2.2).
 * "ours (full mapping)" is the whole CMOP mapping with validation (mapCmopMessage), for scale.
 * Library notes found while writing this (see the report):
 *  - simple-hl7 and @medplum/core do not decode escape sequences (\S\ \T\ …) in values;
 *  - hl7v2, node-hl7-client and @medplum/core index repetitions from 0, node-hl7-client components too;
 *  - @medplum/core 5 needs Node 22 (and a global WebSocket at import time); 4.x is used on Node 20 (the stub below is harmless);
 *  - hl7v2@1.9.0 does not install (needs hl7v2-dictionary@^1.9.0, unpublished); 1.8.0 is used.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { HL7Message } from 'hl7v2';
import { Message as NhcMessage } from 'node-hl7-client';
import simpleHl7 from 'simple-hl7';
import { mapCmopMessage } from '../src/tracking/ingest/hl7/cmop-dispense.js';
import { seededRng, type Rng } from '../src/tracking/ingest/hl7/fuzz.js';
import { parseHl7 } from '../src/tracking/ingest/hl7/message.js';
import { figure, reportFigures } from './report.js';

(globalThis as { WebSocket?: unknown }).WebSocket ??= class {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;
};
const { Hl7Message: MedplumMessage } = await import('@medplum/core');

interface Values {
  rx: string;
  tracking: string;
  icn: string;
  drug: string;
}

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const positional = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !(all[i - 1] ?? '').startsWith('--'));
const count = arg('messages', Number(positional[0] ?? 20_000));
const seed = arg('seed', Number(positional[1] ?? 1));
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? new Set(process.argv[onlyAt + 1]!.split(',')) : null;

// ---------------------------------------------------------------- corpus
const DRUGS = [
  'LISINOPRIL 10MG TAB',
  'METFORMIN HCL 500MG TAB',
  'ATORVASTATIN 40MG TAB',
  'SALINE 0.9\\S\\NASAL \\T\\ SPRAY',
  'GABAPENTIN 300MG CAP',
  'ZINC OXIDE 20% \\F\\ TOPICAL',
  'OMEPRAZOLE 20MG CAP',
  'AMLODIPINE BESYLATE 5MG TAB',
];
const CARRIERS = ['USPS', 'UPS', 'FEDEX', 'CTC-USPS'];
const int = (rng: Rng, n: number) => Math.floor(rng() * n);
const digits = (rng: Rng, n: number) => Array.from({ length: n }, () => int(rng, 10)).join('');

function generate(rng: Rng, i: number): string {
  const station = rng() < 0.5 ? '442' : '554';
  const icn = `${digits(rng, 10)}V${digits(rng, 6)}`;
  const dfn = String(1000 + int(rng, 90000));
  const rx = String(2_700_000 + int(rng, 900_000));
  const fill = 1 + int(rng, 6);
  const tracking = rng() < 0.5 ? `94001118992233${digits(rng, 8)}` : `1Z999AA1${digits(rng, 10)}`;
  const pid3 = rng() < 0.5 ? `${icn}^^^USVHA^NI~${dfn}^^^USVHA^PI^${station}` : `${dfn}^^^USVHA^PI^${station}~${icn}^^^USVHA^NI`;
  const segs = [
    `MSH|^~\\&|CMOP|CMOP LEAVENWORTH^776|VISTA|${station}|20260614${digits(rng, 4)}00-0500||RDS^R06|${station}-${rx}-${fill}-${i}|P|2.3.1|||AL|AL`,
    `PID|1||${pid3}||MORGAN^ALEX^Q||19600101|M|||123 MAIN ST^^CHEYENNE^WY^82001||(307)555-0100`,
    `ORC|OK|${station}-${rx}-${fill}`,
    `RXD|${fill}|${4000 + int(rng, 900)}^${DRUGS[int(rng, DRUGS.length)]}^L|20260614${String(int(rng, 24)).padStart(2, '0')}1500-0500|${30 * (1 + int(rng, 3))}|||${rx}|||PH${digits(rng, 3)}`,
    `ZR2|${CARRIERS[int(rng, CARRIERS.length)]}|${tracking}|${rx}|12.50|0|3.10`,
  ];
  return segs.join('\r') + '\r';
}

// ---------------------------------------------------------------- readers
const readers: Record<string, (text: string) => Values> = {
  ours: (text) => {
    const m = parseHl7(text);
    const rxd = m.segment('RXD')!;
    const ni = m
      .segment('PID')!
      .field(3)
      .repetitions()
      .find((r) => r.component(5) === 'NI');
    return { rx: rxd.get(7), tracking: m.segment('ZR2')!.get(2), icn: ni?.component(1) ?? '', drug: rxd.get(2, 2) };
  },
  'ours (full mapping)': (text) => {
    const e = mapCmopMessage(text).events[0]!;
    return { rx: e.rxNumber, tracking: e.trackingNumber ?? '', icn: e.patient.icn ?? '', drug: e.drugName };
  },
  hl7v2: (text) => {
    const m = HL7Message.parse(text);
    const rxd = m.getSegment('RXD')!;
    const ni = m
      .getSegment('PID')!
      .field(3)
      .repetitions.find((r) => String(r.getValue(5) ?? '') === 'NI');
    return {
      rx: String(rxd.field(7).getValue() ?? ''),
      tracking: String(m.getSegment('ZR2')?.field(2).getValue() ?? ''),
      icn: String(ni?.getValue(1) ?? ''),
      drug: String(rxd.field(2).getValue(2) ?? ''),
    };
  },
  'simple-hl7': (text) => {
    const m = new simpleHl7.Parser().parse(text);
    const rxd = m.getSegment('RXD');
    const pid = m.getSegment('PID');
    let icn = '';
    for (let r = 1; r <= 5; r++) {
      const parts = String(pid.getField(3, r) ?? '').split('^');
      if (parts[4] === 'NI') {
        icn = parts[0]!;
        break;
      }
    }
    return { rx: String(rxd.getField(7)), tracking: String(m.getSegment('ZR2').getField(2)), icn, drug: String(rxd.getComponent(2, 2)) };
  },
  'node-hl7-client': (text) => {
    const m = new NhcMessage({ text });
    const reps = m.get('PID.3');
    let icn = '';
    for (let r = 0; r < reps.length; r++) {
      const rep = reps.get(r);
      if (rep.get(4).toString() === 'NI') {
        icn = rep.get(0).toString();
        break;
      }
    }
    return { rx: m.get('RXD.7').toString(), tracking: m.get('ZR2.2').toString(), icn, drug: m.get('RXD.2.2').toString() };
  },
  '@medplum/core': (text) => {
    const m = MedplumMessage.parse(text);
    const rxd = m.getSegment('RXD')!;
    const pid3 = m.getSegment('PID')!.getField(3);
    let icn = '';
    for (let r = 0; r < 5; r++) {
      if (pid3.getComponent(5, undefined, r) === 'NI') {
        icn = pid3.getComponent(1, undefined, r);
        break;
      }
    }
    return { rx: rxd.getComponent(7, 1), tracking: m.getSegment('ZR2')?.getComponent(2, 1) ?? '', icn, drug: rxd.getComponent(2, 2) };
  },
};

// ---------------------------------------------------------------- run
const rng = seededRng(seed);
const corpus = Array.from({ length: count }, (_, i) => generate(rng, i));
const bytes = corpus.reduce((n, m) => n + m.length, 0);
console.log(`corpus: ${count} RDS^R06 messages, ${(bytes / 1024 / 1024).toFixed(1)} MiB, seed ${seed}; node ${process.version}\n`);

const reference = corpus.map((m) => readers.ours!(m));
const results: Array<{ name: string; perSecond: number | null; failures: number; disagreements: Record<keyof Values, number>; example: string | null }> = [];

for (const [name, read] of Object.entries(readers)) {
  if (only && !only.has(name) && name !== 'ours' && name !== '@medplum/core') continue;
  // Correctness pass (also warms the JIT).
  let failures = 0;
  const disagreements: Record<keyof Values, number> = { rx: 0, tracking: 0, icn: 0, drug: 0 };
  let example: string | null = null;
  for (let i = 0; i < corpus.length; i++) {
    let v: Values;
    try {
      v = read(corpus[i]!);
    } catch (err) {
      failures += 1;
      example ??= `threw ${String(err).slice(0, 120)}`;
      continue;
    }
    for (const k of Object.keys(disagreements) as Array<keyof Values>) {
      if (v[k] !== reference[i]![k]) {
        disagreements[k] += 1;
        example ??= `${k}: ours ${JSON.stringify(reference[i]![k])} vs ${JSON.stringify(v[k])}`;
      }
    }
  }
  results.push({ name, perSecond: failures < corpus.length ? 0 : null, failures, disagreements, example });
}

// Timed passes, interleaved (round 1: every parser, round 2: every parser, …) so load drift on the
// shared machine hits every parser alike; best of ROUNDS per parser.
const ROUNDS = arg('rounds', 5);
const best = new Map<string, number>();
for (let round = 0; round < ROUNDS; round++) {
  for (const r of results) {
    if (r.perSecond === null) continue;
    const read = readers[r.name]!;
    const t0 = performance.now();
    for (const m of corpus) {
      try {
        read(m);
      } catch {
        /* counted above */
      }
    }
    best.set(r.name, Math.min(best.get(r.name) ?? Infinity, performance.now() - t0));
  }
}
for (const r of results) if (r.perSecond !== null) r.perSecond = (corpus.length / best.get(r.name)!) * 1000;

const ours = results.find((r) => r.name === 'ours')!.perSecond!;
const pad = (s: string, n: number) => s.padEnd(n);
console.log(`${pad('parser', 22)}${pad('msgs/s', 12)}${pad('vs ours', 10)}${pad('throws', 8)}disagreements (rx/tracking/icn/drug)`);
for (const r of results) {
  const d = r.disagreements;
  console.log(
    `${pad(r.name, 22)}${pad(r.perSecond ? Math.round(r.perSecond).toLocaleString('en-US') : '-', 12)}${pad(r.perSecond ? `${(r.perSecond / ours).toFixed(2)}x` : '-', 10)}${pad(String(r.failures), 8)}${d.rx}/${d.tracking}/${d.icn}/${d.drug}`,
  );
}
const odd = results.filter((r) => r.example);
if (odd.length) {
  console.log('\nfirst difference per parser:');
  for (const r of odd) console.log(`  ${r.name}: ${r.example}`);
}

// ---------------------------------------------------------------- report
const medplum = results.find((r) => r.name === '@medplum/core')!;
const mapping = results.find((r) => r.name === 'ours (full mapping)');
const rows = [];
if (mapping?.perSecond && medplum.perSecond) {
  const d = mapping.disagreements;
  rows.push(
    figure({
      figure: `HL7 parse + CMOP mapping + validation, ${count.toLocaleString('en-US')} RDS^R06`,
      result: Math.round(mapping.perSecond),
      unit: 'msgs/s',
      baseline: Math.round(medplum.perSecond),
      baselineLabel: '@medplum/core bare parse + 4 reads, same corpus',
      goal: '≥ 2× @medplum/core parse',
      pass: mapping.perSecond / medplum.perSecond >= 2 && mapping.failures === 0 && d.rx + d.tracking + d.icn + d.drug === 0,
      context: `values agree with the bare parser (escapes decoded): ${mapping.failures} throws, ${d.rx}/${d.tracking}/${d.icn}/${d.drug} disagreements; best of 3; load ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    }),
  );
}
const bare = results.find((r) => r.name === 'ours')!;
rows.push(
  figure({
    figure: `HL7 bare parse + 4 reads, ${count.toLocaleString('en-US')} RDS^R06`,
    result: Math.round(bare.perSecond!),
    unit: 'msgs/s',
    baseline: Math.round(medplum.perSecond!),
    baselineLabel: '@medplum/core, same corpus',
    goal: 'context (no goal)',
    pass: null,
  }),
);
reportFigures(rows);
