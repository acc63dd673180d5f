/**
 * The Medications API's vocabulary and response shapes (zod). The server validates its answers
 * with these schemas; the web app imports their types only (`z.infer`, nothing bundled).
 */
import { z } from 'zod';
import { MEDICATION_FILTERS, MEDICATION_SORTS, type MedicationFilter } from '../medication-list-options.js';

/** Prescription statuses as stored (VistA-style); the UI shows VA.gov's labels for them. */
export const PRESCRIPTION_STATUSES = [
  'active',
  'active_parked',
  'active_on_hold',
  'active_suspended',
  'active_refill_in_process',
  'active_submitted',
  'discontinued',
  'expired',
  'transferred',
  'unknown',
  // Pending prescriptions (VA.gov: prescriptionSource 'PD', dispStatus NewOrder / Renew): the VA
  // pharmacy is reviewing a new prescription or a renewal; nothing can be requested yet.
  'pending_new',
  'pending_renewal',
] as const;
export type PrescriptionStatus = (typeof PRESCRIPTION_STATUSES)[number];

/** Why a prescription is (not) refillable or renewable: one code list for UI, API and monitoring. */
export const ELIGIBILITY_REASON_CODES = [
  'REFILLABLE',
  'NO_REFILLS_LEFT',
  'EXPIRED_WITHIN_RENEWAL_WINDOW',
  'EXPIRED_BEYOND_RENEWAL_WINDOW',
  'NON_VA',
  'NEVER_FILLED',
  'REFILL_IN_PROCESS',
  'REFILL_SUBMITTED',
  'ON_HOLD',
  'SUSPENDED',
  'DISCONTINUED',
  'TRANSFERRED',
  'UNKNOWN_STATUS',
  'PENDING_NEW',
  'PENDING_RENEWAL',
] as const;
export type EligibilityReason = (typeof ELIGIBILITY_REASON_CODES)[number];

/** The health record system a prescription comes from (VA.gov: station in cernerFacilityIds → Oracle Health). */
export const PRESCRIPTION_SOURCES = ['vista', 'oracle_health'] as const;
export type PrescriptionSource = (typeof PRESCRIPTION_SOURCES)[number];

const facility = z.object({ stationNumber: z.string(), name: z.string(), phone: z.string(), ehr: z.enum(PRESCRIPTION_SOURCES) });

// The list's sorts and filters live in a zod-free module so the web app can import their values
// without bundling zod; re-exported here as part of the API's vocabulary.
export { FILTER_LABELS, MEDICATION_FILTERS, MEDICATION_SORTS, SORT_LABELS, type MedicationFilter, type MedicationSort } from '../medication-list-options.js';
export const MEDICATIONS_PER_PAGE = 10;

export const medicationSchema = z.object({
  id: z.uuid(),
  rxNumber: z.string(),
  name: z.string(),
  instructions: z.string(),
  /** VA.gov "Reason for use" (VistA indication); null when not recorded. */
  reasonForUse: z.string().nullable(),
  status: z.enum(PRESCRIPTION_STATUSES),
  statusLabel: z.string(),
  refillsRemaining: z.number().int(),
  quantity: z.number(),
  daysSupply: z.number().int(),
  issueDate: z.string(),
  expirationDate: z.string(),
  lastFillDate: z.string().nullable(),
  isNonVa: z.boolean(),
  isControlledSubstance: z.boolean(),
  facility,
  prescriber: z.object({ name: z.string() }).nullable(),
  eligibility: z.object({
    refillable: z.boolean(),
    renewable: z.boolean(),
    reason: z.enum(ELIGIBILITY_REASON_CODES),
    reasonText: z.string(),
  }),
  renewalUrl: z.string().nullable().describe('Secure Messaging renewal start URL when renewable (and the source is in RENEWAL_LINK_SOURCES)'),
  /** Date of the latest refill request while it is submitted (VA.gov: "We got your request on …"). */
  refillSubmittedAt: z.string().nullable(),
  /** Ship date of the latest package with this prescription (VA.gov card: "Shipped on <date>"). */
  shippedAt: z.string().nullable(),
});

