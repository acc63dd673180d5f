/**
 * The Medications API's vocabulary and response shapes (zod). The server validates its answers
 * with these schemas; the web app imports their types only (`z.infer`, nothing bundled).
 */
import { z } from 'zod';

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
] as const;
export type EligibilityReason = (typeof ELIGIBILITY_REASON_CODES)[number];

const facility = z.object({ stationNumber: z.string(), name: z.string(), phone: z.string() });

export const medicationSchema = z.object({
  id: z.uuid(),
  rxNumber: z.string(),
  name: z.string(),
  instructions: z.string(),
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
  renewalUrl: z.string().nullable().describe('Secure Messaging renewal start URL when renewable'),
});

/**
 * Staged rollout (flag rx_renewal_sm_link): whether this Veteran is shown the "Send a renewal
 * request message" link. Eligibility (renewalUrl) is unchanged by the flag.
 */
export const renewalLinkFields = {
  renewalLinkEnabled: z.boolean().describe('Show the renewal link (feature flag rx_renewal_sm_link)'),
  rolloutVariant: z.enum(['treatment', 'control', 'off']),
};

export const medicationListResponse = z.object({ medications: z.array(medicationSchema), ...renewalLinkFields });

export const medicationDetailSchema = medicationSchema.extend({
  fills: z.array(z.object({ fillNumber: z.number().int(), fillDate: z.string(), quantity: z.number() })),
  /** Latest CMOP shipment of this prescription, if any (from Rx tracking). */
  tracking: z
    .object({
      trackingNumber: z.string(),
      carrier: z.string().nullable(),
      shippedAt: z.string().nullable(),
      otherPrescriptions: z.array(z.object({ rxLast4: z.string(), medicationName: z.string() })),
    })
    .nullable(),
});
export const medicationDetailResponse = medicationDetailSchema.extend(renewalLinkFields);

export const refillResponse = z.object({
  submitted: z.array(z.object({ prescriptionId: z.uuid(), requestId: z.uuid(), requestedAt: z.string() })),
});

export type Medication = z.infer<typeof medicationSchema>;
export type MedicationList = z.infer<typeof medicationListResponse>;
export type MedicationDetail = z.infer<typeof medicationDetailResponse>;
export type RefillResult = z.infer<typeof refillResponse>;
