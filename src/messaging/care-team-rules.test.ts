import { describe, expect, it } from 'vitest';
import {
  blockedTeamsAlert,
  healthCareSystemStep,
  mayMessageTeam,
  monthsBefore,
  recentCareTeams,
  suggestedTeam,
  teamsAtSystem,
  type TeamAssociation,
} from './care-team-rules.js';

let n = 0;
function team(over: Partial<TeamAssociation> = {}): TeamAssociation {
  n += 1;
  return {
    id: `t${n}`,
    name: `Team ${n}`,
    stationNumber: '442',
    facilityName: 'Cheyenne VA Medical Center',
    blocked: false,
    preferred: true,
    isActive: true,
    signatureRequired: false,
    memberIds: [],
    ...over,
  };
}
const NOW = new Date('2026-07-31T12:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);

describe('mayMessageTeam (selection, send and reply)', () => {
  it.each([
    { case: 'allowed, new message', a: team(), purpose: 'new' as const, expected: { allowed: true } },
    { case: 'allowed, reply', a: team(), purpose: 'reply' as const, expected: { allowed: true } },
    { case: 'not associated', a: undefined, purpose: 'new' as const, expected: { allowed: false, reason: 'NOT_ASSOCIATED' } },
    { case: 'blocked', a: team({ blocked: true }), purpose: 'new' as const, expected: { allowed: false, reason: 'CARE_TEAM_BLOCKED' } },
    { case: 'blocked, reply', a: team({ blocked: true }), purpose: 'reply' as const, expected: { allowed: false, reason: 'CARE_TEAM_BLOCKED' } },
    { case: 'retired', a: team({ isActive: false }), purpose: 'new' as const, expected: { allowed: false, reason: 'CARE_TEAM_INACTIVE' } },
    { case: 'retired, reply', a: team({ isActive: false }), purpose: 'reply' as const, expected: { allowed: false, reason: 'CARE_TEAM_INACTIVE' } },
    {
      case: 'not in contact list, new message',
      a: team({ preferred: false }),
      purpose: 'new' as const,
      expected: { allowed: false, reason: 'NOT_IN_CONTACT_LIST' },
    },
    { case: 'not in contact list, reply is fine', a: team({ preferred: false }), purpose: 'reply' as const, expected: { allowed: true } },
    {
      case: 'blocked wins over contact list',
      a: team({ blocked: true, preferred: false }),
      purpose: 'new' as const,
      expected: { allowed: false, reason: 'CARE_TEAM_BLOCKED' },
    },
  ])('$case', ({ a, purpose, expected }) => {
    expect(mayMessageTeam(a, purpose)).toEqual(expected);
  });
});

describe('recentCareTeams: last 6 months, at most 4, only teams the Veteran may still message', () => {
  const [a, b, c, d, e] = [team({ name: 'A' }), team({ name: 'B' }), team({ name: 'C' }), team({ name: 'D' }), team({ name: 'E' })];
  const blocked = team({ name: 'Blocked', blocked: true });
  const retired = team({ name: 'Retired', isActive: false });
  const notListed = team({ name: 'Not in contact list', preferred: false });
  const all = [a, b, c, d, e, blocked, retired, notListed];
  it.each([
    { case: 'nothing sent', sent: [], expected: [] },
    { case: 'one team', sent: [{ t: a, days: 3 }], expected: ['A'] },
    {
      case: 'most recent first, each team once',
      sent: [
        { t: a, days: 30 },
        { t: b, days: 2 },
        { t: a, days: 1 },
      ],
      expected: ['A', 'B'],
    },
    {
      case: 'at most 4',
      sent: [
        { t: a, days: 1 },
        { t: b, days: 2 },
        { t: c, days: 3 },
        { t: d, days: 4 },
        { t: e, days: 5 },
      ],
      expected: ['A', 'B', 'C', 'D'],
    },
    {
      case: 'a skipped team frees a place',
      sent: [
        { t: blocked, days: 1 },
        { t: a, days: 2 },
        { t: b, days: 3 },
        { t: c, days: 4 },
        { t: d, days: 5 },
        { t: e, days: 6 },
      ],
      expected: ['A', 'B', 'C', 'D'],
    },
    {
      case: 'blocked, retired and not-in-contact-list teams are left out',
      sent: [
        { t: blocked, days: 1 },
        { t: retired, days: 2 },
        { t: notListed, days: 3 },
      ],
      expected: [],
    },
    { case: 'exactly 6 months ago counts (Jan 31)', sent: [{ t: a, at: new Date('2026-01-31T12:00:00Z') }], expected: ['A'] },
    { case: 'a minute older than 6 months does not', sent: [{ t: a, at: new Date('2026-01-31T11:59:00Z') }], expected: [] },
    { case: 'a team no longer associated is left out', sent: [{ t: team({ name: 'Gone' }), days: 1 }], expected: [] },
  ])('$case', ({ sent, expected }) => {
    const rows = sent.map((s) => ({ careTeamId: s.t.id, sentAt: 'at' in s ? s.at : daysAgo(s.days) }));
    expect(recentCareTeams(rows, all, NOW).map((t) => t.name)).toEqual(expected);
  });
  it.each([
    { now: '2026-07-31T00:00:00Z', expected: '2026-01-31T00:00:00.000Z' },
    { now: '2026-08-31T00:00:00Z', expected: '2026-02-28T00:00:00.000Z' },
    { now: '2026-03-15T08:00:00Z', expected: '2025-09-15T08:00:00.000Z' },
  ])('6 months before $now is $expected', ({ now, expected }) => {
    expect(monthsBefore(new Date(now), 6).toISOString()).toBe(expected);
  });
});

describe('healthCareSystemStep: no question for one, radios for 2–5, a select for 6+', () => {
  const at = (station: string, name: string, over: Partial<TeamAssociation> = {}) => team({ stationNumber: station, facilityName: name, ...over });
  const systems = (k: number) => Array.from({ length: k }, (_, i) => at(String(500 + i), `System ${String.fromCharCode(90 - i)}`));
  it.each([
    { case: 'no team', teams: [], control: 'none', count: 0 },
    { case: 'one system (several teams)', teams: [at('442', 'Cheyenne'), at('442', 'Cheyenne')], control: 'none', count: 1 },
    { case: 'two systems', teams: systems(2), control: 'radio', count: 2 },
    { case: 'five systems', teams: systems(5), control: 'radio', count: 5 },
    { case: 'six systems', teams: systems(6), control: 'select', count: 6 },
    { case: 'eight systems', teams: systems(8), control: 'select', count: 8 },
    { case: 'a fully blocked system is left out', teams: [at('442', 'Cheyenne'), at('554', 'Aurora', { blocked: true })], control: 'none', count: 1 },
    {
      case: 'a system with one blocked and one open team stays',
      teams: [at('442', 'Cheyenne'), at('554', 'Aurora', { blocked: true }), at('554', 'Aurora')],
      control: 'radio',
      count: 2,
    },
  ])('$case', ({ teams, control, count }) => {
    const step = healthCareSystemStep(teams);
    expect(step.control).toBe(control);
    expect(step.systems).toHaveLength(count);
  });
  it('sorts systems by name', () => {
    expect(healthCareSystemStep(systems(3)).systems.map((s) => s.name)).toEqual(['System X', 'System Y', 'System Z']);
  });
  it('lists only the teams the Veteran may message in the chosen system, by name', () => {
    const teams = [
      at('442', 'C', { name: 'Zeta' }),
      at('442', 'C', { name: 'Alpha' }),
      at('442', 'C', { name: 'Blocked', blocked: true }),
      at('554', 'A', { name: 'Other' }),
    ];
    expect(teamsAtSystem(teams, '442').map((t) => t.name)).toEqual(['Alpha', 'Zeta']);
  });
});

describe('blockedTeamsAlert: VA.gov’s texts', () => {
  const c = (over: Partial<TeamAssociation>) => team({ stationNumber: '442', facilityName: 'Cheyenne VA Medical Center', ...over });
  const a = (over: Partial<TeamAssociation>) => team({ stationNumber: '554', facilityName: 'Aurora VA Medical Center', ...over });
  it.each([
    { case: 'nothing blocked', teams: [c({}), a({})], kind: null, title: null },
    { case: 'no associations', teams: [], kind: 'no_associations', title: 'You’re not connected to any care teams in this messaging tool' },
    {
      case: 'only retired teams = no associations',
      teams: [c({ isActive: false })],
      kind: 'no_associations',
      title: 'You’re not connected to any care teams in this messaging tool',
    },
    {
      case: 'all blocked',
      teams: [c({ blocked: true }), a({ blocked: true })],
      kind: 'all_blocked',
      title: 'You can’t send messages to your care teams right now',
    },
    {
      case: 'one team blocked',
      teams: [c({ name: 'Cheyenne Cardiology', blocked: true }), c({})],
      kind: 'one_team_blocked',
      title: 'You can’t send messages to Cheyenne Cardiology',
    },
    {
      case: 'one facility blocked',
      teams: [a({ blocked: true }), a({ blocked: true }), c({})],
      kind: 'one_facility_blocked',
      title: 'You can’t send messages to care teams at Aurora VA Medical Center',
    },
    {
      case: 'some teams blocked',
      teams: [c({ blocked: true }), c({}), a({ blocked: true }), a({})],
      kind: 'some_blocked',
      title: 'You can’t send messages to some of your care teams',
    },
    {
      case: 'a facility and a team blocked',
      teams: [a({ blocked: true }), c({ blocked: true }), c({})],
      kind: 'some_blocked',
      title: 'You can’t send messages to some of your care teams',
    },
  ])('$case', ({ teams, kind, title }) => {
    const alert = blockedTeamsAlert(teams);
    expect(alert?.kind ?? null).toBe(kind);
    expect(alert?.title ?? null).toBe(title);
  });
  it('says what to do and is a warning only when nobody can be messaged', () => {
    expect(blockedTeamsAlert([c({ blocked: true })])).toMatchObject({
      status: 'warning',
      text: 'If you need to contact your care teams, call your VA health facility.',
    });
    expect(blockedTeamsAlert([c({ blocked: true, name: 'X' }), c({})])).toMatchObject({
      status: 'info',
      text: 'If you need to contact this care team, call your VA health facility.',
      blocked: [{ type: 'team', name: 'X' }],
    });
    expect(blockedTeamsAlert([a({ blocked: true }), c({})])).toMatchObject({
      text: 'If you need to contact these care teams, call the facility.',
      blocked: [{ type: 'facility', name: 'Aurora VA Medical Center' }],
    });
  });
});

describe('suggestedTeam: the prescription’s team, suggested (never preselected)', () => {
  const shahTeam = team({ name: 'Primary Care', memberIds: ['shah'] });
  const cardio = team({ name: 'Cardiology', memberIds: ['shah', 'x'] });
  const other = team({ name: 'Pharmacy', memberIds: ['lee'] });
  const aurora = team({ stationNumber: '554', facilityName: 'Aurora', memberIds: ['lee'] });
  it.each([
    { case: 'no prescription', teams: [shahTeam], rx: null, expected: null },
    {
      case: 'the prescriber’s only team at the facility',
      teams: [shahTeam, other, aurora],
      rx: { stationNumber: '442', prescriberId: 'shah' },
      expected: shahTeam.id,
    },
    { case: 'prescriber in two teams: no guess', teams: [shahTeam, cardio, other], rx: { stationNumber: '442', prescriberId: 'shah' }, expected: null },
    {
      case: 'prescriber’s team blocked, one other team there: that one',
      teams: [{ ...shahTeam, blocked: true }, other],
      rx: { stationNumber: '442', prescriberId: 'shah' },
      expected: other.id,
    },
    { case: 'no prescriber, one team at the facility', teams: [aurora, shahTeam], rx: { stationNumber: '554', prescriberId: null }, expected: aurora.id },
    { case: 'no prescriber, several teams: none', teams: [shahTeam, other], rx: { stationNumber: '442', prescriberId: null }, expected: null },
    { case: 'no team at the prescription’s facility', teams: [shahTeam], rx: { stationNumber: '554', prescriberId: 'lee' }, expected: null },
  ])('$case', ({ teams, rx, expected }) => {
    expect(suggestedTeam(teams, rx)?.id ?? null).toBe(expected);
  });
});
