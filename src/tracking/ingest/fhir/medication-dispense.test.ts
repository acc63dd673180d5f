import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seededRng } from '../hl7/fuzz.js';
import { FhirMappingError, mapFhirDispenses } from './medication-dispense.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const json = (name: string) => JSON.parse(fixture(name)) as Record<string, unknown>;

function failure(input: unknown): { code: string; path: string } {
  try {
    mapFhirDispenses(input);
  } catch (err) {
    if (err instanceof FhirMappingError) return { code: err.code, path: err.path };
    throw err;
  }
  throw new Error('expected a mapping error');
}

const ALEX = '1012345678V123456';
const JORDAN = '1098765432V654321';

describe('FHIR MedicationDispense → DispenseEvent', () => {
  it('maps the shipping-info extension, field by field', () => {
    const r = mapFhirDispenses(fixture('dispense-shipping-info.json'));
    expect(r.controlId).toBe('md-442-2719547-3');
    expect(r.events).toEqual([
      {
        messageControlId: 'md-442-2719547-3',
        messageType: 'FHIR:MedicationDispense',
        stationNumber: '442',
        patient: { icn: ALEX, dfn: null, dfnStation: null },
        rxNumber: '2719547',
        fillNumber: 3,
        drugName: 'LISINOPRIL 10MG TAB',
        vaProductId: null,
        ndc: '00093111101',
        quantity: 90,
        dispensedAt: new Date('2026-06-14T15:15:00Z'),
        shippedAt: new Date('2026-06-14T12:00:00Z'),
        carrier: 'USPS',
        trackingNumber: '9400111899223344559999',
        status: 'dispensed',
        cancellationReason: null,
        warnings: [],
      },
    ]);
  });

  it('maps the legacy identifier form inside a MedicationRequest (contained dispense)', () => {
    const r = mapFhirDispenses(fixture('request-contained-legacy.json'));
    expect(r.controlId).toBe('mr-554-3640001');
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({
      messageControlId: 'md-554-3640001-1',
      stationNumber: '554',
      patient: { icn: JORDAN },
      rxNumber: '3640001',
      drugName: 'ATORVASTATIN 20MG TAB',
      trackingNumber: '1Z999AA10123450001',
      carrier: 'UPS',
      shippedAt: new Date('2026-06-13T12:00:00Z'),
      dispensedAt: new Date('2026-06-13T10:00:00Z'),
      fillNumber: 0,
      ndc: null,
    });
    expect(r.events[0]!.warnings).toEqual(['$.contained[0]: fill number unknown; taken as 0']);
  });

  it('maps a Bundle: dispenses and MedicationRequests with contained dispenses; other resources ignored', () => {
    const r = mapFhirDispenses(json('bundle-mixed.json'));
    expect(r.controlId).toBe('bundle-554-20260616');
    expect(
      r.events.map((e) => [
        e.messageControlId,
        e.rxNumber,
        e.fillNumber,
        e.drugName,
        e.ndc,
        e.trackingNumber,
        e.carrier,
        e.stationNumber,
        e.patient.icn,
        e.shippedAt?.toISOString(),
        e.dispensedAt?.toISOString(),
        e.quantity,
      ]),
    ).toEqual([
      [
        'md-554-3636456-2',
        '3636456',
        2,
        'AMLODIPINE BESYLATE 5MG TAB',
        '68180072002',
        '771234567890',
        'FEDEX',
        '554',
        JORDAN,
        '2026-06-16T15:30:00.000Z',
        '2026-06-16T08:00:00.000Z',
        90,
      ],
      // Rx number, drug name and patient come from the parent MedicationRequest; FFC = first fill.
      [
        'md-554-3636467-0',
        '3636467',
        0,
        'LEVOTHYROXINE 50MCG TAB',
        '00378180301',
        '771234567890',
        'FEDEX',
        '554',
        JORDAN,
        '2026-06-16T12:00:00.000Z',
        '2026-06-16T15:00:00.000Z',
        null,
      ],
    ]);
    expect(r.events.flatMap((e) => e.warnings)).toEqual([]);
  });

  it('maps a cancelled dispense with its reason and no tracking', () => {
    const [e] = mapFhirDispenses(fixture('dispense-cancelled.json')).events;
    expect(e).toMatchObject({
      status: 'cancelled',
      cancellationReason: 'OUT OF STOCK',
      trackingNumber: null,
      carrier: null,
      rxNumber: '2719556',
      stationNumber: '442',
      fillNumber: 0,
    });
  });

  it('a dispense with no ICN is mapped with icn null and a warning', () => {
    const d = json('dispense-shipping-info.json');
    delete d.subject;
    const [e] = mapFhirDispenses(d).events;
    expect(e!.patient.icn).toBeNull();
    expect(e!.warnings).toEqual(['$.subject: no ICN']);
  });

  it('unreadable dates are errors naming the path, never a silent "no date"', () => {
    const d = json('dispense-shipping-info.json');
    d.whenHandedOver = 'last Tuesday';
    expect(() => mapFhirDispenses(d)).toThrow(expect.objectContaining({ code: 'BAD_VALUE', path: '$.whenHandedOver' }));
    d.whenHandedOver = '2026-02-30';
    expect(() => mapFhirDispenses(d)).toThrow(expect.objectContaining({ code: 'BAD_VALUE', path: '$.whenHandedOver' }));
  });

  it('a completed dispense without a tracking number, or a drug name with control characters, is an error naming the field', () => {
    const noTracking = json('dispense-shipping-info.json');
    for (const ext of noTracking.extension as any[])
      if (ext.extension) ext.extension = ext.extension.filter((x: { url: string }) => x.url !== 'Tracking Number');
    expect(() => mapFhirDispenses(noTracking)).toThrow(expect.objectContaining({ code: 'MISSING_FIELD', path: expect.stringContaining('Tracking Number') }));
    const nul = json('dispense-shipping-info.json');
    for (const ext of nul.extension as any[]) for (const x of ext.extension ?? []) if (x.url === 'Prescription Name') x.valueString = 'LISINOPRIL\u000010MG';
    nul.medicationCodeableConcept = { text: 'LISINOPRIL\u000010MG' };
    expect(() => mapFhirDispenses(nul)).toThrow(expect.objectContaining({ code: 'BAD_VALUE', path: '$.medicationCodeableConcept' }));
  });
});

