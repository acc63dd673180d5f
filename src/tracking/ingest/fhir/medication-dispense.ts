/**
 * FHIR R4 MedicationDispense → DispenseEvent (reference C8).
 *
 * Accepted shapes: one MedicationDispense; a Bundle whose entries are MedicationDispense or
 * MedicationRequest resources; a MedicationRequest with *contained* MedicationDispense resources
 * (the Oracle Health shape vets-api reads).
 *
 * Tracking data, first found wins:
 *  1. the VA shipping-info extension (`SHIPPING_INFO_URL`) with sub-extensions `Tracking Number`,
 *     `Delivery Service`, `Shipped Date`, `Prescription Name`, `Prescription Number`, `NDC Code`
 *     (valueString per the reference; valueDate/valueDateTime also read for `Shipped Date`);
 *  2. the legacy `identifier[]` form keyed by `type.text` (`Tracking Number`, `Prescription Number`,
 *     `Shipped Date`, `Carrier`);
 *  3. for contained dispenses, the parent MedicationRequest (Rx number from its identifier with
 *     type.text `Prescription Number`, drug from its medicationCodeableConcept, its subject).
 * NDC: `NDC Code`, else medicationCodeableConcept.coding with system `NDC_SYSTEM`; normalised to 11 digits.
 *
 * ASSUMPTIONS (the reference does not say; confirm with the sending system):
 *  - patient ICN: `subject.identifier` with system `urn:oid:2.16.840.1.113883.4.349` (VA's OID
 *    for the ICN), or `subject.reference` `Patient/{ICN}`; missing ICN → `icn: null`;
 *  - station: `location.identifier.value`, else `performer[].actor.identifier.value`, else the
 *    `STATION_EXTENSION_URL` extension (valueString) — a 3-digit station number with optional suffix;
 *  - fill number: identifier with `type.text` `Fill Number`; else `type.coding[].code` starting
 *    with `FF` (Oracle Health "First Fill …") = 0; else 0 with a warning;
 *  - status: `completed` → dispensed; `cancelled`/`declined`/`stopped`/`entered-in-error` →
 *    cancelled (reason from statusReasonCodeableConcept.text); anything else is not trackable.
 *
 * Errors are FhirMappingError with a JSONPath-like location (`$.entry[1].resource.status`).
 */
import { z } from 'zod';
import type { DispenseEvent } from '../../dispense-event.js';
import { normaliseNdc } from '../hl7/values.js';

export const SHIPPING_INFO_URL = 'http://va.gov/fhir/StructureDefinition/shipping-info';
export const NDC_SYSTEM = 'http://hl7.org/fhir/sid/ndc';
export const VA_ICN_SYSTEM = 'urn:oid:2.16.840.1.113883.4.349';
/** Our own assumption, used only when neither location nor performer names the station. */
export const STATION_EXTENSION_URL = 'http://va.gov/fhir/StructureDefinition/station-number';

export type FhirErrorCode = 'BAD_JSON' | 'BAD_RESOURCE' | 'MISSING_FIELD' | 'BAD_VALUE';

