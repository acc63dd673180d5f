/** Medications request schemas; the response shapes are shared with the web app (src/shared/api/medications.ts). */
import { z } from 'zod';

export { medicationDetailResponse, medicationListResponse, refillResponse } from '../shared/api/medications.js';

export const prescriptionIdParams = z.object({ id: z.uuid() });

export const refillRequestBody = z.object({
  prescriptionIds: z.array(z.uuid()).min(1).max(20),
});
