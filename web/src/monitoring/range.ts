/** Time-range selector state → query string for the monitoring API. */
export type RangeKey = '1h' | '6h' | '24h' | '7d' | 'custom';

export const RANGE_LABELS: Record<RangeKey, string> = {
  '1h': 'Last hour (the guard’s window)',
  '6h': 'Last 6 hours',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  custom: 'Custom range',
};

export function rangeQuery(key: RangeKey, customFrom: string, customTo: string): string | null {
  if (key === 'custom') {
    if (!customFrom || !customTo) return null;
    const from = new Date(customFrom);
    const to = new Date(customTo);
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from >= to) return null;
    return `from=${from.toISOString()}&to=${to.toISOString()}`;
  }
  // The server ends the range at its own clock (so every chart of a page shows the same range).
  return `range=${key}`;
}

export const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
