/** Secure Messaging page URLs, all from the flow-URL registry (one source for router and monitoring). */
import { buildUrl, routePath } from '../../../src/shared/flow-urls';

export const SM_PATHS = {
  interstitial: routePath('sm.interstitial'),
  recentCareTeams: routePath('sm.recent_care_teams'),
  selectCareTeam: routePath('sm.select_care_team'),
  careTeamHelp: routePath('sm.care_team_help'),
  signature: routePath('sm.signature'),
  compose: routePath('sm.compose'),
  inbox: routePath('sm.inbox'),
  sent: routePath('sm.sent'),
  drafts: routePath('sm.drafts'),
  thread: routePath('sm.thread'),
  careTeamInbox: routePath('sm.care_team_inbox'),
  careTeamThread: routePath('sm.care_team_thread'),
};

/**
 * Keep `?prescriptionId=` (and `sendAnother=1`, the Veteran's explicit choice to send another
 * request) through the renewal flow; without a prescription the pages serve a general message.
 */
export function withRx(path: string, prescriptionId: string | null, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  if (prescriptionId) q.set('prescriptionId', prescriptionId);
  if (prescriptionId && new URLSearchParams(window.location.search).get('sendAnother') === '1' && !('sendAnother' in extra)) q.set('sendAnother', '1');
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export const threadUrl = (threadId: string) => buildUrl('sm.thread', { threadId });
export const careTeamThreadUrl = (threadId: string) => buildUrl('sm.care_team_thread', { threadId });

/** Back on Medications after a renewal request was sent (VA.gov: ?rxRenewalMessageSuccess=true). */
export const renewalSentUrl = (threadId: string) => `/my-health/medications?rxRenewalMessageSuccess=true&sentThreadId=${encodeURIComponent(threadId)}`;
