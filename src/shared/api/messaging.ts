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

const teamOption = z.object({
  id: z.uuid(),
  name: z.string(),
  stationNumber: z.string(),
  healthCareSystemName: z.string(),
  signatureRequired: z.boolean().describe('New messages to this team need an electronic signature'),
});

export const careTeamsResponse = z.object({
  hasAvailableTeam: z.boolean().describe('False: show the “no available care team” guidance'),
  recentTeams: z.array(teamOption).describe('Teams the Veteran sent messages to in the last 6 months (at most 4, most recent first)'),
  systemStep: z.object({
    control: z.enum(['none', 'radio', 'select']).describe('none: one system (selected for the Veteran); radio: 2–5; select: 6 or more'),
    systems: z.array(z.object({ stationNumber: z.string(), name: z.string() })),
  }),
  teams: z.array(teamOption).describe('Every team the Veteran may start a message to (blocked, retired and not-in-contact-list teams left out)'),
  suggestedTeamId: z.uuid().nullable().describe('Renewal: the prescription’s team, to suggest (never preselect)'),
  blockedAlert: z
    .object({
      kind: z.enum(['no_associations', 'all_blocked', 'some_blocked', 'one_facility_blocked', 'one_team_blocked']),
      status: z.enum(['warning', 'info']),
      title: z.string(),
      text: z.string(),
      blocked: z.array(z.object({ type: z.enum(['facility', 'team']), name: z.string() })),
    })
    .nullable(),
  hasTeamsOutsideContactList: z.boolean().describe('Some associated teams are not in the contact list: show “Update your contact list”'),
  prescriptionFacility: z.object({ stationNumber: z.string(), name: z.string(), phone: z.string() }).nullable(),
});

const prefillState = z.enum(['loaded', 'unavailable']);

export const renewalResponse = z.object({
  prescription: z.object({
    id: z.uuid(),
    name: z.string(),
    rxNumber: z.string(),
    facility: z.object({ stationNumber: z.string(), name: z.string(), phone: z.string() }),
  }),
  prefill: z.object({ category, subject: z.string(), body: z.string(), state: prefillState }),
  excludedFields: z.array(z.object({ field: z.string(), reason: z.string() })),
  draftId: z.uuid().nullable().describe('An open renewal draft for this prescription, if any'),
  pendingRequest: z
    .object({ threadId: z.uuid(), sentAt: z.string() })
    .nullable()
    .describe('An unanswered renewal request for this prescription sent within RENEWAL_DUPLICATE_WINDOW_DAYS'),
});

export const draftSchema = z.object({
  id: z.uuid(),
  careTeam: z.object({ id: z.uuid(), name: z.string(), facilityName: z.string(), signatureRequired: z.boolean() }).nullable(),
  category: category.nullable(),
  subject: z.string(),
  body: z.string(),
  renewalPrescriptionId: z.uuid().nullable(),
  prefillState: prefillState
    .nullable()
    .describe('Renewal drafts: loaded (prefilled) or unavailable (labels only: the prescription could not be loaded); null for other messages'),
  updatedAt: z.string(),
});

export const startDraftResponse = draftSchema.extend({ resumed: z.boolean() });

/** Autosave: partial content; only the limits are enforced (a draft may be incomplete). */

export const sentResponse = z.object({ threadId: z.uuid(), messageId: z.uuid(), sentAt: z.string() });

/** The Veteran's messaging signature (GET answer and PUT body). */
export const signatureSchema = z.object({
  name: z.string().max(50, 'Name must be 50 characters or fewer'),
  title: z.string().max(50, 'Title must be 50 characters or fewer'),
  include: z.boolean(),
});

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
export type TeamOption = CareTeams['teams'][number];
export type BlockedAlert = NonNullable<CareTeams['blockedAlert']>;
export type PrefillState = z.infer<typeof prefillState>;
export type Signature = z.infer<typeof signatureSchema>;
export type RenewalContext = z.infer<typeof renewalResponse>;
export type Draft = z.infer<typeof draftSchema>;
export type StartedDraft = z.infer<typeof startDraftResponse>;
export type Sent = z.infer<typeof sentResponse>;
export type Folder = z.infer<typeof folderResponse>;
export type FolderMessage = Folder['messages'][number];
export type Thread = z.infer<typeof threadResponse>;
export type CareTeamInbox = z.infer<typeof careTeamInboxResponse>;
export type { CategoryValue } from '../message-rules.js';
