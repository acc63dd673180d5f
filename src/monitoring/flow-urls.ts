/**
 * Registry of every URL in the Meds → SM renewal flow, each with its owning product and funnel step.
 *
 * One list serves the web router, the server (SPA routes), monitoring attribution, the Medallia /
 * VSignals intake export, and the generated Product Guide sections, so none of them can drift.
 * Browser-safe: no Node imports.
 */

export type Product = 'meds' | 'sm';

export type FunnelStep =
  | 'list_viewed'
  | 'link_selected'
  | 'interstitial_viewed'
  | 'care_team_selected'
  | 'draft_shown'
  | 'message_sent';

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
  { id: 'meds.list', path: '/my-health/medications', product: 'meds', step: 'list_viewed', kind: 'page', description: 'Medications list; renewal-eligible prescriptions show “Send a renewal request message”.' },
  { id: 'meds.detail', path: '/my-health/medications/prescription/:prescriptionId', product: 'meds', step: null, kind: 'page', description: 'Prescription details, refill or renewal action, tracking.' },
  { id: 'sm.interstitial', path: '/my-health/secure-messages/new-message?prescriptionId=:prescriptionId', product: 'sm', step: 'interstitial_viewed', kind: 'page', description: 'Renewal link destination: Secure Messaging interstitial (urgent-help guidance) before composing.' },
  { id: 'sm.select_care_team', path: '/my-health/secure-messages/new-message/select-care-team?prescriptionId=:prescriptionId', product: 'sm', step: 'care_team_selected', kind: 'page', description: 'Care-team selection.' },
  { id: 'sm.compose', path: '/my-health/secure-messages/new-message/start-message?prescriptionId=:prescriptionId', product: 'sm', step: 'draft_shown', kind: 'page', description: 'Message editor with the prefilled renewal request.' },
  { id: 'sm.sent', path: '/my-health/secure-messages/sent', product: 'sm', step: 'message_sent', kind: 'page', description: 'Sent folder, shown after a successful send.' },
  { id: 'api.medications.list', path: '/api/medications', product: 'meds', step: 'list_viewed', kind: 'api', description: 'Prescription list with eligibility.' },
  { id: 'api.medications.detail', path: '/api/medications/:prescriptionId', product: 'meds', step: null, kind: 'api', description: 'One prescription.' },
  { id: 'api.medications.refills', path: '/api/medications/refills', product: 'meds', step: null, kind: 'api', description: 'Refill request.' },
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
