/**
 * Care-team selection rules (pure): which teams a Veteran is offered, in what order, and which one
 * is suggested.
 *
 *  - Blocked associations and retired teams are never offered.
 *  - Teams are grouped by facility. Within a facility, teams the Veteran messaged most recently
 *    come first (people usually write to the same team again), then alphabetical.
 *  - For a renewal, the prescription's facility comes first and one of its teams is suggested:
 *    a team the prescriber belongs to, else the Veteran's preferred team, else the most recently
 *    used one, else the first by name. No team at that facility → no suggestion (we don't guess
 *    across facilities; another facility's pharmacy can't renew it).
 *  - Without a prescription, the preferred team is suggested when it is available.
 */

/** The rules above in plain words, for the Product Guide (kept next to the code they describe). */
export const CARE_TEAM_SELECTION_RULES = [
  'Only care teams the Veteran is associated with are offered; blocked associations and retired teams are left out.',
  'Teams are grouped by facility. For a renewal, the prescription’s facility is listed first; otherwise the facility messaged most recently.',
  'Within a facility, teams the Veteran messaged most recently come first, then alphabetical order.',
  'For a renewal, one team at the prescription’s facility is preselected: the prescriber’s team, else the preferred team, else the most recently used, else the first by name.',
  'If the Veteran has no team at the prescription’s facility, nothing is preselected.',
  'If the Veteran has no team they can message, the page explains other ways to request the renewal (pharmacy phone, automated line, facility).',
] as const;

export interface TeamOption {
  id: string;
  name: string;
  stationNumber: string;
  facilityName: string;
  blocked: boolean;
  preferred: boolean;
  isActive: boolean;
  /** When the Veteran last sent this team a message, or null. */
  lastUsedAt: Date | null;
  /** Clinician ids of the team's members. */
  memberIds: string[];
}

export interface SelectionContext {
  /** The renewal's prescription, when arriving from Medications. */
  prescription: { stationNumber: string; prescriberId: string | null } | null;
}

export interface OfferedTeam {
  id: string;
  name: string;
  preferred: boolean;
  recentlyUsed: boolean;
  lastUsedAt: Date | null;
}

export interface FacilityGroup {
  stationNumber: string;
  facilityName: string;
  teams: OfferedTeam[];
}

export interface CareTeamChoice {
  groups: FacilityGroup[];
  suggestedTeamId: string | null;
  /** False when the Veteran has no team they can message (the "no available care team" page). */
  hasAvailableTeam: boolean;
}

const time = (d: Date | null): number => (d ? d.getTime() : -Infinity);

function byRecentThenName(a: TeamOption, b: TeamOption): number {
  return time(b.lastUsedAt) - time(a.lastUsedAt) || a.name.localeCompare(b.name);
}

export function chooseCareTeams(teams: TeamOption[], ctx: SelectionContext): CareTeamChoice {
  const available = teams.filter((t) => !t.blocked && t.isActive);
  const rxStation = ctx.prescription?.stationNumber ?? null;

  const byStation = new Map<string, TeamOption[]>();
  for (const t of available) byStation.set(t.stationNumber, [...(byStation.get(t.stationNumber) ?? []), t]);
  const stations = [...byStation.entries()].map(([station, list]) => ({ station, list: list.sort(byRecentThenName) }));
  stations.sort((a, b) => {
    if (a.station === rxStation) return -1;
    if (b.station === rxStation) return 1;
    return time(b.list[0]?.lastUsedAt ?? null) - time(a.list[0]?.lastUsedAt ?? null) || a.station.localeCompare(b.station);
  });

  let suggested: TeamOption | undefined;
  if (ctx.prescription) {
    const { prescriberId } = ctx.prescription;
    const local = byStation.get(ctx.prescription.stationNumber) ?? [];
    suggested =
      (prescriberId ? local.find((t) => t.memberIds.includes(prescriberId)) : undefined) ??
      local.find((t) => t.preferred) ??
      local[0]; // already most-recent-first, then by name
  } else {
    suggested = available.find((t) => t.preferred);
  }

  return {
    groups: stations.map(({ station, list }) => ({
      stationNumber: station,
      facilityName: list[0]?.facilityName ?? station,
      teams: list.map((t) => ({ id: t.id, name: t.name, preferred: t.preferred, recentlyUsed: t.lastUsedAt !== null, lastUsedAt: t.lastUsedAt })),
    })),
    suggestedTeamId: suggested?.id ?? null,
    hasAvailableTeam: available.length > 0,
  };
}
