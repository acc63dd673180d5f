import { z } from 'zod';
import { BODY_MAX_LENGTH, CATEGORY_VALUES, SUBJECT_MAX_LENGTH } from './message-rules.js';

const category = z.enum(CATEGORY_VALUES);

export const subjectField = z
  .string()
  .trim()
  .min(1, 'Enter a subject')
  .max(SUBJECT_MAX_LENGTH, `Subject must be ${SUBJECT_MAX_LENGTH} characters or fewer`);
export const bodyField = z
  .string()
  .refine((s) => s.trim().length > 0, 'Enter a message')
  .refine((s) => s.length <= BODY_MAX_LENGTH, `Message must be ${BODY_MAX_LENGTH.toLocaleString('en-US')} characters or fewer`);

export const draftIdParams = z.object({ draftId: z.uuid() });
export const threadIdParams = z.object({ threadId: z.uuid() });
export const prescriptionIdParams = z.object({ prescriptionId: z.uuid() });

export const categoriesResponse = z.object({
  categories: z.array(z.object({ value: category, label: z.string() })),
  limits: z.object({ subject: z.number().int(), body: z.number().int() }),
});

export const careTeamsQuery = z.object({
  prescriptionId: z.uuid().optional().describe('Renewal flow: put this prescription’s facility first and suggest a team there'),
});

export const careTeamsResponse = z.object({
  hasAvailableTeam: z.boolean().describe('False: show the “no available care team” guidance'),
  suggestedTeamId: z.uuid().nullable(),
  groups: z.array(
    z.object({
      stationNumber: z.string(),
      facilityName: z.string(),
      teams: z.array(z.object({ id: z.uuid(), name: z.string(), preferred: z.boolean(), recentlyUsed: z.boolean(), lastUsedAt: z.string().nullable() })),
    }),
  ),
  prescriptionFacility: z.object({ stationNumber: z.string(), name: z.string(), phone: z.string() }).nullable(),
});

export const renewalResponse = z.object({
  prescription: z.object({
    id: z.uuid(),
    name: z.string(),
    rxNumber: z.string(),
    facility: z.object({ stationNumber: z.string(), name: z.string(), phone: z.string() }),
  }),
  prefill: z.object({ category, subject: z.string(), body: z.string() }),
  excludedFields: z.array(z.object({ field: z.string(), reason: z.string() })),
  draftId: z.uuid().nullable().describe('An open renewal draft for this prescription, if any'),
});

export const draftSchema = z.object({
  id: z.uuid(),
  careTeam: z.object({ id: z.uuid(), name: z.string(), facilityName: z.string() }).nullable(),
  category: category.nullable(),
  subject: z.string(),
  body: z.string(),
  renewalPrescriptionId: z.uuid().nullable(),
  updatedAt: z.string(),
});

export const startDraftBody = z.object({
  careTeamId: z.uuid('Choose a care team'),
  prescriptionId: z.uuid().optional().describe('Start (or resume) a renewal request for this prescription'),
});
export const startDraftResponse = draftSchema.extend({ resumed: z.boolean() });

/** Autosave: partial content; only the limits are enforced (a draft may be incomplete). */
export const saveDraftBody = z.object({
  careTeamId: z.uuid().nullable().optional(),
  category: category.nullable().optional(),
  subject: z.string().max(SUBJECT_MAX_LENGTH, `Subject must be ${SUBJECT_MAX_LENGTH} characters or fewer`).optional(),
  body: z.string().max(BODY_MAX_LENGTH, `Message must be ${BODY_MAX_LENGTH.toLocaleString('en-US')} characters or fewer`).optional(),
});

export const sendDraftBody = z.object({
  careTeamId: z.uuid('Choose a care team'),
  category: category.describe('VA.gov category value; renewals use MEDICATIONS'),
  subject: subjectField,
  body: bodyField,
});
export const sentResponse = z.object({ threadId: z.uuid(), messageId: z.uuid(), sentAt: z.string() });

export const replyBody = z.object({ body: bodyField });

export const folderResponse = z.object({
  folder: z.enum(['inbox', 'sent']),
  messages: z.array(
    z.object({
      messageId: z.uuid(),
      threadId: z.uuid(),
      subject: z.string(),
      category,
      categoryLabel: z.string(),
      careTeamName: z.string(),
      facilityName: z.string(),
      senderName: z.string(),
      sentAt: z.string(),
      read: z.boolean(),
      isRenewal: z.boolean(),
      preview: z.string(),
    }),
  ),
});

export const draftsResponse = z.object({ drafts: z.array(draftSchema) });

export const threadResponse = z.object({
  id: z.uuid(),
  subject: z.string(),
  category,
  categoryLabel: z.string(),
  careTeam: z.object({ id: z.uuid(), name: z.string(), facilityName: z.string(), stationNumber: z.string() }),
  veteranName: z.string().nullable().describe('Shown to care teams only'),
  renewal: z.object({ prescriptionId: z.uuid() }).nullable().describe('Set when the conversation is a medication renewal request'),
  canReply: z.boolean(),
  messages: z.array(
    z.object({
      id: z.uuid(),
      from: z.enum(['veteran', 'clinician']),
      senderName: z.string(),
      body: z.string(),
      sentAt: z.string(),
      readAt: z.string().nullable(),
    }),
  ),
});

export const careTeamInboxResponse = z.object({
  threads: z.array(
    z.object({
      threadId: z.uuid(),
      subject: z.string(),
      category,
      categoryLabel: z.string(),
      veteranName: z.string(),
      careTeamName: z.string(),
      facilityName: z.string(),
      lastMessageAt: z.string(),
      unreadCount: z.number().int(),
      awaitingReply: z.boolean().describe('The last message came from the Veteran'),
      renewal: z.object({ prescriptionId: z.uuid() }).nullable(),
    }),
  ),
});
