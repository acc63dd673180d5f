/** Secure Messaging response shapes (mirroring src/messaging/schemas.ts). */
export type CategoryValue = 'OTHER' | 'COVID' | 'APPOINTMENTS' | 'MEDICATIONS' | 'TEST_RESULTS' | 'EDUCATION';

export interface Categories {
  categories: Array<{ value: CategoryValue; label: string }>;
  limits: { subject: number; body: number };
}

export interface Facility {
  stationNumber: string;
  name: string;
  phone: string;
}

export interface CareTeams {
  hasAvailableTeam: boolean;
  suggestedTeamId: string | null;
  groups: Array<{
    stationNumber: string;
    facilityName: string;
    teams: Array<{ id: string; name: string; preferred: boolean; recentlyUsed: boolean; lastUsedAt: string | null }>;
  }>;
  prescriptionFacility: Facility | null;
}

export interface RenewalContext {
  prescription: { id: string; name: string; rxNumber: string; facility: Facility };
  prefill: { category: CategoryValue; subject: string; body: string };
  excludedFields: Array<{ field: string; reason: string }>;
  draftId: string | null;
}

export interface Draft {
  id: string;
  careTeam: { id: string; name: string; facilityName: string } | null;
  category: CategoryValue | null;
  subject: string;
  body: string;
  renewalPrescriptionId: string | null;
  updatedAt: string;
}

export interface FolderMessage {
  messageId: string;
  threadId: string;
  subject: string;
  category: CategoryValue;
  categoryLabel: string;
  careTeamName: string;
  facilityName: string;
  senderName: string;
  sentAt: string;
  read: boolean;
  isRenewal: boolean;
  preview: string;
}

export interface Thread {
  id: string;
  subject: string;
  category: CategoryValue;
  categoryLabel: string;
  careTeam: { id: string; name: string; facilityName: string; stationNumber: string };
  veteranName: string | null;
  renewal: { prescriptionId: string } | null;
  canReply: boolean;
  messages: Array<{ id: string; from: 'veteran' | 'clinician'; senderName: string; body: string; sentAt: string; readAt: string | null }>;
}

export interface CareTeamInbox {
  threads: Array<{
    threadId: string;
    subject: string;
    category: CategoryValue;
    categoryLabel: string;
    veteranName: string;
    careTeamName: string;
    facilityName: string;
    lastMessageAt: string;
    unreadCount: number;
    awaitingReply: boolean;
    renewal: { prescriptionId: string } | null;
  }>;
}
