/**
 * FHIR R4 MedicationDispense → DispenseEvent (reference C8). Accepted shapes: a MedicationDispense,
 * a Bundle of them, or a MedicationRequest with contained MedicationDispense resources (Oracle
 * Health style). Tracking comes from the VA shipping-info extension, or from the legacy
 * `identifier[]` form keyed by `type.text`.
 *
 * Assumptions (the reference does not say; confirm with the sending system):
 *  - patient ICN: `subject.identifier` with system `urn:oid:2.16.840.1.113883.4.349` (VA's OID), or
 *    a `subject.reference` of `Patient/{ICN}`;
 *  - station: `location.identifier.value`, else `performer[].actor.identifier.value`;
 *  - fill number: identifier with `type.text` "Fill Number", else 0.
 */
import { z } from 'zod';
import type { DispenseEvent } from '../dispense-event.js';
import { normaliseNdc } from '../hl7/values.js';

export const SHIPPING_INFO_URL = 'http://va.gov/fhir/StructureDefinition/shipping-info';
export const NDC_SYSTEM = 'http://hl7.org/fhir/sid/ndc';
export const VA_ICN_SYSTEM = 'urn:oid:2.16.840.1.113883.4.349';

export class FhirMappingError extends Error {
  override name = 'FhirMappingError';
  constructor(readonly code: 'BAD_JSON' | 'BAD_RESOURCE' | 'MISSING_FIELD' | 'BAD_VALUE', readonly path: string, message: string) {
    super(message);
  }
}

const identifier = z.object({ system: z.string().optional(), value: z.string().optional(), type: z.object({ text: z.string().optional() }).optional() });
const reference = z.object({ reference: z.string().optional(), identifier: identifier.optional() });
const extension: z.ZodType<{ url: string; valueString?: string; extension?: Array<{ url: string; valueString?: string }> }> = z.object({
  url: z.string(),
  valueString: z.string().optional(),
  extension: z.array(z.object({ url: z.string(), valueString: z.string().optional() })).optional(),
});
const dispense = z.object({
  resourceType: z.literal('MedicationDispense'),
  id: z.string().max(64).optional(),
  status: z.string(),
  identifier: z.array(identifier).optional(),
  extension: z.array(extension).optional(),
  medicationCodeableConcept: z.object({ text: z.string().optional(), coding: z.array(z.object({ system: z.string().optional(), code: z.string().optional(), display: z.string().optional() })).optional() }).optional(),
  subject: reference.optional(),
  location: reference.optional(),
  performer: z.array(z.object({ actor: reference })).optional(),
  quantity: z.object({ value: z.number().optional() }).optional(),
  whenPrepared: z.string().optional(),
  whenHandedOver: z.string().optional(),
  statusReasonCodeableConcept: z.object({ text: z.string().optional() }).optional(),
});
type Dispense = z.infer<typeof dispense>;

function dispensesOf(input: unknown): { id: string | null; resources: unknown[] } {
  if (typeof input !== 'object' || input === null) throw new FhirMappingError('BAD_RESOURCE', '$', 'Expected a FHIR resource object');
  const r = input as { resourceType?: unknown; id?: unknown; entry?: unknown; contained?: unknown };
  const id = typeof r.id === 'string' ? r.id.slice(0, 64) : null;
  switch (r.resourceType) {
    case 'MedicationDispense':
      return { id, resources: [input] };
    case 'Bundle':
      return { id, resources: Array.isArray(r.entry) ? r.entry.map((e: { resource?: unknown }) => e?.resource) : [] };
    case 'MedicationRequest':
      return { id, resources: Array.isArray(r.contained) ? r.contained.filter((c: { resourceType?: unknown }) => c?.resourceType === 'MedicationDispense') : [] };
    default:
      throw new FhirMappingError('BAD_RESOURCE', '$.resourceType', 'Expected MedicationDispense, Bundle or MedicationRequest');
  }
}

function date(value: string | undefined, path: string): Date | null {
  if (!value) return null;
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value);
  if (Number.isNaN(d.getTime())) throw new FhirMappingError('BAD_VALUE', path, 'Not a FHIR date or dateTime');
  return d;
}

