/** Success-criteria report (plan §5), role ops: the same figures as GET /api/monitoring/report. */
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import { usePageTitle } from '../layout/usePageTitle';
import { pct, rangeQuery, type RangeKey } from './range';
import { RangeSelector } from './RangeSelector';
import type { Report } from '../../../src/shared/api/monitoring';
import './monitoring.css';

export function ReportPage() {
  usePageTitle('Renewal flow success criteria');
  const [range, setRange] = useState<{ range: RangeKey; from: string; to: string }>({ range: '7d', from: '', to: '' });
  const [report, setReport] = useState<Report | null>(null);
  const query = rangeQuery(range.range, range.from, range.to);
  useEffect(() => {
    if (query) void api<Report>('GET', `/api/monitoring/report?${query}`).then(setReport, () => setReport(null));
  }, [query]);

  return (
    <>
      <h1>Renewal flow success criteria</h1>
      <p>
        <Link to="/ops/monitoring">Back to monitoring</Link> · <a href={`/api/monitoring/report?${query ?? ''}`}>This report as JSON</a>
      </p>
      <RangeSelector {...range} onChange={setRange} />
      {report && (
        <>
          <h2>API success and error rates</h2>
          <table className="rxb-table">
            <caption>Flow API outcomes by owning product</caption>
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col">Requests</th>
                <th scope="col">Errors</th>
                <th scope="col">Success rate</th>
              </tr>
            </thead>
            <tbody>
              {(['overall', 'meds', 'sm'] as const).map((k) => (
                <tr key={k}>
                  <th scope="row">{k === 'overall' ? 'All' : k === 'meds' ? 'Medications' : 'Secure Messaging'}</th>
                  <td>{report.api[k].requests}</td>
                  <td>{report.api[k].errors}</td>
                  <td>{pct(report.api[k].successRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>Per-step real-user figures</h2>
          <table className="rxb-table">
            <caption>Sessions, conversion, drop-off, browser errors and time to step</caption>
            <thead>
              <tr>
                <th scope="col">Step</th>
                <th scope="col">Product</th>
                <th scope="col">Sessions</th>
                <th scope="col">Conversion</th>
                <th scope="col">Drop-off</th>
                <th scope="col">Browser errors</th>
                <th scope="col">p50 ms</th>
                <th scope="col">p95 ms</th>
              </tr>
            </thead>
            <tbody>
              {report.rum.map((r) => (
                <tr key={r.step}>
                  <th scope="row">{r.step}</th>
                  <td>{r.product}</td>
                  <td>{r.sessions}</td>
                  <td>{pct(r.conversion)}</td>
                  <td>{pct(r.dropOff)}</td>
                  <td>{r.clientErrors}</td>
                  <td>{r.p50Ms ?? '—'}</td>
                  <td>{r.p95Ms ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>Attribution of errors</h2>
          <p>
            {report.attribution.flowErrors} flow errors; {pct(report.attribution.shareAttributedToProduct)} attributed to a product,{' '}
            {pct(report.attribution.shareAttributedToStep)} to a funnel step. API errors outside the flow registry since this server started:{' '}
            {report.attribution.unattributedApiErrorsSinceStart}.
          </p>
          <h2>Feedback sentiment trend</h2>
          <table className="rxb-table">
            <caption>Feedback per day and product ({report.sentiment.total} in total)</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Product</th>
                <th scope="col">Submissions</th>
                <th scope="col">Average rating</th>
                <th scope="col">Average sentiment</th>
              </tr>
            </thead>
            <tbody>
              {report.sentiment.trend.length === 0 && (
                <tr>
                  <td colSpan={5}>No feedback in this range.</td>
                </tr>
              )}
              {report.sentiment.trend.map((d) => (
                <tr key={`${d.day}-${d.product}`}>
                  <td>{d.day}</td>
                  <td>{d.product}</td>
                  <td>{d.count}</td>
                  <td>{d.avgRating}</td>
                  <td>{d.avgSentiment ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            Rollout: {report.rollout.percent}% ({report.rollout.state}).
          </p>
        </>
      )}
    </>
  );
}
