/**
 * The OpenFeature provider against Postgres: stages, states, defaults, and the OpenFeature client
 * API; and renewalLinkFor, one decision per request: the list route that shows the link and the
 * flow attribution that tags the request's event share it, so they agree even when the stage
 * changes while the request runs, and the next request sees the new stage.
 */
import { OpenFeature } from '@openfeature/server-sdk';
import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/helpers/db.js';
import { RENEWAL_LINK_FLAG } from './bucketing.js';
import { PostgresFlagProvider } from './flag-provider.js';
import { renewalLink, renewalLinkFor } from './flags.js';

const t = useTestDatabase();
const users = Array.from({ length: 2000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);

async function setFlag(percent: number, state: 'active' | 'paused' | 'rolled_back') {
  await t.ctx.db
    .insertInto('feature_flags')
    .values({ key: RENEWAL_LINK_FLAG, percent, state, updated_by: 'test' })
    .onConflict((oc) => oc.column('key').doUpdateSet({ percent, state }))
    .execute();
}

describe('PostgresFlagProvider through the OpenFeature client', () => {
  it('splits users by the stored stage and reports the variant', async () => {
    const provider = new PostgresFlagProvider(t.ctx.db, {}, 0);
    await OpenFeature.setProviderAndWait('flag-test-split', provider);
    const client = OpenFeature.getClient('flag-test-split');
    await setFlag(25, 'active');
    const details = await Promise.all(users.map((u) => client.getBooleanDetails(RENEWAL_LINK_FLAG, false, { targetingKey: u })));
    const treatment = details.filter((d) => d.value).length / users.length;
    expect(treatment).toBeGreaterThan(0.22);
    expect(treatment).toBeLessThan(0.28);
    expect(new Set(details.map((d) => d.variant))).toEqual(new Set(['treatment', 'control']));
    expect(details.every((d) => (d.variant === 'treatment') === d.value && d.reason === 'SPLIT')).toBe(true);
  });

  it('turns everyone off when paused or rolled back', async () => {
    const provider = new PostgresFlagProvider(t.ctx.db, {}, 0);
    await OpenFeature.setProviderAndWait('flag-test-off', provider);
    const client = OpenFeature.getClient('flag-test-off');
    for (const state of ['paused', 'rolled_back'] as const) {
      await setFlag(100, state);
      const d = await client.getBooleanDetails(RENEWAL_LINK_FLAG, true, { targetingKey: users[0]! });
      expect([d.value, d.variant, d.reason]).toEqual([false, 'off', 'DISABLED']);
    }
  });

  it('uses the configured default when the flag has no row, and the caller default for unknown flags', async () => {
    await t.ctx.db.deleteFrom('feature_flags').execute();
    const provider = new PostgresFlagProvider(t.ctx.db, { [RENEWAL_LINK_FLAG]: { percent: 100, state: 'active' } }, 0);
    await OpenFeature.setProviderAndWait('flag-test-default', provider);
    const client = OpenFeature.getClient('flag-test-default');
    expect((await client.getBooleanDetails(RENEWAL_LINK_FLAG, false, { targetingKey: users[1]! })).variant).toBe('treatment');
    const unknown = await client.getBooleanDetails('no_such_flag', true, { targetingKey: users[1]! });
    expect([unknown.value, unknown.errorCode]).toEqual([true, 'FLAG_NOT_FOUND']);
  });

  it('serves the cached row until invalidated', async () => {
    let now = 0;
    const provider = new PostgresFlagProvider(t.ctx.db, {}, 5000, () => now);
    await setFlag(100, 'active');
    expect((await provider.resolveBooleanEvaluation(RENEWAL_LINK_FLAG, false, { targetingKey: users[2]! })).value).toBe(true);
    await setFlag(100, 'paused');
    now = 1000;
    expect((await provider.resolveBooleanEvaluation(RENEWAL_LINK_FLAG, false, { targetingKey: users[2]! })).value).toBe(true);
    provider.invalidate();
    expect((await provider.resolveBooleanEvaluation(RENEWAL_LINK_FLAG, false, { targetingKey: users[2]! })).value).toBe(false);
  });
});

const fakeRequest = () => ({ user: { id: users[0]! } }) as FastifyRequest;

describe('renewalLinkFor', () => {
  it('decides once per request, and afresh for the next request', async () => {
    await setFlag(100, 'active');
    const first = fakeRequest();
    const a = renewalLinkFor(t.ctx, first);
    expect(await a).toEqual({ enabled: true, variant: 'treatment' });

    await setFlag(100, 'paused'); // test config: no flag cache, so a fresh evaluation sees this at once
    expect(await renewalLink(t.ctx, users[0]!)).toEqual({ enabled: false, variant: 'off' });
    const again = renewalLinkFor(t.ctx, first);
    expect(again).toBe(a);
    expect(await again).toEqual({ enabled: true, variant: 'treatment' });

    expect(await renewalLinkFor(t.ctx, fakeRequest())).toEqual({ enabled: false, variant: 'off' });
  });

  it('refuses a request without a signed-in user (the caller checks the role first)', async () => {
    await expect(renewalLinkFor(t.ctx, {} as FastifyRequest)).rejects.toThrow(/without a signed-in user/);
  });
});
