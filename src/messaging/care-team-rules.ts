/**
 * Care-team rules (pure), as VA.gov's Secure Messaging applies them (vets-website
 * mhv-secure-messaging: reducers/recipients.js, containers/RecentCareTeams.jsx,
 * containers/SelectCareTeam.jsx, util/constants.js BlockedTriageAlertText):
 *
 *  - mayMessageTeam: the ONE answer to "may this Veteran message this team", used by the selection
 *    pages, by send and by reply. A new message needs an association that is not blocked, a team
 *    that is not retired, and the team in the Veteran's contact list (VA.gov preferredTeam); a reply
 *    in an existing conversation does not need the contact list.
 *  - recentCareTeams: teams the Veteran sent messages to in the last 6 months, most recent first,
 *    only teams they may still message, at most 4 ("Care teams you recently sent messages to").
 *  - healthCareSystemStep: the facilities with a team the Veteran may message, by name; no question
 *    for one facility (it is selected), radio buttons for 2–5, a select for 6 or more.
 *  - blockedTeamsAlert: VA.gov's alert for none / all / some / one facility / one team blocked.
 *  - suggestedTeam: for a renewal, the team at the prescription's facility the prescriber belongs to
 *    (or the only team there). It is shown as a suggestion; nothing is ever preselected.
 */

export interface TeamAssociation {
  id: string;
  name: string;
  stationNumber: string;
  facilityName: string;
  blocked: boolean;
  /** In the Veteran's contact list (VA.gov preferredTeam). */
  preferred: boolean;
  isActive: boolean;
  signatureRequired: boolean;
  /** Clinician ids of the team's members. */
  memberIds: string[];
}

export type MessagePurpose = 'new' | 'reply';
export type MessageRefusal = 'NOT_ASSOCIATED' | 'CARE_TEAM_BLOCKED' | 'CARE_TEAM_INACTIVE' | 'NOT_IN_CONTACT_LIST';
export type MessagePermission = { allowed: true } | { allowed: false; reason: MessageRefusal };

type Association = Pick<TeamAssociation, 'blocked' | 'preferred' | 'isActive'>;

/** May the Veteran send this team a new message (or a reply)? `undefined` = not associated. */
export function mayMessageTeam(association: Association | undefined, purpose: MessagePurpose): MessagePermission {
  if (!association) return { allowed: false, reason: 'NOT_ASSOCIATED' };
  if (association.blocked) return { allowed: false, reason: 'CARE_TEAM_BLOCKED' };
  if (!association.isActive) return { allowed: false, reason: 'CARE_TEAM_INACTIVE' };
  if (purpose === 'new' && !association.preferred) return { allowed: false, reason: 'NOT_IN_CONTACT_LIST' };
  return { allowed: true };
}

const canStart = (t: TeamAssociation) => mayMessageTeam(t, 'new').allowed;

export const RECENT_TEAMS_MONTHS = 6;
export const RECENT_TEAMS_MAX = 4;

/** `now` minus `months` calendar months (UTC; the 31st falls back to the month's last day). */
export function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

/** Teams the Veteran recently sent messages to (see the header), most recent first. */
export function recentCareTeams(sent: ReadonlyArray<{ careTeamId: string; sentAt: Date }>, teams: readonly TeamAssociation[], now: Date): TeamAssociation[] {
  const since = monthsBefore(now, RECENT_TEAMS_MONTHS).getTime();
  const byId = new Map(teams.map((t) => [t.id, t]));
  const out: TeamAssociation[] = [];
  for (const s of [...sent].sort((a, b) => b.sentAt.getTime() - a.sentAt.getTime())) {
    if (s.sentAt.getTime() < since || s.sentAt.getTime() > now.getTime()) continue;
    const team = byId.get(s.careTeamId);
    if (!team || !canStart(team) || out.includes(team)) continue;
    out.push(team);
    if (out.length === RECENT_TEAMS_MAX) break;
  }
  return out;
}

/** VA.gov MAX_RADIO_OPTIONS: 6 or more systems use a select instead of radio buttons. */
export const SYSTEM_SELECT_THRESHOLD = 6;

export interface HealthCareSystemStep {
  /** 'none': zero or one system (one is selected for the Veteran); 'radio': 2–5; 'select': 6 or more. */
  control: 'none' | 'radio' | 'select';
  systems: Array<{ stationNumber: string; name: string }>;
}

export function healthCareSystemStep(teams: readonly TeamAssociation[]): HealthCareSystemStep {
  const names = new Map<string, string>();
  for (const t of teams) if (canStart(t)) names.set(t.stationNumber, t.facilityName);
  const systems = [...names].map(([stationNumber, name]) => ({ stationNumber, name }));
  systems.sort((a, b) => a.name.localeCompare(b.name) || a.stationNumber.localeCompare(b.stationNumber));
  const control = systems.length <= 1 ? 'none' : systems.length < SYSTEM_SELECT_THRESHOLD ? 'radio' : 'select';
  return { control, systems };
}

/** Teams the Veteran may start a message to at one facility, by name. */
export function teamsAtSystem(teams: readonly TeamAssociation[], stationNumber: string): TeamAssociation[] {
  return teams.filter((t) => t.stationNumber === stationNumber && canStart(t)).sort((a, b) => a.name.localeCompare(b.name));
}

