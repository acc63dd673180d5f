/**
 * Renewal-flow monitoring (role ops): funnel with conversion and drop-off, error rate per step split
 * Meds vs SM, latency p50/p95, feedback volume and sentiment, and the staged-rollout controls.
 * Every chart is decorative for assistive technology (role="img" with a summary) and followed by
 * a table holding the same figures.
 */
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { VaAlert } from '@department-of-veterans-affairs/web-components/react-bindings';
import { api, ApiError } from '../api/client';
import { usePageTitle } from '../layout/usePageTitle';
import { FUNNEL_STEPS } from '../../../src/shared/funnel-math';
import { pct, rangeQuery, type RangeKey } from './range';
import { RangeSelector } from './RangeSelector';
import { RolloutPanel } from './RolloutPanel';
import { OnCallStatus } from './OnCallStatus';
import { TimeSeries } from './TimeSeries';
import type { ErrorCodeRow, ErrorRow, FeedbackAnswer, FunnelStepRow, LatencyRow, SeriesPoint } from '../../../src/shared/api/monitoring';
import './monitoring.css';

const MEDS = '#005ea2';
const SM = '#8b1303';

interface Data {
  funnel: FunnelStepRow[];
  errors: ErrorRow[];
  latency: LatencyRow[];
  feedback: FeedbackAnswer;
  series: { points: SeriesPoint[]; bucketSeconds: number };
  codes: ErrorCodeRow[];
}

