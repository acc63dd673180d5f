/**
 * renewalLinkFor: one decision per request. The list route that shows the link and the flow
 * attribution that tags the request's event share it, so they agree even when the stage changes
 * while the request runs; the next request sees the new stage.
 */
import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/helpers/db.js';
import { RENEWAL_LINK_FLAG } from './bucketing.js';
import { renewalLink, renewalLinkFor } from './flags.js';

const t = useTestDatabase();
const user = '00000000-0000-4000-8000-000000000001';
const fakeRequest = () => ({ user: { id: user } }) as FastifyRequest;

async function setFlag(percent: number, state: 'active' | 'paused') {
  await t.ctx.db
    .insertInto('feature_flags')
    .values({ key: RENEWAL_LINK_FLAG, percent, state, updated_by: 'test' })
    .onConflict((oc) => oc.column('key').doUpdateSet({ percent, state }))
    .execute();
}

describe('renewalLinkFor', () => {
  it('decides once per request, and afresh for the next request', async () => {
    await setFlag(100, 'active');
    const first = fakeRequest();
    const a = renewalLinkFor(t.ctx, first);
    expect(await a).toEqual({ enabled: true, variant: 'treatment' });

    await setFlag(100, 'paused'); // test config: no flag cache, so a fresh evaluation sees this at once
    expect(await renewalLink(t.ctx, user)).toEqual({ enabled: false, variant: 'off' });
    const again = renewalLinkFor(t.ctx, first);
    expect(again).toBe(a);
    expect(await again).toEqual({ enabled: true, variant: 'treatment' });

    expect(await renewalLinkFor(t.ctx, fakeRequest())).toEqual({ enabled: false, variant: 'off' });
  });

  it('refuses a request without a signed-in user (the caller checks the role first)', async () => {
    await expect(renewalLinkFor(t.ctx, {} as FastifyRequest)).rejects.toThrow(/without a signed-in user/);
  });
});
