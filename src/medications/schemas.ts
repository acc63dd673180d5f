import { z } from 'zod';
import { ELIGIBILITY_REASONS, PRESCRIPTION_STATUSES } from './eligibility.js';

const reasonCodes = Object.keys(ELIGIBILITY_REASONS) as [keyof typeof ELIGIBILITY_REASONS, ...Array<keyof typeof ELIGIBILITY_REASONS>];

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
  facility: z.object({ stationNumber: z.string(), name: z.string(), phone: z.string() }),
  prescriber: z.object({ name: z.string() }).nullable(),
  eligibility: z.object({
    refillable: z.boolean(),
    renewable: z.boolean(),
    reason: z.enum(reasonCodes),
    reasonText: z.string(),
  }),
  renewalUrl: z.string().nullable().describe('Secure Messaging renewal start URL when renewable'),
});

export const medicationDetailSchema = medicationSchema.extend({
  fills: z.array(z.object({ fillNumber: z.number().int(), fillDate: z.string(), quantity: z.number() })),
  /** Latest CMOP shipment of this prescription, if any (from Rx tracking). */
  tracking: z
    .object({
      trackingNumber: z.string(),
      carrier: z.string().nullable(),
      trackingUrl: z.string().nullable(),
      shippedAt: z.string().nullable(),
      otherPrescriptions: z.array(z.object({ rxLast4: z.string(), medicationName: z.string() })),
    })
    .nullable(),
});

export const prescriptionIdParams = z.object({ id: z.uuid() });

export const refillRequestBody = z.object({
  prescriptionIds: z.array(z.uuid()).min(1).max(20),
});

export const refillResponse = z.object({
  submitted: z.array(z.object({ prescriptionId: z.uuid(), requestId: z.uuid(), requestedAt: z.string() })),
});
