import { describe, expect, it } from 'vitest';
import {
  decideEligibility,
  daysBetween,
  renewalLinkInScope,
  eligibilityReasonTexts,
  PRESCRIPTION_STATUSES,
  type EligibilityInput,
  type EligibilityReason,
} from './eligibility.js';

const TODAY = '2026-06-15';
const base: EligibilityInput = {
  status: 'active',
  refillsRemaining: 3,
  expirationDate: '2027-01-01',
  lastFillDate: '2026-05-01',
  isNonVa: false,
};

/** [case, overrides, refillable, renewable, reason] */
const table: Array<[string, Partial<EligibilityInput>, boolean, boolean, EligibilityReason]> = [
  ['active with refills left', {}, true, false, 'REFILLABLE'],
  ['active_parked with refills left', { status: 'active_parked' }, true, false, 'REFILLABLE'],
  ['active with exactly 1 refill', { refillsRemaining: 1 }, true, false, 'REFILLABLE'],
  ['active with 0 refills', { refillsRemaining: 0 }, false, true, 'NO_REFILLS_LEFT'],
  ['active with 0 refills, never filled', { refillsRemaining: 0, lastFillDate: null }, false, false, 'NEVER_FILLED'],
  ['active, expires today (still valid)', { expirationDate: TODAY }, true, false, 'REFILLABLE'],
  ['active, expired yesterday (stale status)', { expirationDate: '2026-06-14' }, false, true, 'EXPIRED_WITHIN_RENEWAL_WINDOW'],
  ['expired 1 day ago', { status: 'expired', expirationDate: '2026-06-14' }, false, true, 'EXPIRED_WITHIN_RENEWAL_WINDOW'],
  ['expired exactly 120 days ago', { status: 'expired', expirationDate: '2026-02-15' }, false, true, 'EXPIRED_WITHIN_RENEWAL_WINDOW'],
  ['expired 121 days ago', { status: 'expired', expirationDate: '2026-02-14' }, false, false, 'EXPIRED_BEYOND_RENEWAL_WINDOW'],
  ['expired recently but never filled', { status: 'expired', expirationDate: '2026-06-01', lastFillDate: null }, false, false, 'NEVER_FILLED'],
  [
    'expired with refills left is still renewal',
    { status: 'expired', refillsRemaining: 5, expirationDate: '2026-06-01' },
    false,
    true,
    'EXPIRED_WITHIN_RENEWAL_WINDOW',
  ],
  ['non-VA medication', { isNonVa: true }, false, false, 'NON_VA'],
  ['non-VA beats expiry', { isNonVa: true, status: 'expired', expirationDate: '2026-06-01' }, false, false, 'NON_VA'],
  ['refill in process', { status: 'active_refill_in_process' }, false, false, 'REFILL_IN_PROCESS'],
  ['refill submitted', { status: 'active_submitted', refillsRemaining: 0 }, false, false, 'REFILL_SUBMITTED'],
  ['on hold', { status: 'active_on_hold' }, false, false, 'ON_HOLD'],
  ['suspended', { status: 'active_suspended' }, false, false, 'SUSPENDED'],
  ['discontinued', { status: 'discontinued', refillsRemaining: 0 }, false, false, 'DISCONTINUED'],
  ['discontinued within window is not renewable', { status: 'discontinued', expirationDate: '2026-06-01' }, false, false, 'DISCONTINUED'],
  ['transferred', { status: 'transferred' }, false, false, 'TRANSFERRED'],
  ['unknown', { status: 'unknown' }, false, false, 'UNKNOWN_STATUS'],
  ['pending new prescription (pharmacy reviewing)', { status: 'pending_new', refillsRemaining: 5, lastFillDate: null }, false, false, 'PENDING_NEW'],
  ['pending renewal (pharmacy reviewing)', { status: 'pending_renewal', refillsRemaining: 0, lastFillDate: null }, false, false, 'PENDING_RENEWAL'],
  [
    'pending renewal of an expired prescription is not renewable again',
    { status: 'pending_renewal', expirationDate: '2026-06-01' },
    false,
    false,
    'PENDING_RENEWAL',
  ],
  ['Active: Non-VA (non-VA flag on an active row)', { status: 'active', isNonVa: true, refillsRemaining: 0 }, false, false, 'NON_VA'],
  ['Active: Parked with 0 refills is a renewal', { status: 'active_parked', refillsRemaining: 0 }, false, true, 'NO_REFILLS_LEFT'],
];