export class FhirMappingError extends Error {
  override name = 'FhirMappingError';
  constructor(
    readonly code: FhirErrorCode,
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

const STATION = /^\d{3}[A-Z0-9]{0,3}$/;
const ICN = /^\d{10}V\d{6}$/;
const RX_NUMBER = /^[A-Za-z0-9]{1,20}$/;
const TRACKING = /^[A-Za-z0-9-]{1,60}$/;

const coding = z.object({ system: z.string().optional(), code: z.string().optional(), display: z.string().optional() });
const codeableConcept = z.object({ text: z.string().optional(), coding: z.array(coding).optional() });
const identifier = z.object({ system: z.string().optional(), value: z.string().optional(), type: codeableConcept.optional() });
const reference = z.object({ reference: z.string().optional(), identifier: identifier.optional() });
const subExtension = z.object({ url: z.string(), valueString: z.string().optional(), valueDate: z.string().optional(), valueDateTime: z.string().optional() });
const extension = subExtension.extend({ extension: z.array(subExtension).optional() });

const dispenseSchema = z.object({
  resourceType: z.literal('MedicationDispense'),
  id: z.string().max(64).optional(),
  status: z.string(),
  identifier: z.array(identifier).optional(),
  extension: z.array(extension).optional(),
  medicationCodeableConcept: codeableConcept.optional(),
  subject: reference.optional(),
  location: reference.optional(),
  performer: z.array(z.object({ actor: reference })).optional(),
  type: codeableConcept.optional(),
  quantity: z.object({ value: z.number().nonnegative().optional() }).optional(),
  whenPrepared: z.string().optional(),
  whenHandedOver: z.string().optional(),
  statusReasonCodeableConcept: codeableConcept.optional(),
});
type Dispense = z.infer<typeof dispenseSchema>;

const requestSchema = z.object({
  resourceType: z.literal('MedicationRequest'),
  id: z.string().max(64).optional(),
  identifier: z.array(identifier).optional(),
  medicationCodeableConcept: codeableConcept.optional(),
  subject: reference.optional(),
});
type Request = z.infer<typeof requestSchema>;

interface Found {
  resource: unknown;
  path: string;
  parent?: Request;
}

function jsonPath(base: string, issuePath: readonly PropertyKey[]): string {
  return base + issuePath.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('');
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, path: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new FhirMappingError('BAD_RESOURCE', jsonPath(path, issue.path), issue.message);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fromRequest(r: Record<string, unknown>, path: string): Found[] {
  const parent = parseWith(requestSchema, r, path);
  const contained = Array.isArray(r.contained) ? r.contained : [];
  return contained.flatMap((c, j) =>
    isObject(c) && c.resourceType === 'MedicationDispense' ? [{ resource: c, path: `${path}.contained[${j}]`, parent }] : [],
  );
}

function findDispenses(input: unknown): { id: string | null; found: Found[] } {
  if (!isObject(input)) throw new FhirMappingError('BAD_RESOURCE', '$', 'Expected a FHIR resource object');
  const id = typeof input.id === 'string' ? input.id.slice(0, 64) : null;
  switch (input.resourceType) {
    case 'MedicationDispense':
      return { id, found: [{ resource: input, path: '$' }] };
    case 'MedicationRequest':
      return { id, found: fromRequest(input, '$') };
    case 'Bundle': {
      const entries = Array.isArray(input.entry) ? input.entry : [];
      const found = entries.flatMap((e, i): Found[] => {
        const res = isObject(e) ? e.resource : undefined;
        const path = `$.entry[${i}].resource`;
        if (!isObject(res)) return [];
        if (res.resourceType === 'MedicationDispense') return [{ resource: res, path }];
        if (res.resourceType === 'MedicationRequest') return fromRequest(res, path);
        return []; // other resources (Patient, Organization…) are context we do not need
      });
      return { id, found };
    }
    default:
      throw new FhirMappingError('BAD_RESOURCE', '$.resourceType', 'Expected MedicationDispense, Bundle or MedicationRequest');
  }
}

/**
 * FHIR date / dateTime → Date. Absent → null; present but unreadable → BAD_VALUE naming the path
 * (never silently "no date"); no time zone → read as UTC with a warning.
 */
function fhirDate(value: string | undefined, path: string, warnings: string[]): Date | null {
  const v = value?.trim();
  if (!v) return null;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(v);
  const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/.exec(v);
  if (!dateOnly && !dateTime) throw new FhirMappingError('BAD_VALUE', path, 'Not a FHIR date or dateTime');
  if (dateTime && !dateTime[3]) warnings.push(`${path}: dateTime without a time zone; read as UTC`);
  const d = new Date(dateOnly ? `${v}T12:00:00Z` : dateTime![3] ? v : `${v}Z`);
  if (Number.isNaN(d.getTime()) || (dateOnly && d.toISOString().slice(0, 10) !== v)) throw new FhirMappingError('BAD_VALUE', path, 'Date out of range');
  return d;
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function mapOne(d: Dispense, path: string, parent: Request | undefined, fallbackId: string): DispenseEvent {
  const warnings: string[] = [];
  const shippingIdx = d.extension?.findIndex((e) => e.url === SHIPPING_INFO_URL) ?? -1;
  const shippingPath = `${path}.extension[${shippingIdx}]`;
  const shipping = new Map((d.extension?.[shippingIdx]?.extension ?? []).map((e) => [e.url, (e.valueString ?? e.valueDateTime ?? e.valueDate ?? '').trim()]));
  const byTypeText = (ids: Dispense['identifier']) =>
    new Map((ids ?? []).filter((i) => i.type?.text).map((i) => [i.type!.text!.trim(), (i.value ?? '').trim()]));
  const legacy = byTypeText(d.identifier);
  const parentIds = byTypeText(parent?.identifier);
  /** First non-empty value and where it came from. */
  const pick = (shipKey: string, legacyKey = shipKey): { value: string; path: string } | null => {
    const s = shipping.get(shipKey);
    if (s) return { value: s, path: `${shippingPath}.extension('${shipKey}')` };
    const l = legacy.get(legacyKey);
    if (l) return { value: l, path: `${path}.identifier('${legacyKey}')` };
    return null;
  };

  const rx =
    pick('Prescription Number') ?? (parentIds.get('Prescription Number') ? { value: parentIds.get('Prescription Number')!, path: '$.identifier' } : null);
  if (!rx) throw new FhirMappingError('MISSING_FIELD', `${path}.extension[shipping-info].Prescription Number`, 'Prescription Number is required');
  if (!RX_NUMBER.test(rx.value)) throw new FhirMappingError('BAD_VALUE', rx.path, 'Prescription Number must be 1–20 letters or digits');

  const codings = d.medicationCodeableConcept?.coding ?? [];
  const drugName =
    pick('Prescription Name')?.value ||
    d.medicationCodeableConcept?.text?.trim() ||
    codings.find((c) => c.display?.trim())?.display?.trim() ||
    parent?.medicationCodeableConcept?.text?.trim() ||
    null;
  if (!drugName)
    throw new FhirMappingError(
      'MISSING_FIELD',
      `${path}.medicationCodeableConcept`,
      'Drug name is required (shipping-info Prescription Name or medicationCodeableConcept)',
    );
  if (CONTROL.test(drugName)) throw new FhirMappingError('BAD_VALUE', `${path}.medicationCodeableConcept`, 'Drug name contains control characters');

  const subject = d.subject ?? parent?.subject;
  let icn: string | null;
  if (subject?.identifier?.system === VA_ICN_SYSTEM) {
    const v = subject.identifier.value?.trim() ?? '';
    if (!ICN.test(v)) throw new FhirMappingError('BAD_VALUE', `${path}.subject.identifier.value`, 'ICN must be 10 digits, V, 6 digits');
    icn = v;
  } else {
    icn = /^Patient\/(\d{10}V\d{6})$/.exec(subject?.reference?.trim() ?? '')?.[1] ?? null;
  }
  if (!icn) warnings.push(`${path}.subject: no ICN`);

  const stationExt = d.extension?.find((e) => e.url === STATION_EXTENSION_URL)?.valueString;
  const station = [d.location?.identifier?.value, ...(d.performer ?? []).map((p) => p.actor.identifier?.value), stationExt]
    .map((s) => s?.trim() ?? '')
    .find((s) => STATION.test(s));
  if (!station)
    throw new FhirMappingError('MISSING_FIELD', `${path}.location.identifier.value`, 'Station number is required (location or performer identifier)');

  const statusMap: Record<string, 'dispensed' | 'cancelled'> = {
    completed: 'dispensed',
    cancelled: 'cancelled',
    declined: 'cancelled',
    stopped: 'cancelled',
    'entered-in-error': 'cancelled',
  };
  const status = statusMap[d.status];
  if (!status) throw new FhirMappingError('BAD_VALUE', `${path}.status`, 'Only completed or cancelled dispenses can be tracked');
  const cancelled = status === 'cancelled';

  const ndcPicked = pick('NDC Code');
  const ndcRaw = ndcPicked?.value ?? codings.find((c) => c.system === NDC_SYSTEM)?.code?.trim() ?? null;
  const ndc = ndcRaw ? normaliseNdc(ndcRaw) : null;
  if (ndcRaw && !ndc) warnings.push(`${ndcPicked?.path ?? `${path}.medicationCodeableConcept.coding`}: NDC not in a known format`);

  const trackingPicked = pick('Tracking Number');
  const trackingNumber = trackingPicked?.value.replace(/\s+/g, '') || null;
  if (trackingNumber && !TRACKING.test(trackingNumber))
    throw new FhirMappingError('BAD_VALUE', trackingPicked!.path, 'Tracking number must be 1–60 letters, digits or dashes');
  if (!cancelled && !trackingNumber)
    throw new FhirMappingError('MISSING_FIELD', `${shippingPath}.extension('Tracking Number')`, 'Tracking number is required for a completed dispense');

  let fillNumber = 0;
  const fillText = legacy.get('Fill Number');
  if (fillText !== undefined && /^\d{1,2}$/.test(fillText)) fillNumber = Number(fillText);
  else if (fillText !== undefined) warnings.push(`${path}.identifier('Fill Number'): not a whole number; taken as 0`);
  else if (!(d.type?.coding ?? []).some((c) => c.code?.toUpperCase().startsWith('FF'))) warnings.push(`${path}: fill number unknown; taken as 0`);

  const shipped = pick('Shipped Date');
  return {
    messageControlId: d.id ?? fallbackId,
    messageType: 'FHIR:MedicationDispense',
    stationNumber: station,
    patient: { icn, dfn: null, dfnStation: null },
    rxNumber: rx.value,
    fillNumber,
    drugName,
    vaProductId: null,
    ndc,
    quantity: d.quantity?.value ?? null,
    dispensedAt: fhirDate(d.whenHandedOver ?? d.whenPrepared, `${path}.${d.whenHandedOver ? 'whenHandedOver' : 'whenPrepared'}`, warnings),
    shippedAt: fhirDate(shipped?.value, shipped?.path ?? '', warnings),
    carrier: cancelled ? null : (pick('Delivery Service', 'Carrier')?.value ?? null),
    trackingNumber: cancelled ? null : trackingNumber,
    status,
    cancellationReason: cancelled ? d.statusReasonCodeableConcept?.text?.trim() || d.status : null,
    warnings,
  };
}

/**
 * Map a FHIR JSON document (text, or already parsed) to dispense events. `controlId` is the
 * top-level resource id (else the first dispense's id). Throws FhirMappingError only.
 */
export function mapFhirDispenses(input: unknown): { controlId: string | null; events: DispenseEvent[] } {
  let json: unknown = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input);
    } catch {
      throw new FhirMappingError('BAD_JSON', '$', 'Body is not valid JSON');
    }
  }
  try {
    const { id, found } = findDispenses(json);
    if (found.length === 0) throw new FhirMappingError('MISSING_FIELD', '$', 'No MedicationDispense found');
    const events = found.map((f, i) => mapOne(parseWith(dispenseSchema, f.resource, f.path), f.path, f.parent, `${id ?? 'fhir'}-${i}`));
    return { controlId: id ?? events[0]?.messageControlId ?? null, events };
  } catch (err) {
    if (err instanceof FhirMappingError) throw err;
    throw new FhirMappingError('BAD_RESOURCE', '$', 'Unreadable resource');
  }
}
