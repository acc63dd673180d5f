/**
 * Realistic CMOP RDS^R06 messages for benchmarks and proofs: one package per message, 1 or 2
 * prescriptions (≈1.5 on average), ZR2 carrier + tracking, PID-3 with ICN and DFN.
 */
const DRUGS = [
  'LISINOPRIL 10MG TAB',
  'METFORMIN HCL 500MG TAB',
  'ATORVASTATIN 20MG TAB',
  'AMLODIPINE 5MG TAB',
  'OMEPRAZOLE 20MG CAP',
  'SERTRALINE 50MG TAB',
  'GABAPENTIN 300MG CAP',
  'TAMSULOSIN 0.4MG CAP',
];
const CARRIERS = ['UPS', 'USPS', 'FEDEX'];

export interface CorpusMessage {
  raw: string;
  items: number;
}

export function icnFor(n: number): string {
  return `${String(1_000_000_000 + n).slice(0, 10)}V${String(n % 1_000_000).padStart(6, '0')}`;
}

export function cmopMessage(i: number, random: () => number, patients = 50_000): CorpusMessage {
  const station = random() < 0.5 ? '442' : '554';
  const patient = Math.floor(random() * patients);
  const items = random() < 0.5 ? 1 : 2;
  const carrier = CARRIERS[i % CARRIERS.length]!;
  const tracking = `${carrier === 'UPS' ? '1Z' : '94'}${String(i).padStart(16, '0')}`;
  const lines = [
    `MSH|^~\\&|CMOP|CMOP^776|VISTA|${station}|20260614101500-0500||RDS^R06|${station}-B${i}|P|2.3.1|||AL|AL`,
    `PID|1||${icnFor(patient)}^^^USVHA^NI~${7000 + patient}^^^USVHA^PI^${station}`,
  ];
  for (let k = 0; k < items; k++) {
    const rx = String(2_000_000 + i * 2 + k);
    lines.push(
      `ORC|OK|${station}-${rx}-1`,
      `RXD|1|${4000 + k}^${DRUGS[(i + k) % DRUGS.length]}^L|20260614101500-0500|30|||${rx}`,
      `ZR2|${carrier}|${tracking}|${rx}`,
    );
  }
  return { raw: `${lines.join('\r')}\r`, items };
}
