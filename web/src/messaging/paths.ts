/** Secure Messaging page URLs, all from the flow-URL registry (one source for router and monitoring). */
import { buildUrl, routePath } from '../../../src/shared/flow-urls';

export const SM_PATHS = {
  interstitial: routePath('sm.interstitial'),
  selectCareTeam: routePath('sm.select_care_team'),
  compose: routePath('sm.compose'),
  inbox: routePath('sm.inbox'),
  sent: routePath('sm.sent'),
  drafts: routePath('sm.drafts'),
  thread: routePath('sm.thread'),
  careTeamInbox: routePath('sm.care_team_inbox'),
  careTeamThread: routePath('sm.care_team_thread'),
};

/** Keep `?prescriptionId=` through the renewal flow; without it the pages serve a general message. */
export function withRx(path: string, prescriptionId: string | null, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  if (prescriptionId) q.set('prescriptionId', prescriptionId);
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export const threadUrl = (threadId: string) => buildUrl('sm.thread', { threadId });
export const careTeamThreadUrl = (threadId: string) => buildUrl('sm.care_team_thread', { threadId });
