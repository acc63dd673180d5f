/**
 * Time series for on-call (GET /api/monitoring/series): per product, failures per step over time;
 * step conversions over time; p95 latency per step; failure share treatment vs control. Charts
 * are images for assistive technology; the table after them holds the range totals.
 */
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SeriesPoint } from '../../../src/shared/api/monitoring';
import { FUNNEL_STEPS } from '../../../src/shared/funnel-math';
import { pct } from './range';

const COLORS = ['#005ea2', '#8b1303', '#2e8540', '#5c3d99', '#b45f06', '#1b1b1b', '#0071bb'];
const stepName = (s: string | null) => s ?? 'API without step';

function time(iso: string, bucketSeconds: number) {
  const d = new Date(iso);
  return bucketSeconds >= 21_600
    ? d.toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit' })
    : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** Rows keyed by bucket with one column per series key. */
function pivot(points: SeriesPoint[], keyOf: (p: SeriesPoint) => string | null, value: (ps: SeriesPoint[]) => number | null, bucketSeconds: number) {
  const buckets = [...new Set(points.map((p) => p.bucket))].sort();
  const keys = [...new Set(points.map(keyOf).filter((k): k is string => k !== null))].sort();
  const rows = buckets.map((b) => {
    const row: Record<string, number | string | null> = { t: time(b, bucketSeconds) };
    for (const k of keys) {
      const ps = points.filter((p) => p.bucket === b && keyOf(p) === k);
      row[k] = ps.length ? value(ps) : 0;
    }
    return row;
  });
  return { rows, keys };
}

function Chart({ label, rows, keys, unit, testId }: { label: string; rows: Array<Record<string, unknown>>; keys: string[]; unit?: string; testId: string }) {
  if (keys.length === 0) return <p data-testid={testId}>Nothing in this range.</p>;
  return (
    <div className="rxb-chart" role="img" aria-label={`${label}. Totals in the table below.`} data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="t" tick={{ fontSize: 12 }} />
          <YAxis allowDecimals={unit !== undefined} unit={unit} />
          <Tooltip />
          <Legend />
          {keys.map((k, i) => (
            <Line key={k} dataKey={k} name={k} stroke={COLORS[i % COLORS.length]} dot={rows.length < 4} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

const sum = (ps: SeriesPoint[], f: (p: SeriesPoint) => number) => ps.reduce((n, p) => n + f(p), 0);

export function TimeSeries({ points, bucketSeconds }: { points: SeriesPoint[]; bucketSeconds: number }) {
  if (points.length === 0) return <p data-testid="series-empty">No traffic in this range.</p>;
  const products = [
    { id: 'meds', name: 'Medications' },
    { id: 'sm', name: 'Secure Messaging' },
  ] as const;
  const conversions = pivot(
    points.filter((p) => p.conversions > 0),
    (p) => p.step,
    (ps) => sum(ps, (p) => p.conversions),
    bucketSeconds,
  );
  conversions.keys.sort((a, b) => FUNNEL_STEPS.indexOf(a as never) - FUNNEL_STEPS.indexOf(b as never));
  const latency = pivot(
    points.filter((p) => p.p95 !== null),
    (p) => stepName(p.step),
    (ps) => Math.max(...ps.map((p) => p.p95 ?? 0)),
    bucketSeconds,
  );
  const arms = pivot(
    points.filter((p) => p.variant === 'treatment' || p.variant === 'control'),
    (p) => p.variant,
    (ps) => {
      const r = sum(ps, (p) => p.requests);
      return r === 0 ? null : +((sum(ps, (p) => p.failures) / r) * 100).toFixed(2);
    },
    bucketSeconds,
  );
  const totals = [...new Set(points.map((p) => `${p.product}|${p.step ?? ''}`))].sort().map((k) => {
    const [product, step] = k.split('|');
    const ps = points.filter((p) => p.product === product && (p.step ?? '') === step);
    return {
      product,
      step: step || null,
      requests: sum(ps, (p) => p.requests),
      failures: sum(ps, (p) => p.failures),
      validation: sum(ps, (p) => p.validation),
      conversions: sum(ps, (p) => p.conversions),
    };
  });
  return (
    <>
      <p>
        One point per {bucketSeconds >= 3600 ? `${bucketSeconds / 3600} h` : `${bucketSeconds / 60} min`}. Failures are what the guard judges (5xx, timeouts,
        browser load failures, routing errors); a Veteran’s own validation errors are counted apart.
      </p>
      {products.map((pr) => {
        const f = pivot(
          points.filter((p) => p.product === pr.id),
          (p) => stepName(p.step),
          (ps) => sum(ps, (p) => p.failures),
          bucketSeconds,
        );
        return (
          <div key={pr.id}>
            <h3>{pr.name}: failures per step</h3>
            <Chart label={`${pr.name} failures per step over time`} rows={f.rows} keys={f.keys} testId={`series-failures-${pr.id}`} />
          </div>
        );
      })}
      <h3>Step conversions (sessions reaching each step)</h3>
      <Chart label="Sessions reaching each funnel step over time" rows={conversions.rows} keys={conversions.keys} testId="series-conversions" />
      <h3>Latency p95 per step</h3>
      <Chart label="p95 latency per step over time in milliseconds" rows={latency.rows} keys={latency.keys} unit=" ms" testId="series-latency" />
      <h3>Treatment vs control: failure share</h3>
      <Chart
        label="Share of outcomes that failed, treatment vs control, over time in percent"
        rows={arms.rows}
        keys={arms.keys}
        unit="%"
        testId="series-arms"
      />
      <table className="rxb-table" data-testid="series-totals">
        <caption>Range totals per product and step (the charts above, summed)</caption>
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col">Step</th>
            <th scope="col">Outcomes</th>
            <th scope="col">Failures</th>
            <th scope="col">Validation errors</th>
            <th scope="col">Conversions</th>
          </tr>
        </thead>
        <tbody>
          {totals.map((r) => (
            <tr key={`${r.product}-${r.step ?? ''}`}>
              <td>{r.product}</td>
              <th scope="row">{stepName(r.step)}</th>
              <td>{r.requests}</td>
              <td>
                {r.failures} ({pct(r.requests ? r.failures / r.requests : null)})
              </td>
              <td>{r.validation}</td>
              <td>{r.conversions}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
