/**
 * Rx tracking operations (role ops): every outcome of the pipeline, visibly. Per status, counts
 * and the age of the oldest item; rejected messages with the field at fault and a replay; parse
 * warnings; soft-failed e-mails with their attempts and an audited re-send; per-station MHV
 * cut-over (state, shipments waiting, who confirmed MHV's sending off and when, actions); recent
 * shipments. No patient identifiers are shown.
 */
import { useCallback, useEffect, useState } from 'react';
import { VaAlert, VaButton } from '@department-of-veterans-affairs/web-components/react-bindings';
import { api, ApiError } from '../api/client';
import { usePageTitle } from '../layout/usePageTitle';
import type {
  CutoverActionAnswer,
  CutoverOverview,
  CutoverState,
  IngestAnswer,
  MessagesAnswer,
  ShipmentsAnswer,
  StationCutover,
  StatusRow,
  TrackingMessage,
  TrackingOverview,
  TrackingShipment,
} from '../../../src/shared/api/tracking';

const STATE_LABEL: Record<CutoverState, string> = {
  unconfigured: 'Unconfigured',
  legacy: 'Legacy MHV e-mail',
  'cutover-pending': 'Cut-over pending (e-mails held)',
  rxbridge: 'rxbridge (VA Notify)',
};

/** "3 min", "2 h 5 min", "4 d 1 h". */
export function formatAge(seconds: number | null): string {
  if (seconds === null) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

function StatusTable({ caption, rows }: { caption: string; rows: StatusRow[] }) {
  return (
    <div className="rxb-ops-scroll" tabIndex={0} role="region" aria-label="Scrollable table">
      <table className="usa-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Count</th>
            <th scope="col">Oldest</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={3}>None yet.</td>
            </tr>
          ) : (
            rows.map((r) => (
              <tr key={r.status}>
                <td>{r.status}</td>
                <td>{r.count}</td>
                <td>{formatAge(r.oldest_age_seconds)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

export function TrackingOpsPage() {
  usePageTitle('Rx tracking operations');
  const [overview, setOverview] = useState<TrackingOverview | null>(null);
  const [stations, setStations] = useState<StationCutover[]>([]);
  const [rejected, setRejected] = useState<TrackingMessage[]>([]);
  const [warned, setWarned] = useState<TrackingMessage[]>([]);
  const [shipments, setShipments] = useState<TrackingShipment[]>([]);
  const [notice, setNotice] = useState<{ status: 'success' | 'error'; text: string } | null>(null);
  const [confirmStation, setConfirmStation] = useState('');
  const [offAt, setOffAt] = useState('');
  const [confirmed, setConfirmed] = useState(false);

  const load = useCallback(async () => {
    const [o, c, r, a, sh] = await Promise.all([
      api<TrackingOverview>('GET', '/api/tracking/overview'),
      api<CutoverOverview>('GET', '/api/tracking/cutover'),
      api<MessagesAnswer>('GET', '/api/tracking/messages?status=rejected&limit=50'),
      api<MessagesAnswer>('GET', '/api/tracking/messages?status=accepted&limit=200'),
      api<ShipmentsAnswer>('GET', '/api/tracking/shipments?limit=50'),
    ]);
    setOverview(o);
    setStations(c.stations);
    setRejected(r.messages);
    setWarned(a.messages.filter((m) => m.warnings.length > 0));
    setShipments(sh.shipments);
  }, []);
  useEffect(() => {
    load().catch(() => setNotice({ status: 'error', text: 'We can’t load tracking data right now.' }));
  }, [load]);

  const act = async (what: () => Promise<string>) => {
    try {
      setNotice({ status: 'success', text: await what() });
    } catch (err) {
      setNotice({ status: 'error', text: err instanceof ApiError ? err.message : 'That did not work. Try again.' });
    }
    await load().catch(() => undefined);
  };
  const cutover = (station: string, body: Record<string, unknown>) =>
    act(async () => {
      const r = await api<CutoverActionAnswer>('POST', `/api/tracking/stations/${encodeURIComponent(station)}/cutover`, body);
      return `Station ${station}: ${STATE_LABEL[r.to]}. Held shipments sent by rxbridge: ${r.sentByRxbridge}; released to legacy: ${r.releasedToLegacy}.`;
    });
  const replay = (id: number) =>
    act(async () => {
      const r = await api<IngestAnswer>('POST', `/api/tracking/messages/${id}/replay`, {});
      return `Message ${id}: ${r.ack === 'AA' ? 'accepted' : `still rejected (${r.text})`}.`;
    });
  const resend = (id: string) =>
    act(async () => {
      await api('POST', `/api/tracking/emails/${id}/resend`, {});
      return 'Re-send scheduled; your name and the time are recorded.';
    });

  return (
    <>
      <h1>Rx tracking operations</h1>
      {notice && (
        <VaAlert status={notice.status} visible>
          <p>{notice.text}</p>
        </VaAlert>
      )}

      <h2>Pipeline by status</h2>
      {overview && (
        <div className="rxb-ops-grid">
          <StatusTable caption="Inbound messages" rows={overview.messages} />
          <StatusTable caption="Shipment e-mails" rows={overview.shipmentEmails} />
          <StatusTable caption="AAL events" rows={overview.aalEvents} />
        </div>
      )}

      <h2>MHV cut-over by station</h2>
      <p>
        A station moves to rxbridge e-mails only after MHV’s own shipment e-mails are confirmed off for it. While the cut-over is pending, rxbridge holds its
        e-mails; each held shipment is sent once by rxbridge on go-live, or released to legacy on rollback.
      </p>
      <div className="rxb-ops-scroll" tabIndex={0} role="region" aria-label="Scrollable table">
        <table className="usa-table">
          <caption>Station cut-over state</caption>
          <thead>
            <tr>
              <th scope="col">Station</th>
              <th scope="col">State</th>
              <th scope="col">Held shipments</th>
              <th scope="col">MHV e-mails off</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {stations.map((s) => (
              <tr key={s.station_number}>
                <td>{s.station_number}</td>
                <td>{s.state === 'unconfigured' ? `Unconfigured, ${s.held} shipment${s.held === 1 ? '' : 's'} waiting` : STATE_LABEL[s.state]}</td>
                <td>{s.held}</td>
                <td>
                  {s.mhv_off_confirmed_by
                    ? `Since ${new Date(s.mhv_sending_off_at!).toLocaleString()} (confirmed by ${s.mhv_off_confirmed_by}, ${new Date(s.mhv_off_confirmed_at!).toLocaleString()})`
                    : '—'}
                </td>
                <td>
                  {(s.state === 'unconfigured' || s.state === 'legacy') && (
                    <VaButton secondary text={`Begin cut-over for ${s.station_number}`} onClick={() => void cutover(s.station_number, { action: 'begin' })} />
                  )}
                  {s.state === 'unconfigured' && (
                    <VaButton secondary text={`Keep ${s.station_number} on legacy`} onClick={() => void cutover(s.station_number, { action: 'set-legacy' })} />
                  )}
                  {(s.state === 'cutover-pending' || s.state === 'rxbridge') && (
                    <VaButton
                      secondary
                      text={`Roll back ${s.station_number} to legacy`}
                      onClick={() => void cutover(s.station_number, { action: 'rollback' })}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form
        className="rxb-ops-form"
        onSubmit={(e) => {
          e.preventDefault();
          void cutover(confirmStation.trim(), {
            action: 'confirm-mhv-off',
            mhvSendingOffAt: offAt ? new Date(offAt).toISOString() : '',
            confirmMhvSendingOff: confirmed,
          });
        }}
      >
        <h3>Go live: confirm MHV’s e-mails are off</h3>
        <label htmlFor="confirm-station">Station number (cut-over pending)</label>
        <input
          id="confirm-station"
          name="station"
          value={confirmStation}
          onChange={(e) => setConfirmStation(e.target.value)}
          pattern="[0-9]{3}[A-Z0-9]{0,3}"
          required
        />
        <label htmlFor="mhv-off-at">MHV stopped sending from (date and time)</label>
        <input id="mhv-off-at" name="mhvSendingOffAt" type="datetime-local" value={offAt} onChange={(e) => setOffAt(e.target.value)} required />
        <div className="usa-checkbox">
          <input className="usa-checkbox__input" id="mhv-off-confirm" type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
          <label className="usa-checkbox__label" htmlFor="mhv-off-confirm">
            I confirm MHV’s own shipment e-mails are off for this station
          </label>
        </div>
        <button type="submit" className="usa-button">
          Switch station to rxbridge
        </button>
      </form>

      <h2>Soft-failed e-mails</h2>
      {!overview || overview.softFailedEmails.length === 0 ? (
        <p>No soft-failed e-mails.</p>
      ) : (
        <div className="rxb-ops-scroll" tabIndex={0} role="region" aria-label="Scrollable table">
          <table className="usa-table">
            <caption>E-mails VA Notify could not deliver for now (temporary-failure)</caption>
            <thead>
              <tr>
                <th scope="col">Station</th>
                <th scope="col">Reason</th>
                <th scope="col">Attempts</th>
                <th scope="col">Replays</th>
                <th scope="col">Since</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {overview.softFailedEmails.map((e) => (
                <tr key={e.id}>
                  <td>{e.station_number}</td>
                  <td>{e.status_reason ?? ''}</td>
                  <td>
                    {e.attempts} ({e.notifications} sent)
                  </td>
                  <td>
                    {e.resends}
                    {e.operator_resends ? ` (${e.operator_resends} by operators)` : ''}
                  </td>
                  <td>{new Date(e.updated_at).toLocaleString()}</td>
                  <td>
                    <VaButton
                      secondary
                      text="Re-send now"
                      label={`Re-send e-mail for station ${e.station_number}, updated ${new Date(e.updated_at).toLocaleString()}`}
                      onClick={() => void resend(e.id)}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>Rejected messages</h2>
      {rejected.length === 0 ? (
        <p>No rejected messages.</p>
      ) : (
        <div className="rxb-ops-scroll" tabIndex={0} role="region" aria-label="Scrollable table">
          <table className="usa-table">
            <caption>Rejected inbound messages (answered AE/AR; replay after a corrected resend or a fix)</caption>
            <thead>
              <tr>
                <th scope="col">Id</th>
                <th scope="col">Received</th>
                <th scope="col">Source</th>
                <th scope="col">Field</th>
                <th scope="col">Reason</th>
                <th scope="col">Replays</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {rejected.map((m) => (
                <tr key={m.id}>
                  <td>{m.id}</td>
                  <td>{new Date(m.received_at).toLocaleString()}</td>
                  <td>
                    {m.source} ({m.format})
                  </td>
                  <td>{m.error_location ?? '—'}</td>
                  <td>
                    {m.error_code}: {m.error_message}
                  </td>
                  <td>{m.replay_count}</td>
                  <td>
                    <VaButton secondary text={`Replay message ${m.id}`} onClick={() => void replay(m.id)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>Accepted with parse warnings</h2>
      {warned.length === 0 ? (
        <p>No warnings.</p>
      ) : (
        <div className="rxb-ops-scroll" tabIndex={0} role="region" aria-label="Scrollable table">
          <table className="usa-table">
            <caption>Accepted messages whose parser noted something</caption>
            <thead>
              <tr>
                <th scope="col">Id</th>
                <th scope="col">Received</th>
                <th scope="col">Warnings</th>
              </tr>
            </thead>
            <tbody>
              {warned.map((m) => (
                <tr key={m.id}>
                  <td>{m.id}</td>
                  <td>{new Date(m.received_at).toLocaleString()}</td>
                  <td>
                    <ul>
                      {m.warnings.map((w) => (
                        <li key={w}>{w}</li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>Recent shipments</h2>
      {shipments.length === 0 ? (
        <p>No shipments yet.</p>
      ) : (
        <div className="rxb-ops-scroll" tabIndex={0} role="region" aria-label="Scrollable table">
          <table className="usa-table">
            <caption>Recent shipments</caption>
            <thead>
              <tr>
                <th scope="col">Station</th>
                <th scope="col">Tracking number</th>
                <th scope="col">Items</th>
                <th scope="col">E-mail</th>
                <th scope="col">Reason</th>
                <th scope="col">Attempts</th>
                <th scope="col">AAL</th>
              </tr>
            </thead>
            <tbody>
              {shipments.map((s) => (
                <tr key={s.id}>
                  <td>{s.station_number}</td>
                  <td>
                    {s.carrier ? `${s.carrier} ` : ''}
                    {s.tracking_number}
                  </td>
                  <td>{s.items}</td>
                  <td>{s.email_status}</td>
                  <td>{s.status_reason ?? ''}</td>
                  <td>{s.attempts}</td>
                  <td>{s.aal_status ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
