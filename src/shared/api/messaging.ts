/**
 * The Secure Messaging API's response shapes (zod). The server validates its answers with these;
 * the web app imports their types only (`z.infer`, nothing bundled).
 */
import { z } from 'zod';
import { CATEGORY_VALUES } from '../message-rules.js';

const category = z.enum(CATEGORY_VALUES);

export const categoriesResponse = z.object({
  categories: z.array(z.object({ value: category, label: z.string() })),
  limits: z.object({ subject: z.number().int(), body: z.number().int() }),
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

export const startDraftResponse = draftSchema.extend({ resumed: z.boolean() });

/** Autosave: partial content; only the limits are enforced (a draft may be incomplete). */

export const sentResponse = z.object({ threadId: z.uuid(), messageId: z.uuid(), sentAt: z.string() });

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

export type Categories = z.infer<typeof categoriesResponse>;
export type CareTeams = z.infer<typeof careTeamsResponse>;
export type RenewalContext = z.infer<typeof renewalResponse>;
export type Draft = z.infer<typeof draftSchema>;
export type StartedDraft = z.infer<typeof startDraftResponse>;
export type Sent = z.infer<typeof sentResponse>;
export type Folder = z.infer<typeof folderResponse>;
export type FolderMessage = Folder['messages'][number];
export type Thread = z.infer<typeof threadResponse>;
export type CareTeamInbox = z.infer<typeof careTeamInboxResponse>;
export type { CategoryValue } from '../message-rules.js';
