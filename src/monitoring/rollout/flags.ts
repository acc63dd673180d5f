/**
 * The renewal-link flag as the rest of the code sees it: `renewalLink(ctx, userId)` →
 * { enabled, variant }, evaluated through OpenFeature. One provider per AppContext (so tests with
 * several apps in one process keep their databases apart), registered under its own domain.
 */
import { randomUUID } from 'node:crypto';
import { OpenFeature, type Client } from '@openfeature/server-sdk';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { RENEWAL_LINK_FLAG, type Variant } from './bucketing.js';
import { PostgresFlagProvider } from './flag-provider.js';

interface Flags {
  provider: PostgresFlagProvider;
  client: Client;
  ready: Promise<void>;
}

const byContext = new WeakMap<AppContext, Flags>();

function flagsFor(ctx: AppContext): Flags {
  let f = byContext.get(ctx);
  if (!f) {
    const provider = new PostgresFlagProvider(
      ctx.db,
      {
        [RENEWAL_LINK_FLAG]: { percent: ctx.config.ROLLOUT_DEFAULT_PERCENT, state: 'active' },
      },
      ctx.config.NODE_ENV === 'test' ? 0 : 5000,
    );
    const domain = `rxbridge-${randomUUID()}`;
    f = { provider, client: OpenFeature.getClient(domain), ready: OpenFeature.setProviderAndWait(domain, provider) };
    byContext.set(ctx, f);
  }
  return f;
}

export interface RenewalLinkDecision {
  enabled: boolean;
  variant: Variant;
}

export async function renewalLink(ctx: AppContext, userId: string): Promise<RenewalLinkDecision> {
  const f = flagsFor(ctx);
  await f.ready;
  const details = await f.client.getBooleanDetails(RENEWAL_LINK_FLAG, false, { targetingKey: userId });
  const variant: Variant = details.variant === 'treatment' || details.variant === 'control' ? details.variant : 'off';
  return { enabled: details.value && variant === 'treatment', variant };
}

// One decision per request: the route that shows the link and the flow attribution that tags the
// request's event with its variant ask for the same request. Keyed weakly, so it ends with the
// request (issue 16: the second OpenFeature evaluation was ~13 KB and a share of what outlived
// young GCs on every list request).
const perRequest = new WeakMap<FastifyRequest, Promise<RenewalLinkDecision>>();

/** renewalLink for the signed-in user of `req`, evaluated at most once per request. */
export function renewalLinkFor(ctx: AppContext, req: FastifyRequest): Promise<RenewalLinkDecision> {
  let decision = perRequest.get(req);
  if (!decision) {
    decision = req.user ? renewalLink(ctx, req.user.id) : Promise.reject(new Error('renewal link asked for a request without a signed-in user'));
    perRequest.set(req, decision);
  }
  return decision;
}

/** Current stage of a flag (row or configured default). */
export async function flagState(ctx: AppContext, key = RENEWAL_LINK_FLAG) {
  return flagsFor(ctx).provider.flagRow(key);
}

/** Call after changing a flag row so this process stops serving the cached stage. */
export function invalidateFlags(ctx: AppContext): void {
  flagsFor(ctx).provider.invalidate();
}
