/**
 * Rx tracking operations (role ops): counts per status, which system e-mails each station (the
 * legacy MHV switch), rejected HL7/FHIR messages with replay, and recent shipments with their
 * VA Notify and AAL status. No patient identifiers are shown.
 */
import { useCallback, useEffect, useState } from 'react';
import { VaAlert, VaButton } from '@department-of-veterans-affairs/web-components/react-bindings';
import { api, ApiError } from '../api/client';
import { usePageTitle } from '../layout/usePageTitle';

interface Summary { shipmentEmails: Record<string, number>; messages: Record<string, number>; aalEvents: Record<string, number> }
interface Station { station_number: string; sender: 'mhv_legacy' | 'va_notify'; changed_by: string; changed_at: string }
interface Message { id: number; received_at: string; source: string; format: string; status: string; error_code: string | null; error_message: string | null; duplicate_count: number; replay_count: number }
interface Shipment { id: string; station_number: string; tracking_number: string; carrier: string | null; email_sender: string; email_status: string; status_reason: string | null; attempts: number; aal_status: string | null; items: number; created_at: string }

const SENDER_LABEL = { va_notify: 'rxbridge (VA Notify)', mhv_legacy: 'Legacy MHV e-mail' } as const;

function Counts({ title, counts }: { title: string; counts: Record<string, number> }) {
  const entries = Object.entries(counts);
  return (
    <div>
      <h3>{title}</h3>
      {entries.length === 0 ? <p>None yet.</p> : (
        <ul>{entries.map(([k, v]) => <li key={k}>{k}: <strong>{v}</strong></li>)}</ul>
      )}
    </div>
  );
}

export function TrackingOpsPage() {
  usePageTitle('Rx tracking operations');
  const [summary, setSummary] = useState<Summary | null>(null);
  const [stations, setStations] = useState<Station[]>([]);
  const [rejected, setRejected] = useState<Message[]>([]);
  const [shipments, setShipments] = useState<Shipment[]>([]);
  const [notice, setNotice] = useState<{ status: 'success' | 'error'; text: string } | null>(null);
  const [newStation, setNewStation] = useState('');

  const load = useCallback(async () => {
    const [s, st, m, sh] = await Promise.all([
      api<Summary>('GET', '/api/tracking/summary'),
      api<{ stations: Station[] }>('GET', '/api/tracking/stations'),
      api<{ messages: Message[] }>('GET', '/api/tracking/messages?status=rejected&limit=50'),
      api<{ shipments: Shipment[] }>('GET', '/api/tracking/shipments?limit=50'),
    ]);
    setSummary(s);
    setStations(st.stations);
    setRejected(m.messages);
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
  const setSender = (station: string, sender: Station['sender']) =>
    act(async () => {
      await api('PUT', `/api/tracking/stations/${encodeURIComponent(station)}/email-sender`, { sender });
      return `Station ${station} now uses ${SENDER_LABEL[sender]} for new shipments.`;
    });
  const replay = (id: number) =>
    act(async () => {
      const r = await api<{ ack: string; text: string }>('POST', `/api/tracking/messages/${id}/replay`, {});
      return `Message ${id}: ${r.ack === 'AA' ? 'accepted' : `still rejected (${r.text})`}.`;
    });

  return (
    <>
      <h1>Rx tracking operations</h1>
      {notice && <VaAlert status={notice.status} visible><p>{notice.text}</p></VaAlert>}
      <h2>Status counts</h2>
      {summary && (
        <div className="vads-l-row">
          <Counts title="Shipment e-mails" counts={summary.shipmentEmails} />
          <Counts title="Inbound messages" counts={summary.messages} />
          <Counts title="AAL events" counts={summary.aalEvents} />
        </div>
      )}

      <h2>Who e-mails each station’s shipments</h2>
      <p>A shipment keeps the sender chosen when it was created, so switching a station never sends two e-mails.</p>
      <table className="usa-table">
        <caption className="vads-u-visibility--screen">Station e-mail senders</caption>
        <thead><tr><th scope="col">Station</th><th scope="col">Sender</th><th scope="col">Changed</th><th scope="col">Action</th></tr></thead>
        <tbody>
          {stations.map((s) => {
            const other = s.sender === 'va_notify' ? 'mhv_legacy' : 'va_notify';
            return (
              <tr key={s.station_number}>
                <td>{s.station_number}</td>
                <td>{SENDER_LABEL[s.sender]}</td>
                <td>{new Date(s.changed_at).toLocaleString()}</td>
                <td><VaButton secondary text={`Switch ${s.station_number} to ${SENDER_LABEL[other]}`} onClick={() => void setSender(s.station_number, other)} /></td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void setSender(newStation.trim(), 'va_notify');
        }}
      >
        <label htmlFor="new-station">Station number to move to rxbridge e-mails</label>
        <input id="new-station" name="station" value={newStation} onChange={(e) => setNewStation(e.target.value)} pattern="[0-9]{3}[A-Z0-9]{0,3}" />
        <button type="submit" className="usa-button">Use rxbridge for this station</button>
      </form>

      <h2>Rejected messages</h2>
      {rejected.length === 0 ? <p>No rejected messages.</p> : (
        <table className="usa-table">
          <caption className="vads-u-visibility--screen">Rejected inbound messages</caption>
          <thead><tr><th scope="col">Id</th><th scope="col">Received</th><th scope="col">Source</th><th scope="col">Reason</th><th scope="col">Replays</th><th scope="col">Action</th></tr></thead>
          <tbody>
            {rejected.map((m) => (
              <tr key={m.id}>
                <td>{m.id}</td>
                <td>{new Date(m.received_at).toLocaleString()}</td>
                <td>{m.source} ({m.format})</td>
                <td>{m.error_code}: {m.error_message}</td>
                <td>{m.replay_count}</td>
                <td><VaButton secondary text={`Replay message ${m.id}`} onClick={() => void replay(m.id)} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>Recent shipments</h2>
      {shipments.length === 0 ? <p>No shipments yet.</p> : (
        <table className="usa-table">
          <caption className="vads-u-visibility--screen">Recent shipments</caption>
          <thead><tr><th scope="col">Station</th><th scope="col">Tracking number</th><th scope="col">Items</th><th scope="col">E-mail</th><th scope="col">Reason</th><th scope="col">Attempts</th><th scope="col">AAL</th></tr></thead>
          <tbody>
            {shipments.map((s) => (
              <tr key={s.id}>
                <td>{s.station_number}</td>
                <td>{s.carrier ? `${s.carrier} ` : ''}{s.tracking_number}</td>
                <td>{s.items}</td>
                <td>{s.email_status}</td>
                <td>{s.status_reason ?? ''}</td>
                <td>{s.attempts}</td>
                <td>{s.aal_status ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