/** VA.gov's BlockedTriageAlertText (vets-website mhv-secure-messaging util/constants.js, helpers.js). */
export const BLOCKED_ALERT_TEXT = {
  NO_ASSOCIATIONS: {
    title: 'You’re not connected to any care teams in this messaging tool',
    text: 'If you need to contact your care team, call your VA health facility.',
  },
  ALL_TEAMS_BLOCKED: {
    title: 'You can’t send messages to your care teams right now',
    text: 'If you need to contact your care teams, call your VA health facility.',
  },
  MULTIPLE_TEAMS_BLOCKED: {
    title: 'You can’t send messages to some of your care teams',
    text: 'If you need to contact these care teams, call your VA health facility.',
  },
  SINGLE_FACILITY_BLOCKED: {
    title: (facility: string) => `You can’t send messages to care teams at ${facility}`,
    text: 'If you need to contact these care teams, call the facility.',
  },
  SINGLE_TEAM_BLOCKED: {
    title: (team: string) => `You can’t send messages to ${team}`,
    text: 'If you need to contact this care team, call your VA health facility.',
  },
} as const;

export type BlockedAlertKind = 'no_associations' | 'all_blocked' | 'some_blocked' | 'one_facility_blocked' | 'one_team_blocked';
export interface BlockedTeamsAlert {
  kind: BlockedAlertKind;
  /** VA.gov: warning when the Veteran can message nobody, info otherwise. */
  status: 'warning' | 'info';
  title: string;
  text: string;
  /** What is blocked: whole facilities and single teams (outside those facilities). */
  blocked: Array<{ type: 'facility' | 'team'; name: string }>;
}

/** The alert to show about blocked teams, or null when nothing is blocked. Retired teams count as gone. */
export function blockedTeamsAlert(teams: readonly TeamAssociation[]): BlockedTeamsAlert | null {
  const current = teams.filter((t) => t.isActive);
  if (current.length === 0) {
    return { kind: 'no_associations', status: 'info', ...BLOCKED_ALERT_TEXT.NO_ASSOCIATIONS, blocked: [] };
  }
  const blockedTeams = current.filter((t) => t.blocked);
  if (blockedTeams.length === 0) return null;
  const stations = new Map<string, TeamAssociation[]>();
  for (const t of current) stations.set(t.stationNumber, [...(stations.get(t.stationNumber) ?? []), t]);
  const blockedStations = [...stations].filter(([, list]) => list.every((t) => t.blocked)).map(([s, list]) => ({ s, name: list[0]!.facilityName }));
  const blocked = [
    ...blockedTeams.filter((t) => !blockedStations.some((f) => f.s === t.stationNumber)).map((t) => ({ type: 'team' as const, name: t.name })),
    ...blockedStations.map((f) => ({ type: 'facility' as const, name: f.name })),
  ].sort((a, b) => a.name.localeCompare(b.name));
  if (blockedTeams.length === current.length) {
    return { kind: 'all_blocked', status: 'warning', ...BLOCKED_ALERT_TEXT.ALL_TEAMS_BLOCKED, blocked };
  }
  if (blocked.length === 1) {
    const only = blocked[0]!;
    return only.type === 'facility'
      ? {
          kind: 'one_facility_blocked',
          status: 'info',
          title: BLOCKED_ALERT_TEXT.SINGLE_FACILITY_BLOCKED.title(only.name),
          text: BLOCKED_ALERT_TEXT.SINGLE_FACILITY_BLOCKED.text,
          blocked,
        }
      : {
          kind: 'one_team_blocked',
          status: 'info',
          title: BLOCKED_ALERT_TEXT.SINGLE_TEAM_BLOCKED.title(only.name),
          text: BLOCKED_ALERT_TEXT.SINGLE_TEAM_BLOCKED.text,
          blocked,
        };
  }
  return { kind: 'some_blocked', status: 'info', ...BLOCKED_ALERT_TEXT.MULTIPLE_TEAMS_BLOCKED, blocked };
}

/**
 * The team to suggest for a renewal: at the prescription's facility, among teams the Veteran may
 * message, the one the prescriber belongs to, else the only team there; otherwise none (we never
 * guess between teams, and another facility's pharmacy can't renew it).
 */
export function suggestedTeam(teams: readonly TeamAssociation[], rx: { stationNumber: string; prescriberId: string | null } | null): TeamAssociation | null {
  if (!rx) return null;
  const local = teamsAtSystem(teams, rx.stationNumber);
  const prescriberTeams = rx.prescriberId ? local.filter((t) => t.memberIds.includes(rx.prescriberId!)) : [];
  if (prescriberTeams.length === 1) return prescriberTeams[0]!;
  return local.length === 1 ? local[0]! : null;
}

/** The rules above in plain words, for the Product Guide (kept next to the code they describe). */
export const CARE_TEAM_RULES = [
  'A Veteran can start a message only to a care team they are associated with, that is not blocked, not retired, and in their contact list (VA.gov “preferred team”). A reply in an existing conversation does not need the contact list. One function (mayMessageTeam) decides this for the selection pages, sending and replying.',
  `First step, when the Veteran sent messages in the last ${RECENT_TEAMS_MONTHS} months: “Care teams you recently sent messages to” — at most ${RECENT_TEAMS_MAX} teams they may still message, most recent first, plus “A different care team”.`,
  `Then the health care system: not asked with one system, radio buttons for 2–${SYSTEM_SELECT_THRESHOLD - 1}, a select for ${SYSTEM_SELECT_THRESHOLD} or more; systems whose teams are all blocked are left out. Then the care team within the system.`,
  'Blocked teams are never offered; an alert says which (VA.gov’s texts for none, all, some, one facility, one team).',
  'For a renewal, the team at the prescription’s facility that the prescriber belongs to is suggested (“Suggested for this prescription”). Nothing is preselected: the Veteran chooses.',
  'If the Veteran has no team they can message, the page explains other ways to request the renewal (pharmacy phone, automated line, facility).',
] as const;