export function MonitoringPage() {
  usePageTitle('Renewal flow monitoring');
  const [range, setRange] = useState<{ range: RangeKey; from: string; to: string }>({ range: '1h', from: '', to: '' });
  const [data, setData] = useState<Data | null>(null);
  const [error, setError] = useState<string | null>(null);

  const query = rangeQuery(range.range, range.from, range.to);
  const load = useCallback(async () => {
    if (!query) return;
    try {
      const [f, e, l, fb, se] = await Promise.all([
        api<{ steps: FunnelStepRow[] }>('GET', `/api/monitoring/funnel?${query}`),
        api<{ steps: ErrorRow[]; topErrorCodes: ErrorCodeRow[] }>('GET', `/api/monitoring/errors?${query}`),
        api<{ steps: LatencyRow[] }>('GET', `/api/monitoring/latency?${query}`),
        api<Data['feedback']>('GET', `/api/monitoring/feedback?${query}`),
        api<Data['series']>('GET', `/api/monitoring/series?${query}`),
      ]);
      setData({ funnel: f.steps, errors: e.steps, latency: l.steps, feedback: fb, series: se, codes: e.topErrorCodes });
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'We can’t load monitoring data right now.');
    }
  }, [query]);
  useEffect(() => void load(), [load]);

  const errorByStep = FUNNEL_STEPS.map((step) => {
    const rate = (product: 'meds' | 'sm') => {
      const rows = (data?.errors ?? []).filter((r) => r.step === step && r.product === product);
      const requests = rows.reduce((n, r) => n + r.requests, 0);
      const errors = rows.reduce((n, r) => n + r.errors, 0);
      return { requests, errors, rate: requests ? errors / requests : errors ? 1 : 0 };
    };
    const meds = rate('meds');
    const sm = rate('sm');
    return { step, meds, sm, medsPct: +(meds.rate * 100).toFixed(2), smPct: +(sm.rate * 100).toFixed(2) };
  });
  const serverLatency = FUNNEL_STEPS.map((step) => {
    const row = data?.latency.find((r) => r.step === step && r.source === 'server');
    const client = data?.latency.find((r) => r.step === step && r.source === 'client');
    return { step, p50: row?.p50 ?? null, p95: row?.p95 ?? null, clientP50: client?.p50 ?? null, clientP95: client?.p95 ?? null };
  });
  const sentimentDays = [...new Set((data?.feedback.trend ?? []).map((d) => d.day))].map((day) => {
    const rows = data!.feedback.trend.filter((d) => d.day === day);
    const count = rows.reduce((n, r) => n + r.count, 0);
    const s = rows.filter((r) => r.avgSentiment !== null);
    return {
      day,
      count,
      sentiment: s.length ? +(s.reduce((n, r) => n + (r.avgSentiment as number) * r.count, 0) / s.reduce((n, r) => n + r.count, 0)).toFixed(2) : null,
    };
  });

  return (
    <>
      <h1>Renewal flow monitoring</h1>
      <p className="vads-u-font-size--lg">
        Medications → Secure Messaging renewal journey: funnel, errors by owning product, latency, feedback and staged rollout.
      </p>
      <OnCallStatus />
      <p>
        <Link to="/ops/monitoring/report">Success-criteria report</Link>
        {' · '}
        <a href="/api/monitoring/urls.csv">Flow URLs (CSV for Medallia intake)</a>
        {' · '}
        <a href="/api/monitoring/urls.json">Flow URLs (JSON)</a>
        {' · '}
        <a href="/metrics">Prometheus metrics</a>
      </p>
      <RangeSelector {...range} onChange={setRange} />
      {!query && <p role="status">Choose a start and an end for the custom range.</p>}
      {error && (
        <VaAlert status="error" visible>
          <p>{error}</p>
        </VaAlert>
      )}

      {data && (
        <>
          <h2>Over time</h2>
          <TimeSeries points={data.series.points} bucketSeconds={data.series.bucketSeconds} />

          <h2>Error codes</h2>
          <table className="rxb-table" data-testid="error-codes">
            <caption>Errors by code, charged product and step (routing errors at the interstitial are Medications’)</caption>
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Kind</th>
                <th scope="col">Product</th>
                <th scope="col">Step</th>
                <th scope="col">URL id</th>
                <th scope="col">Source</th>
                <th scope="col">Count</th>
                <th scope="col">Veterans</th>
              </tr>
            </thead>
            <tbody>
              {data.codes.length === 0 && (
                <tr>
                  <td colSpan={8}>No errors in this range.</td>
                </tr>
              )}
              {data.codes.map((c, i) => (
                <tr key={i}>
                  <th scope="row">{c.error_code ?? '—'}</th>
                  <td>{c.failure ?? '—'}</td>
                  <td>{c.product}</td>
                  <td>{c.step ?? '—'}</td>
                  <td>{c.url_id}</td>
                  <td>{c.source}</td>
                  <td>{c.count}</td>
                  <td>{c.veterans}</td>
                </tr>
              ))}
            </tbody>
          </table>

          <h2>Funnel</h2>
          <div
            className="rxb-chart"
            role="img"
            aria-label={`Funnel: ${data.funnel.map((s) => `${s.step} ${s.sessions} sessions`).join(', ')}. Figures in the table below.`}
          >
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={data.funnel} accessibilityLayer={false}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="step" tick={{ fontSize: 12 }} />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Bar dataKey="sessions" name="Sessions" fill={MEDS} isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <table className="rxb-table" data-testid="funnel-table">
            <caption>Sessions reaching each step, conversion from the previous step and drop-off</caption>
            <thead>
              <tr>
                <th scope="col">Step</th>
                <th scope="col">Owner</th>
                <th scope="col">Sessions</th>
                <th scope="col">Conversion</th>
                <th scope="col">Drop-off</th>
                <th scope="col">Abandoned</th>
              </tr>
            </thead>
            <tbody>
              {data.funnel.map((s) => (
                <tr key={s.step} data-step={s.step}>
                  <th scope="row">{s.step}</th>
                  <td>{s.owningTeam}</td>
                  <td>{s.sessions}</td>
                  <td>{pct(s.conversion)}</td>
                  <td>{pct(s.dropOff)}</td>
                  <td>{s.abandoned}</td>
                </tr>
              ))}
            </tbody>
          </table>

          <h2>Error rate per step: Medications vs Secure Messaging</h2>
          <div className="rxb-chart" role="img" aria-label="Error rate per step for Medications and Secure Messaging. Figures in the table below.">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={errorByStep} accessibilityLayer={false}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="step" tick={{ fontSize: 12 }} />
                <YAxis unit="%" />
                <Tooltip />
                <Legend />
                <Bar dataKey="medsPct" name="Medications" fill={MEDS} isAnimationActive={false} />
                <Bar dataKey="smPct" name="Secure Messaging" fill={SM} isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <table className="rxb-table">
            <caption>Errors per step and owning product (server API outcomes and browser errors)</caption>
            <thead>
              <tr>
                <th scope="col">Step</th>
                <th scope="col">Meds requests</th>
                <th scope="col">Meds errors</th>
                <th scope="col">SM requests</th>
                <th scope="col">SM errors</th>
              </tr>
            </thead>
            <tbody>
              {errorByStep.map((r) => (
                <tr key={r.step}>
                  <th scope="row">{r.step}</th>
                  <td>{r.meds.requests}</td>
                  <td>
                    {r.meds.errors} ({pct(r.meds.rate)})
                  </td>
                  <td>{r.sm.requests}</td>
                  <td>
                    {r.sm.errors} ({pct(r.sm.rate)})
                  </td>
                </tr>
              ))}
            </tbody>
          </table>

          <h2>Latency per step</h2>
          <div className="rxb-chart" role="img" aria-label="Server latency p50 and p95 per step in milliseconds. Figures in the table below.">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={serverLatency} accessibilityLayer={false}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="step" tick={{ fontSize: 12 }} />
                <YAxis unit=" ms" />
                <Tooltip />
                <Legend />
                <Bar dataKey="p50" name="Server p50" fill={MEDS} isAnimationActive={false} />
                <Bar dataKey="p95" name="Server p95" fill={SM} isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <table className="rxb-table">
            <caption>Latency in milliseconds (server: API response time; browser: time to the step on the page)</caption>
            <thead>
              <tr>
                <th scope="col">Step</th>
                <th scope="col">Server p50</th>
                <th scope="col">Server p95</th>
                <th scope="col">Browser p50</th>
                <th scope="col">Browser p95</th>
              </tr>
            </thead>
            <tbody>
              {serverLatency.map((r) => (
                <tr key={r.step}>
                  <th scope="row">{r.step}</th>
                  <td>{r.p50 ?? '—'}</td>
                  <td>{r.p95 ?? '—'}</td>
                  <td>{r.clientP50 ?? '—'}</td>
                  <td>{r.clientP95 ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>

          <h2>Feedback</h2>
          <p>{data.feedback.total} feedback submissions in this range.</p>
          {sentimentDays.length > 0 && (
            <div className="rxb-chart" role="img" aria-label="Feedback volume and average sentiment per day. Figures in the table below.">
              <ResponsiveContainer width="100%" height="100%">
                <LineChart data={sentimentDays} accessibilityLayer={false}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="day" />
                  <YAxis yAxisId="count" allowDecimals={false} />
                  <YAxis yAxisId="sentiment" orientation="right" domain={[-5, 5]} />
                  <Tooltip />
                  <Legend />
                  <Line yAxisId="count" dataKey="count" name="Submissions" stroke={MEDS} isAnimationActive={false} />
                  <Line yAxisId="sentiment" dataKey="sentiment" name="Average sentiment" stroke={SM} isAnimationActive={false} />
                </LineChart>
              </ResponsiveContainer>
            </div>
          )}
          <table className="rxb-table" data-testid="feedback-table">
            <caption>Recent feedback (comments are scrubbed of personal identifiers before storage)</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Page</th>
                <th scope="col">Product</th>
                <th scope="col">Rating</th>
                <th scope="col">Sentiment</th>
                <th scope="col">Comment</th>
              </tr>
            </thead>
            <tbody>
              {data.feedback.recent.length === 0 && (
                <tr>
                  <td colSpan={6}>No feedback in this range.</td>
                </tr>
              )}
              {data.feedback.recent.map((f) => (
                <tr key={f.id}>
                  <td>{new Date(f.createdAt).toLocaleString()}</td>
                  <td>{f.urlId}</td>
                  <td>{f.product}</td>
                  <td>{f.rating}</td>
                  <td>{f.sentiment ?? '—'}</td>
                  <td>{f.comment ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}

      <RolloutPanel />
    </>
  );
}
