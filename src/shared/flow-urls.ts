/**
 * Registry of every URL in the Meds → SM renewal flow, each with its owning product and funnel step.
 *
 * One list serves the web router, the server (SPA routes), monitoring attribution, the Medallia /
 * VSignals intake export, and the generated Product Guide sections, so none of them can drift.
 * Browser-safe: no Node imports.
 */

export type Product = 'meds' | 'sm';

export type FunnelStep = 'list_viewed' | 'link_selected' | 'interstitial_viewed' | 'care_team_selected' | 'draft_shown' | 'message_sent';

export interface FlowUrl {
  id: string;
  /** Path pattern as served by the web app; `:param` segments, optional `?query` documented. */
  path: string;
  product: Product;
  step: FunnelStep | null;
  kind: 'page' | 'api';
  description: string;
}

export const FLOW_URLS = [
  {
    id: 'meds.list',
    path: '/my-health/medications',
    product: 'meds',
    step: 'list_viewed',
    kind: 'page',
    description: 'Medications list; renewal-eligible prescriptions show “Send a renewal request message”.',
  },
  {
    id: 'meds.detail',
    path: '/my-health/medications/prescription/:prescriptionId',
    product: 'meds',
    step: null,
    kind: 'page',
    description: 'Prescription details, refill or renewal action, tracking.',
  },
  {
    id: 'meds.refill',
    path: '/my-health/medications/refill',
    product: 'meds',
    step: null,
    kind: 'page',
    description: 'Refill prescriptions: every refillable prescription with a checkbox; “Request N refills” answers per prescription.',
  },
  {
    id: 'meds.print',
    path: '/my-health/medications/print?filter=:filter&sort=:sort',
    product: 'meds',
    step: null,
    kind: 'page',
    description: 'Print view of the (filtered) medications list, all pages.',
  },
  {
    id: 'meds.detail_print',
    path: '/my-health/medications/prescription/:prescriptionId/print',
    product: 'meds',
    step: null,
    kind: 'page',
    description: 'Print view of one prescription.',
  },
  {
    id: 'sm.interstitial',
    path: '/my-health/secure-messages/new-message?prescriptionId=:prescriptionId',
    product: 'sm',
    step: 'interstitial_viewed',
    kind: 'page',
    description: 'Renewal link destination: Secure Messaging interstitial (urgent-help guidance) before composing.',
  },
  {
    id: 'sm.recent_care_teams',
    path: '/my-health/secure-messages/new-message/recent?prescriptionId=:prescriptionId',
    product: 'sm',
    step: 'care_team_selected',
    kind: 'page',
    description: 'Care teams the Veteran recently sent messages to (last 6 months, at most 4) plus “A different care team”; skipped when there are none.',
  },
  {
    id: 'sm.select_care_team',
    path: '/my-health/secure-messages/new-message/select-care-team?prescriptionId=:prescriptionId',
    product: 'sm',
    step: 'care_team_selected',
    kind: 'page',
    description: 'Select care team: health care system (radios for 2–5, a select for 6+), then the team within it; blocked-team alerts.',
  },
  {
    id: 'sm.care_team_help',
    path: '/my-health/secure-messages/new-message/care-team-help',
    product: 'sm',
    step: null,
    kind: 'page',
    description: 'What to do if you can’t find your care team.',
  },
  {
    id: 'sm.signature',
    path: '/my-health/secure-messages/settings/signature',
    product: 'sm',
    step: null,
    kind: 'page',
    description: 'The Veteran’s messaging signature (added to new messages), linked from the editor.',
  },
  {
    id: 'sm.compose',
    path: '/my-health/secure-messages/new-message/start-message?prescriptionId=:prescriptionId',
    product: 'sm',
    step: 'draft_shown',
    kind: 'page',
    description: 'Message editor with the prefilled renewal request.',
  },
  {
    id: 'sm.sent',
    path: '/my-health/secure-messages/sent',
    product: 'sm',
    step: 'message_sent',
    kind: 'page',
    description: 'Sent folder, shown after a general message is sent (a renewal request returns to Medications with “Message Sent”).',
  },
  {
    id: 'sm.inbox',
    path: '/my-health/secure-messages/inbox',
    product: 'sm',
    step: null,
    kind: 'page',
    description: 'Veteran Inbox: messages from care teams (replies to renewal requests arrive here).',
  },
  {
    id: 'sm.drafts',
    path: '/my-health/secure-messages/drafts',
    product: 'sm',
    step: null,
    kind: 'page',
    description: 'Veteran Drafts: autosaved unsent messages, including renewal requests not yet sent.',
  },
  {
    id: 'sm.thread',
    path: '/my-health/secure-messages/thread/:threadId',
    product: 'sm',
    step: null,
    kind: 'page',
    description: 'One conversation with a care team (read, reply).',
  },
  {
    id: 'sm.care_team_inbox',
    path: '/care-team/inbox',
    product: 'sm',
    step: null,
    kind: 'page',
    description: 'Care-team inbox (clinicians): conversations for their teams; renewal requests flagged.',
  },
  {
    id: 'sm.care_team_thread',
    path: '/care-team/thread/:threadId',
    product: 'sm',
    step: null,
    kind: 'page',
    description: 'Care-team view of one conversation; the reply e-mails the Veteran a “new secure message” notice.',
  },
  {
    id: 'api.medications.list',
    path: '/api/medications',
    product: 'meds',
    step: 'list_viewed',
    kind: 'api',
    description: 'Prescription list with eligibility.',
  },
  { id: 'api.medications.detail', path: '/api/medications/:prescriptionId', product: 'meds', step: null, kind: 'api', description: 'One prescription.' },
  {
    id: 'api.medications.refills',
    path: '/api/medications/refills',
    product: 'meds',
    step: null,
    kind: 'api',
    description: 'Refill request for a set of prescriptions, answered per prescription.',
  },
  {
    id: 'api.medications.refillable',
    path: '/api/medications/refillable',
    product: 'meds',
    step: null,
    kind: 'api',
    description: 'GET refillable prescriptions (refill page).',
  },
  {
    id: 'api.medications.export',
    path: '/api/medications/export',
    product: 'meds',
    step: null,
    kind: 'api',
    description: 'GET the filtered list as PDF, text or print document (format, filter, sort).',
  },
  {
    id: 'api.medications.detail_export',
    path: '/api/medications/:prescriptionId/export',
    product: 'meds',
    step: null,
    kind: 'api',
    description: 'GET one prescription as PDF, text or print document.',
  },
  {
    id: 'api.sm.categories',
    path: '/api/messaging/categories',
    product: 'sm',
    step: null,
    kind: 'api',
    description: 'GET message categories (VA.gov values) and subject/body limits.',
  },
  {
    id: 'api.sm.renewal',
    path: '/api/messaging/renewals/:prescriptionId',
    product: 'sm',
    step: 'interstitial_viewed',
    kind: 'api',
    description:
      'GET renewal context for the interstitial and editor: ownership + renewability check, prefilled message, excluded fields, an unanswered recent request for the same prescription.',
  },
  {
    id: 'api.sm.care_teams',
    path: '/api/messaging/care-teams?prescriptionId=:prescriptionId',
    product: 'sm',
    step: 'care_team_selected',
    kind: 'api',
    description: 'GET the care-team steps: recent teams, health care systems, teams the Veteran may message, blocked-team alert, the suggested team.',
  },
  {
    id: 'api.sm.drafts',
    path: '/api/messaging/drafts',
    product: 'sm',
    step: 'draft_shown',
    kind: 'api',
    description: 'GET drafts; POST starts (or resumes) a draft — with prescriptionId, the prefilled renewal request.',
  },
  {
    id: 'api.sm.draft',
    path: '/api/messaging/drafts/:draftId',
    product: 'sm',
    step: 'draft_shown',
    kind: 'api',
    description: 'GET a draft; PUT autosaves it (debounced by the editor); DELETE discards it.',
  },
  {
    id: 'api.sm.draft_send',
    path: '/api/messaging/drafts/:draftId/send',
    product: 'sm',
    step: 'message_sent',
    kind: 'api',
    description:
      'POST sends a draft (Idempotency-Key: a repeat answers 200 with the first result; 400 names the field; 409 detail.reason CARE_TEAM_BLOCKED/CARE_TEAM_INACTIVE/NOT_IN_CONTACT_LIST keeps the draft).',
  },
  {
    id: 'api.sm.signature',
    path: '/api/messaging/signature',
    product: 'sm',
    step: null,
    kind: 'api',
    description: 'GET / PUT the Veteran’s messaging signature.',
  },
  { id: 'api.sm.inbox', path: '/api/messaging/inbox', product: 'sm', step: null, kind: 'api', description: 'GET the Veteran’s Inbox.' },
  { id: 'api.sm.sent', path: '/api/messaging/sent', product: 'sm', step: 'message_sent', kind: 'api', description: 'GET the Veteran’s Sent folder.' },
  {
    id: 'api.sm.thread',
    path: '/api/messaging/threads/:threadId',
    product: 'sm',
    step: null,
    kind: 'api',
    description: 'GET one conversation (Veteran’s own or the clinician’s teams’).',
  },
  {
    id: 'api.sm.thread_replies',
    path: '/api/messaging/threads/:threadId/replies',
    product: 'sm',
    step: null,
    kind: 'api',
    description: 'POST a reply; a care team’s reply enqueues the “new secure message” e-mail.',
  },
  {
    id: 'api.sm.care_team_inbox',
    path: '/api/messaging/care-team/inbox',
    product: 'sm',
    step: null,
    kind: 'api',
    description: 'GET the clinician’s teams’ conversations, renewal requests flagged.',
  },
] as const satisfies readonly FlowUrl[];

export type FlowUrlId = (typeof FLOW_URLS)[number]['id'];

export function flowUrl(id: FlowUrlId): FlowUrl {
  const found = FLOW_URLS.find((u) => u.id === id);
  if (!found) throw new Error(`Unknown flow URL ${id}`);
  return found;
}

/** Fill `:param` placeholders; parameters that are not in the pattern are ignored. */
export function buildUrl(id: FlowUrlId, params: Record<string, string> = {}): string {
  return flowUrl(id).path.replace(/:([A-Za-z]+)/g, (_m, name: string) => encodeURIComponent(params[name] ?? ''));
}

/** The page path without its query template (what a router matches). */
export function routePath(id: FlowUrlId): string {
  return flowUrl(id).path.split('?')[0] as string;
}