function mapOne(d: Dispense, path: string, fallbackId: string): DispenseEvent {
  const shipping = new Map((d.extension?.find((e) => e.url === SHIPPING_INFO_URL)?.extension ?? []).map((e) => [e.url, e.valueString ?? '']));
  const legacy = new Map((d.identifier ?? []).filter((i) => i.type?.text).map((i) => [i.type!.text!, i.value ?? '']));
  const pick = (...keys: string[]) => keys.map((k) => shipping.get(k) ?? legacy.get(k)).find((v) => v !== undefined && v !== '') ?? null;

  const rxNumber = pick('Prescription Number');
  if (!rxNumber) throw new FhirMappingError('MISSING_FIELD', `${path}.extension[shipping-info].Prescription Number`, 'Prescription Number is required');
  const coding = d.medicationCodeableConcept?.coding ?? [];
  const drugName = pick('Prescription Name') ?? d.medicationCodeableConcept?.text ?? coding.find((c) => c.display)?.display ?? null;
  if (!drugName) throw new FhirMappingError('MISSING_FIELD', `${path}.medicationCodeableConcept`, 'Drug name is required');
  const subjectId = d.subject?.identifier?.system === VA_ICN_SYSTEM ? d.subject.identifier.value : /^Patient\/(\d{10}V\d{6})$/.exec(d.subject?.reference ?? '')?.[1];
  const icn = subjectId && /^\d{10}V\d{6}$/.test(subjectId) ? subjectId : null;
  const station = d.location?.identifier?.value ?? d.performer?.map((p) => p.actor.identifier?.value).find(Boolean) ?? null;
  if (!station || !/^\d{3}[A-Z0-9]{0,3}$/.test(station)) throw new FhirMappingError('MISSING_FIELD', `${path}.location.identifier.value`, 'Station number is required');
  const ndcRaw = pick('NDC Code') ?? coding.find((c) => c.system === NDC_SYSTEM)?.code ?? null;
  const cancelled = ['cancelled', 'declined', 'stopped', 'entered-in-error'].includes(d.status);
  if (!cancelled && d.status !== 'completed') throw new FhirMappingError('BAD_VALUE', `${path}.status`, 'Only completed or cancelled dispenses can be tracked');
  const tracking = pick('Tracking Number');
  const fill = Number(legacy.get('Fill Number') ?? '0');
  return {
    messageControlId: d.id ?? fallbackId,
    messageType: 'FHIR:MedicationDispense',
    stationNumber: station,
    patient: { icn, dfn: null, dfnStation: null },
    rxNumber,
    fillNumber: Number.isInteger(fill) && fill >= 0 ? fill : 0,
    drugName,
    vaProductId: null,
    ndc: ndcRaw ? normaliseNdc(ndcRaw) : null,
    quantity: d.quantity?.value ?? null,
    dispensedAt: date(d.whenHandedOver ?? d.whenPrepared, `${path}.whenHandedOver`),
    shippedAt: date(pick('Shipped Date') ?? undefined, `${path}.extension[shipping-info].Shipped Date`),
    carrier: pick('Delivery Service', 'Carrier'),
    trackingNumber: cancelled ? null : tracking,
    status: cancelled ? 'cancelled' : 'dispensed',
    cancellationReason: cancelled ? d.statusReasonCodeableConcept?.text ?? d.status : null,
    warnings: ndcRaw && !normaliseNdc(ndcRaw) ? [`${path}: NDC not in a known format`] : [],
  };
}

/** Map a FHIR JSON document (string) to dispense events. Throws FhirMappingError only. */
export function mapFhirDispenses(text: string): { controlId: string | null; events: DispenseEvent[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new FhirMappingError('BAD_JSON', '$', 'Body is not valid JSON');
  }
  const { id, resources } = dispensesOf(json);
  if (resources.length === 0) throw new FhirMappingError('MISSING_FIELD', '$', 'No MedicationDispense found');
  const events = resources.map((r, i) => {
    const path = resources.length === 1 && (json as { resourceType?: string }).resourceType === 'MedicationDispense' ? '$' : `$.dispense[${i}]`;
    const parsed = dispense.safeParse(r);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new FhirMappingError('BAD_RESOURCE', `${path}.${issue.path.join('.')}`, issue.message);
    }
    return mapOne(parsed.data, path, id ?? `fhir-${i}`);
  });
  return { controlId: id ?? events[0]?.messageControlId ?? null, events };
}
