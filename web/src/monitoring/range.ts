/** Time-range selector state → query string for the monitoring API. */
export type RangeKey = '24h' | '7d' | '30d' | 'custom';

export const RANGE_LABELS: Record<RangeKey, string> = { '24h': 'Last 24 hours', '7d': 'Last 7 days', '30d': 'Last 30 days', custom: 'Custom range' };
const HOURS: Record<Exclude<RangeKey, 'custom'>, number> = { '24h': 24, '7d': 24 * 7, '30d': 24 * 30 };

export function rangeQuery(key: RangeKey, customFrom: string, customTo: string, now = new Date()): string | null {
  if (key === 'custom') {
    if (!customFrom || !customTo) return null;
    const from = new Date(customFrom);
    const to = new Date(customTo);
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from >= to) return null;
    return `from=${from.toISOString()}&to=${to.toISOString()}`;
  }
  const to = new Date(now.getTime() + 60_000);
  return `from=${new Date(to.getTime() - HOURS[key] * 3_600_000).toISOString()}&to=${to.toISOString()}`;
}

export const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