describe('decideEligibility', () => {
  it.each(table)('%s', (_name, overrides, refillable, renewable, reason) => {
    expect(decideEligibility({ ...base, ...overrides }, TODAY)).toEqual({ refillable, renewable, reason });
  });

  it('covers every prescription status in the table', () => {
    const covered = new Set(table.map(([, o]) => o.status ?? base.status));
    expect([...covered].sort()).toEqual([...PRESCRIPTION_STATUSES].sort());
  });

  it('has Veteran-facing text for every reason the rules can return', () => {
    for (const [, , , , reason] of table) expect(eligibilityReasonTexts(120)[reason]).toMatch(/\w/);
  });

  it('states the configured renewal window in the Veteran-facing text, not a fixed number', () => {
    expect(eligibilityReasonTexts(90).EXPIRED_BEYOND_RENEWAL_WINDOW).toContain('more than 90 days');
    expect(eligibilityReasonTexts(120).EXPIRED_BEYOND_RENEWAL_WINDOW).toContain('more than 120 days');
  });

  it('never marks a prescription both refillable and renewable', () => {
    for (const status of PRESCRIPTION_STATUSES) {
      for (const refillsRemaining of [0, 1]) {
        for (const expirationDate of ['2026-01-01', '2026-06-14', '2026-06-15', '2027-01-01']) {
          const e = decideEligibility({ ...base, status, refillsRemaining, expirationDate }, TODAY);
          expect(e.refillable && e.renewable).toBe(false);
        }
      }
    }
  });

  it('honours a configured renewal window', () => {
    const rx = { ...base, status: 'expired' as const, expirationDate: '2026-05-01' }; // 45 days ago
    expect(decideEligibility(rx, TODAY, 30).reason).toBe('EXPIRED_BEYOND_RENEWAL_WINDOW');
    expect(decideEligibility(rx, TODAY, 45).reason).toBe('EXPIRED_WITHIN_RENEWAL_WINDOW');
  });
});

describe('renewalLinkInScope (RENEWAL_LINK_SOURCES)', () => {
  const both = ['vista', 'oracle_health'] as const;
  it.each([
    ['renewable VistA, scope both', true, 'vista', both, true],
    ['renewable Oracle Health, scope both', true, 'oracle_health', both, true],
    ['renewable VistA, scope Oracle Health only (VA.gov today)', true, 'vista', ['oracle_health'], false],
    ['renewable Oracle Health, scope Oracle Health only', true, 'oracle_health', ['oracle_health'], true],
    ['renewable Oracle Health, scope VistA only', true, 'oracle_health', ['vista'], false],
    ['not renewable, scope both', false, 'oracle_health', both, false],
  ] as const)('%s', (_n, renewable, source, scope, shown) => {
    expect(renewalLinkInScope(renewable, source, scope)).toBe(shown);
  });
});

describe('daysBetween', () => {
  it.each([
    ['2026-06-15', '2026-06-15', 0],
    ['2026-06-14', '2026-06-15', 1],
    ['2026-02-28', '2026-03-01', 1],
    ['2024-02-28', '2024-03-01', 2], // leap year
    ['2026-03-07', '2026-03-09', 2], // across US DST change: dates, not local times
    ['2026-06-15', '2026-06-14', -1],
  ])('%s → %s is %i days', (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
  });
});
