/** Medications request schemas; the response shapes are shared with the web app (src/shared/api/medications.ts). */
import { z } from 'zod';
import { MEDICATION_FILTERS, MEDICATION_SORTS, MEDICATIONS_PER_PAGE } from '../shared/api/medications.js';

export { medicationDetailResponse, medicationListResponse, refillableResponse, refillResponse } from '../shared/api/medications.js';

export const prescriptionIdParams = z.object({ id: z.uuid() });

export const refillRequestBody = z.object({
  prescriptionIds: z.array(z.uuid()).min(1).max(50),
});

const sort = z.enum(MEDICATION_SORTS).default('alphabetical-status').describe('VA.gov sort; default alphabetical-status');
const filter = z.enum(MEDICATION_FILTERS).default('all').describe('VA.gov list filter');

export const listQuery = z.object({
  sort,
  filter,
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  perPage: z.coerce.number().int().min(1).max(100).default(MEDICATIONS_PER_PAGE),
});

export const EXPORT_FORMATS = ['pdf', 'txt', 'print'] as const;
export const listExportQuery = z.object({ format: z.enum(EXPORT_FORMATS), sort, filter });
export const detailExportQuery = z.object({ format: z.enum(EXPORT_FORMATS) });
