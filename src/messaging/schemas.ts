/** Secure Messaging request schemas; the response shapes are shared with the web app (src/shared/api/messaging.ts). */
import { z } from 'zod';
import { BODY_MAX_LENGTH, CATEGORY_VALUES, SUBJECT_MAX_LENGTH } from '../shared/message-rules.js';
import { text } from '../shared/text.js';

export {
  categoriesResponse,
  careTeamsResponse,
  renewalResponse,
  draftSchema,
  startDraftResponse,
  sentResponse,
  signatureSchema,
  folderResponse,
  draftsResponse,
  threadResponse,
  careTeamInboxResponse,
} from '../shared/api/messaging.js';

const category = z.enum(CATEGORY_VALUES);

// One text rule (src/shared/text.ts): control characters and broken UTF-16 refused, bidi
// controls stripped, lengths in code points — the same count in the UI, autosave, send and the
// database CHECK (PostgreSQL length()).
const SUBJECT_TOO_LONG = `Subject must be ${SUBJECT_MAX_LENGTH} characters or fewer`;
const BODY_TOO_LONG = `Message must be ${BODY_MAX_LENGTH.toLocaleString('en-US')} characters or fewer`;

export const subjectField = text({ max: SUBJECT_MAX_LENGTH, min: 1, trim: true, singleLine: true, tooShort: 'Enter a subject', tooLong: SUBJECT_TOO_LONG });

export const bodyField = text({ max: BODY_MAX_LENGTH, tooLong: BODY_TOO_LONG }).refine((s) => s.trim().length > 0, 'Enter a message');

export const draftIdParams = z.object({ draftId: z.uuid() });
export const threadIdParams = z.object({ threadId: z.uuid() });
export const prescriptionIdParams = z.object({ prescriptionId: z.uuid() });

export const careTeamsQuery = z.object({
  prescriptionId: z.uuid().optional().describe('Renewal flow: put this prescription’s facility first and suggest a team there'),
});

export const startDraftBody = z.object({
  careTeamId: z.uuid('Choose a care team'),
  prescriptionId: z.uuid().optional().describe('Start (or resume) a renewal request for this prescription'),
  sendAnother: z.boolean().optional().describe('The Veteran chose “Send another request” despite an unanswered one (else 409 RENEWAL_ALREADY_REQUESTED)'),
});

/** Autosave: partial content; only the limits are enforced (a draft may be incomplete). */
export const saveDraftBody = z.object({
  careTeamId: z.uuid().nullable().optional(),
  category: category.nullable().optional(),
  subject: text({ max: SUBJECT_MAX_LENGTH, singleLine: true, tooLong: SUBJECT_TOO_LONG }).optional(),
  body: text({ max: BODY_MAX_LENGTH, tooLong: BODY_TOO_LONG }).optional(),
});

export const sendDraftBody = z.object({
  careTeamId: z.uuid('Choose a care team'),
  category: category.describe('VA.gov category value; renewals use MEDICATIONS'),
  subject: subjectField,
  body: bodyField,
  electronicSignature: z
    .object({ fullName: z.string().max(100).optional(), certified: z.boolean().optional() })
    .optional()
    .describe('Required when the care team requires a signature: full name and the certification checkbox'),
});
export const idempotencyHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, 'Use printable characters without spaces')
    .optional()
    .describe('Repeat the same key to retry safely: a repeated key returns the first result (200), never a second message'),
});

export const replyBody = z.object({ body: bodyField });