describe('errors carry a JSON path', () => {
  const withChange = (name: string, change: (d: Record<string, any>) => void) => {
    const d = json(name);
    change(d);
    return d;
  };
  it.each<[string, unknown, string, string]>([
    ['not JSON', '{"resourceType":', 'BAD_JSON', '$'],
    ['not an object', '[1,2]', 'BAD_RESOURCE', '$'],
    ['wrong resource type', { resourceType: 'Patient' }, 'BAD_RESOURCE', '$.resourceType'],
    ['empty bundle', { resourceType: 'Bundle', entry: [] }, 'MISSING_FIELD', '$'],
    [
      'no Rx number in the 2nd bundle entry',
      json('malformed-no-rx-number.json'),
      'MISSING_FIELD',
      '$.entry[1].resource.extension[shipping-info].Prescription Number',
    ],
    ['status of the wrong type', withChange('dispense-shipping-info.json', (d) => (d.status = 5)), 'BAD_RESOURCE', '$.status'],
    ['quantity negative', withChange('dispense-shipping-info.json', (d) => (d.quantity.value = -1)), 'BAD_RESOURCE', '$.quantity.value'],
    [
      'identifier value of the wrong type',
      withChange('request-contained-legacy.json', (d) => (d.contained[0].identifier[2].value = 7)),
      'BAD_RESOURCE',
      '$.contained[0].identifier[2].value',
    ],
    ['status not trackable', withChange('dispense-shipping-info.json', (d) => (d.status = 'in-progress')), 'BAD_VALUE', '$.status'],
    ['no station', withChange('dispense-shipping-info.json', (d) => delete d.location), 'MISSING_FIELD', '$.location.identifier.value'],
    [
      'no drug name',
      withChange('request-contained-legacy.json', (d) => delete d.contained[0].medicationCodeableConcept),
      'MISSING_FIELD',
      '$.contained[0].medicationCodeableConcept',
    ],
    [
      'bad ICN under the VA system',
      withChange('dispense-shipping-info.json', (d) => (d.subject.identifier.value = '123')),
      'BAD_VALUE',
      '$.subject.identifier.value',
    ],
    [
      'bad tracking number',
      withChange('dispense-shipping-info.json', (d) => (d.extension[0].extension[0].valueString = 'x!y')),
      'BAD_VALUE',
      "$.extension[0].extension('Tracking Number')",
    ],
    [
      'bad Rx number',
      withChange('request-contained-legacy.json', (d) => (d.contained[0].identifier[1].value = '12 34')),
      'BAD_VALUE',
      "$.contained[0].identifier('Prescription Number')",
    ],
  ])('%s → %s at %s', (_name, input, code, path) => {
    expect(failure(input)).toEqual({ code, path });
  });

  it('random damage to the fixtures only ever raises FhirMappingError', () => {
    const rng = seededRng(99);
    const seeds = ['dispense-shipping-info.json', 'request-contained-legacy.json', 'bundle-mixed.json', 'dispense-cancelled.json'].map(fixture);
    const junk = [null, 0, -1, '', 'x', [], {}, true, { url: 1 }, [null]];
    const damage = (v: unknown, depth: number): unknown => {
      if (Array.isArray(v)) return v.map((x) => (rng() < 0.1 ? junk[Math.floor(rng() * junk.length)] : damage(x, depth + 1)));
      if (v && typeof v === 'object') {
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) {
          const r = rng();
          if (r < 0.05) continue;
          out[k] = r < 0.12 ? junk[Math.floor(rng() * junk.length)] : damage(x, depth + 1);
        }
        return out;
      }
      return v;
    };
    let errors = 0;
    for (let i = 0; i < 3000; i++) {
      const input = damage(JSON.parse(seeds[i % seeds.length]!), 0);
      try {
        mapFhirDispenses(i % 2 ? JSON.stringify(input) : input);
      } catch (err) {
        expect(err).toBeInstanceOf(FhirMappingError);
        errors += 1;
      }
    }
    expect(errors).toBeGreaterThan(300);
  });
});
