/**
 * OpenFeature provider backed by the `feature_flags` table: percentage rollout by stable hash of
 * the targeting key (the user id). Code evaluates flags only through OpenFeature, so replacing
 * this provider with LaunchDarkly's or a Flipper-backed one changes no call site.
 *
 * The row is cached per process for `cacheMs` (a flag read per request would double the database
 * work of the list page); ops changes call `invalidate()` so this process sees them at once and
 * other processes within `cacheMs`.
 */
import { ErrorCode, StandardResolutionReasons, type EvaluationContext, type JsonValue, type Provider, type ResolutionDetails } from '@openfeature/server-sdk';
import type { Db } from '../../platform/db/pool.js';
import { variantFor, type RolloutState } from './bucketing.js';

export interface FlagRow {
  percent: number;
  state: RolloutState;
}

export class PostgresFlagProvider implements Provider {
  readonly metadata = { name: 'rxbridge-postgres' } as const;
  readonly runsOn = 'server' as const;
  private cache = new Map<string, { row: FlagRow | null; at: number }>();

  constructor(
    private readonly db: Db,
    /** Used when a flag has no row yet (see ROLLOUT_DEFAULT_PERCENT). */
    private readonly defaults: Record<string, FlagRow>,
    private readonly cacheMs = 5000,
    private readonly now: () => number = Date.now,
  ) {}

  invalidate(): void {
    this.cache.clear();
  }

  async flagRow(key: string): Promise<FlagRow | null> {
    const hit = this.cache.get(key);
    if (hit && this.now() - hit.at < this.cacheMs) return hit.row;
    const found = await this.db.selectFrom('feature_flags').select(['percent', 'state']).where('key', '=', key).executeTakeFirst();
    const row = found ? { percent: Number(found.percent), state: found.state } : (this.defaults[key] ?? null);
    this.cache.set(key, { row, at: this.now() });
    return row;
  }

  async resolveBooleanEvaluation(flagKey: string, defaultValue: boolean, context: EvaluationContext): Promise<ResolutionDetails<boolean>> {
    const row = await this.flagRow(flagKey);
    if (!row) return { value: defaultValue, reason: StandardResolutionReasons.ERROR, errorCode: ErrorCode.FLAG_NOT_FOUND };
    if (row.state !== 'active' || row.percent <= 0) {
      return { value: false, variant: 'off', reason: StandardResolutionReasons.DISABLED, flagMetadata: { percent: row.percent, state: row.state } };
    }
    const key = context.targetingKey;
    if (!key) return { value: defaultValue, reason: StandardResolutionReasons.ERROR, errorCode: ErrorCode.TARGETING_KEY_MISSING };
    const variant = variantFor(flagKey, key, row.percent, row.state);
    return { value: variant === 'treatment', variant, reason: StandardResolutionReasons.SPLIT, flagMetadata: { percent: row.percent, state: row.state } };
  }

  async resolveStringEvaluation(_flagKey: string, defaultValue: string): Promise<ResolutionDetails<string>> {
    return { value: defaultValue, reason: StandardResolutionReasons.ERROR, errorCode: ErrorCode.TYPE_MISMATCH };
  }
  async resolveNumberEvaluation(_flagKey: string, defaultValue: number): Promise<ResolutionDetails<number>> {
    return { value: defaultValue, reason: StandardResolutionReasons.ERROR, errorCode: ErrorCode.TYPE_MISMATCH };
  }
  async resolveObjectEvaluation<T extends JsonValue>(_flagKey: string, defaultValue: T): Promise<ResolutionDetails<T>> {
    return { value: defaultValue, reason: StandardResolutionReasons.ERROR, errorCode: ErrorCode.TYPE_MISMATCH };
  }
}
