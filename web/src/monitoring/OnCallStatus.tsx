/**
 * The first thing on /ops and /ops/monitoring: the rollout's state (a banner when paused or
 * rolled back, with who did it and when), the guard's last decision, and alerts Alertmanager
 * reported (firing first). Reads GET /api/monitoring/status; refreshes every 30 s.
 */
import { useEffect, useState } from 'react';
import { VaAlert } from '@department-of-veterans-affairs/web-components/react-bindings';
import { api, ApiError } from '../api/client';
import type { MonitoringStatus } from '../../../src/shared/api/monitoring';

const STATE_TEXT = {
  active: 'active',
  paused: 'paused — the renewal link is hidden for every Veteran',
  rolled_back: 'rolled back — the renewal link is hidden and the stage reset to 0%',
};

export function OnCallStatus({ refreshKey = 0 }: { refreshKey?: number }) {
  const [status, setStatus] = useState<MonitoringStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const load = async () => {
      try {
        const s = await api<MonitoringStatus>('GET', '/api/monitoring/status');
        if (live) {
          setStatus(s);
          setError(null);
        }
      } catch (err) {
        if (live) setError(err instanceof ApiError ? err.message : 'We can’t load the rollout status right now.');
      }
    };
    void load();
    const timer = window.setInterval(() => void load(), 30_000);
    return () => {
      live = false;
      window.clearInterval(timer);
    };
  }, [refreshKey]);

  if (error)
    return (
      <VaAlert status="error" visible>
        <p>{error}</p>
      </VaAlert>
    );
  if (!status) return <p role="status">Loading rollout status…</p>;
  const { rollout, lastGuardRun, alerts } = status;
  const firing = alerts.filter((a) => a.status === 'firing');
  const changed = rollout.updatedAt ? ` Changed ${new Date(rollout.updatedAt).toLocaleString()} by ${rollout.updatedBy ?? 'unknown'}.` : '';
  return (
    <section aria-labelledby="oncall-status-heading" className="rxb-oncall" data-testid="oncall-status">
      <h2 id="oncall-status-heading">Rollout status</h2>
      {rollout.state === 'active' ? (
        <p data-testid="oncall-rollout">
          Renewal link rollout:{' '}
          <strong>
            {STATE_TEXT.active} at {rollout.percent}%
          </strong>{' '}
          of Veterans.{changed}
        </p>
      ) : (
        <VaAlert status={rollout.state === 'rolled_back' ? 'error' : 'warning'} visible data-testid="rollout-banner">
          <h3 slot="headline">Renewal link rollout {rollout.state === 'rolled_back' ? 'rolled back' : 'paused'}</h3>
          <p data-testid="oncall-rollout">
            The rollout is {STATE_TEXT[rollout.state]} (stage {rollout.percent}%).{changed}
          </p>
        </VaAlert>
      )}
      {lastGuardRun && (
        <p>
          Last guard decision ({new Date(lastGuardRun.createdAt).toLocaleString()}): <strong>{lastGuardRun.action}</strong>. {lastGuardRun.summary}
        </p>
      )}
      <h3>Active alerts</h3>
      {firing.length === 0 ? (
        <p data-testid="no-alerts">No alert is firing.</p>
      ) : (
        <ul data-testid="alerts">
          {firing.map((a) => (
            <li key={a.fingerprint}>
              <strong>{a.alertname}</strong> ({a.severity}, {a.team}) since {new Date(a.startsAt).toLocaleString()}: {a.summary}
              {a.pausedRollout ? ' — paused the rollout' : ''}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
