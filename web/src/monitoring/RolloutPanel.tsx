/** Staged-rollout controls (ops): stage, state, pause / resume / advance / roll back with a reason, audit trail, notifications. */
import { useCallback, useEffect, useId, useState } from 'react';
import { VaAlert } from '@department-of-veterans-affairs/web-components/react-bindings';
import { api, ApiError } from '../api/client';
import type { Rollout } from '../../../src/shared/api/monitoring';

const ACTIONS = [
  { action: 'pause', label: 'Pause rollout', when: (r: Rollout) => r.state === 'active' },
  { action: 'resume', label: 'Resume rollout', when: (r: Rollout) => r.state === 'paused' },
  { action: 'advance', label: 'Advance to next stage', when: (r: Rollout) => r.state !== 'paused' && r.percent < 100 },
  { action: 'rollback', label: 'Roll back (hide link)', when: (r: Rollout) => r.state !== 'rolled_back' },
] as const;

const STATE_LABEL = { active: 'Active', paused: 'Paused (link hidden, stage kept)', rolled_back: 'Rolled back (link hidden)' };

export function RolloutPanel() {
  const id = useId();
  const [rollout, setRollout] = useState<Rollout | null>(null);
  const [reason, setReason] = useState('');
  const [notice, setNotice] = useState<{ status: 'success' | 'error'; text: string } | null>(null);

  const load = useCallback(async () => setRollout(await api<Rollout>('GET', '/api/monitoring/rollout')), []);
  useEffect(() => {
    load().catch(() => setNotice({ status: 'error', text: 'We can’t load the rollout state.' }));
  }, [load]);

  async function act(action: string) {
    try {
      setRollout(await api<Rollout>('POST', `/api/monitoring/rollout/${action}`, { reason }));
      setReason('');
      setNotice({ status: 'success', text: `Rollout ${action} recorded.` });
    } catch (err) {
      setNotice({
        status: 'error',
        text: err instanceof ApiError ? (err.fieldError('body.reason') ? 'Enter a reason (at least 3 characters).' : err.message) : 'That did not work.',
      });
    }
  }

  return (
    <section aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Staged rollout: renewal link</h2>
      {notice && (
        <VaAlert status={notice.status} visible>
          <p>{notice.text}</p>
        </VaAlert>
      )}
      {rollout && (
        <>
          <p data-testid="rollout-state">
            Flag <code>{rollout.flag}</code>: <strong>{rollout.percent}%</strong> of Veterans — {STATE_LABEL[rollout.state]}. Stages:{' '}
            {rollout.stages.join('% → ')}%.
          </p>
          <label htmlFor={`${id}-reason`}>Reason for the change (recorded in the audit trail)</label>
          <input id={`${id}-reason`} type="text" className="usa-input" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
          <p>
            {ACTIONS.filter((a) => a.when(rollout)).map((a) => (
              <button key={a.action} type="button" className="usa-button usa-button--secondary" onClick={() => void act(a.action)}>
                {a.label}
              </button>
            ))}
          </p>
          <table className="rxb-table">
            <caption>Rollout audit trail (who, what, why)</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Action</th>
                <th scope="col">By</th>
                <th scope="col">Stage</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {rollout.audit.length === 0 && (
                <tr>
                  <td colSpan={5}>No changes yet.</td>
                </tr>
              )}
              {rollout.audit.map((a) => (
                <tr key={a.id}>
                  <td>{new Date(a.createdAt).toLocaleString()}</td>
                  <td>{a.action}</td>
                  <td>{a.actor}</td>
                  <td>
                    {a.fromPercent}% {a.fromState} → {a.toPercent}% {a.toState}
                  </td>
                  <td>{a.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="rxb-table">
            <caption>Notifications to owning teams</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Team</th>
                <th scope="col">Channel</th>
                <th scope="col">Severity</th>
                <th scope="col">Title</th>
              </tr>
            </thead>
            <tbody>
              {rollout.notifications.length === 0 && (
                <tr>
                  <td colSpan={5}>No notifications.</td>
                </tr>
              )}
              {rollout.notifications.map((n) => (
                <tr key={n.id}>
                  <td>{new Date(n.createdAt).toLocaleString()}</td>
                  <td>{n.team}</td>
                  <td>{n.channel}</td>
                  <td>{n.severity}</td>
                  <td>{n.title}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