/**
 * Staged rollout (flag rx_renewal_sm_link): whether this Veteran is shown the "Send a renewal
 * request message" link. Eligibility (renewalUrl) is unchanged by the flag.
 */
export const renewalLinkFields = {
  renewalLinkEnabled: z.boolean().describe('Show the renewal link (feature flag rx_renewal_sm_link)'),
  rolloutVariant: z.enum(['treatment', 'control', 'off']),
};

const filterCounts = z.object(Object.fromEntries(MEDICATION_FILTERS.map((f) => [f, z.number().int()])) as Record<MedicationFilter, z.ZodNumber>);

export const medicationListResponse = z.object({
  medications: z.array(medicationSchema),
  meta: z.object({
    sort: z.enum(MEDICATION_SORTS),
    filter: z.enum(MEDICATION_FILTERS),
    page: z.number().int(),
    perPage: z.number().int(),
    /** Prescriptions matching the filter (all pages). */
    total: z.number().int(),
    totalPages: z.number().int(),
    /** Prescriptions per filter, for the filter labels and to tell "no medications" from "no matches". */
    filterCounts,
  }),
  ...renewalLinkFields,
});

/** Refillable prescriptions for the refill page (all of them, by name). */
export const refillableResponse = z.object({ medications: z.array(medicationSchema) });

export const medicationDetailSchema = medicationSchema.extend({
  fills: z.array(z.object({ fillNumber: z.number().int(), fillDate: z.string(), quantity: z.number() })),
  /** Latest CMOP shipment of this prescription, if any (from Rx tracking). */
  tracking: z
    .object({
      trackingNumber: z.string(),
      carrier: z.string().nullable().describe('Carrier display name (USPS, UPS, FedEx, DHL…); null when unknown, never the raw code'),
      trackingUrl: z.string().nullable().describe('The carrier’s tracking page, for the carriers VA.gov links'),
      shippedAt: z.string().nullable(),
      otherPrescriptions: z.array(z.object({ rxLast4: z.string(), medicationName: z.string() })),
    })
    .nullable(),
});
export const medicationDetailResponse = medicationDetailSchema.extend(renewalLinkFields);

/** Why one prescription of a refill request was not submitted: an eligibility reason, or not found (also for another Veteran's id). */
export const REFILL_FAILURE_REASONS = [...ELIGIBILITY_REASON_CODES.filter((c) => c !== 'REFILLABLE'), 'NOT_FOUND'] as const;

export const refillResponse = z.object({
  /** One entry per requested id, in request order. */
  results: z.array(
    z.discriminatedUnion('outcome', [
      z.object({ prescriptionId: z.string(), outcome: z.literal('submitted'), name: z.string(), requestId: z.uuid(), requestedAt: z.string() }),
      z.object({
        prescriptionId: z.string(),
        outcome: z.literal('failed'),
        name: z.string().nullable(),
        reason: z.enum(REFILL_FAILURE_REASONS),
        reasonText: z.string(),
      }),
    ]),
  ),
  submitted: z.array(z.object({ prescriptionId: z.uuid(), requestId: z.uuid(), requestedAt: z.string() })),
  failed: z.array(z.object({ prescriptionId: z.string(), reason: z.enum(REFILL_FAILURE_REASONS) })),
});

export type Medication = z.infer<typeof medicationSchema>;
export type MedicationList = z.infer<typeof medicationListResponse>;
export type MedicationDetail = z.infer<typeof medicationDetailResponse>;
export type RefillResult = z.infer<typeof refillResponse>;
export type RefillableList = z.infer<typeof refillableResponse>;

/** "Print or download": the document behind the print view, the text file and the PDF (format=print answers it as JSON). */
const field = z.tuple([z.string(), z.string()]);
export const exportDocumentSchema = z.object({
  fileBase: z.string(),
  title: z.string(),
  header: z.array(z.string()),
  preface: z.array(z.string()),
  sections: z.array(
    z.object({
      heading: z.string(),
      fields: z.array(field),
      paragraphs: z.array(z.string()),
      children: z.array(z.object({ heading: z.string(), fields: z.array(field), lines: z.array(z.string()) })),
    }),
  ),
});
export type ExportDocument = z.infer<typeof exportDocumentSchema>;
