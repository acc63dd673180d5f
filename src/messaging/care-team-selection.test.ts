import { describe, expect, it } from 'vitest';
import { chooseCareTeams, type TeamOption } from './care-team-selection.js';

const day = (n: number) => new Date(Date.UTC(2026, 5, n));
const team = (id: string, station: string, extra: Partial<TeamOption> = {}): TeamOption => ({
  id,
  name: id,
  stationNumber: station,
  facilityName: `Facility ${station}`,
  blocked: false,
  preferred: false,
  isActive: true,
  lastUsedAt: null,
  memberIds: [],
  ...extra,
});

const ids = (r: ReturnType<typeof chooseCareTeams>) => r.groups.map((g) => `${g.stationNumber}:${g.teams.map((t) => t.id).join(',')}`);

describe('chooseCareTeams', () => {
  it.each([
    {
      case: 'groups by facility; recently used first, then by name',
      teams: [team('b', '442'), team('a', '442'), team('c', '442', { lastUsedAt: day(1) }), team('d', '554')],
      prescription: null,
      groups: ['442:c,a,b', '554:d'],
      suggested: null,
    },
    {
      case: 'facility with the most recent use comes first when there is no prescription',
      teams: [team('a', '442', { lastUsedAt: day(1) }), team('b', '554', { lastUsedAt: day(9) })],
      prescription: null,
      groups: ['554:b', '442:a'],
      suggested: null,
    },
    {
      case: 'blocked and retired teams are excluded',
      teams: [team('a', '442', { blocked: true }), team('b', '442', { isActive: false }), team('c', '554')],
      prescription: null,
      groups: ['554:c'],
      suggested: null,
    },
    {
      case: 'preferred team suggested without a prescription',
      teams: [team('a', '442'), team('b', '554', { preferred: true })],
      prescription: null,
      groups: ['442:a', '554:b'],
      suggested: 'b',
    },
    {
      case: 'blocked preferred team is not suggested',
      teams: [team('a', '442'), team('b', '554', { preferred: true, blocked: true })],
      prescription: null,
      groups: ['442:a'],
      suggested: null,
    },
    {
      case: 'prescription facility first; the prescriber’s team suggested over preferred and recent',
      teams: [
        team('x', '554', { lastUsedAt: day(10) }),
        team('p', '442', { preferred: true }),
        team('r', '442', { lastUsedAt: day(5) }),
        team('m', '442', { memberIds: ['doc'] }),
      ],
      prescription: { stationNumber: '442', prescriberId: 'doc' },
      groups: ['442:r,m,p', '554:x'],
      suggested: 'm',
    },
    {
      case: 'no prescriber team: preferred team at that facility',
      teams: [team('p', '442', { preferred: true }), team('r', '442', { lastUsedAt: day(5) })],
      prescription: { stationNumber: '442', prescriberId: 'doc' },
      groups: ['442:r,p'],
      suggested: 'p',
    },
    {
      case: 'preferred team elsewhere: most recent team at the prescription facility',
      teams: [team('p', '554', { preferred: true }), team('r', '442', { lastUsedAt: day(5) }), team('a', '442')],
      prescription: { stationNumber: '442', prescriberId: null },
      groups: ['442:r,a', '554:p'],
      suggested: 'r',
    },
    {
      case: 'no team at the prescription facility: nothing suggested',
      teams: [team('p', '554', { preferred: true })],
      prescription: { stationNumber: '442', prescriberId: 'doc' },
      groups: ['554:p'],
      suggested: null,
    },
    {
      case: 'prescriber’s team blocked: not suggested',
      teams: [team('m', '442', { memberIds: ['doc'], blocked: true }), team('a', '442')],
      prescription: { stationNumber: '442', prescriberId: 'doc' },
      groups: ['442:a'],
      suggested: 'a',
    },
  ])('$case', ({ teams, prescription, groups, suggested }) => {
    const r = chooseCareTeams(teams, { prescription });
    expect(ids(r)).toEqual(groups);
    expect(r.suggestedTeamId).toBe(suggested);
    expect(r.hasAvailableTeam).toBe(groups.length > 0);
  });

  it('reports no available team when every association is blocked or there are none', () => {
    expect(chooseCareTeams([], { prescription: null })).toEqual({ groups: [], suggestedTeamId: null, hasAvailableTeam: false });
    const r = chooseCareTeams([team('a', '442', { blocked: true })], { prescription: { stationNumber: '442', prescriberId: null } });
    expect(r.hasAvailableTeam).toBe(false);
    expect(r.suggestedTeamId).toBeNull();
  });

  it('marks recently used teams and keeps facility names', () => {
    const r = chooseCareTeams([team('a', '442', { lastUsedAt: day(2) }), team('b', '442')], { prescription: null });
    expect(r.groups[0]?.facilityName).toBe('Facility 442');
    expect(r.groups[0]?.teams.map((t) => t.recentlyUsed)).toEqual([true, false]);
  });
});
