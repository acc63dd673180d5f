import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { VaAlert, VaLoadingIndicator, VaTelephone } from '@department-of-veterans-affairs/web-components/react-bindings';
import { api, ApiError } from '../api/client';
import type { MedicationDetail } from '../api/types';
import { usePageTitle } from '../layout/usePageTitle';
import { formatDate } from './format';
import { MedicationActions } from './MedicationActions';
import { useRefill } from './useRefill';

export function PrescriptionPage() {
  const { prescriptionId: id = '' } = useParams();
  const [rx, setRx] = useState<MedicationDetail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  usePageTitle(rx ? `${rx.name} - Medications` : 'Prescription details');

  const load = useCallback(async () => {
    try {
      setRx(await api<MedicationDetail>('GET', `/api/medications/${encodeURIComponent(id)}`));
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'error', 'Something went wrong.'));
    }
  }, [id]);
  useEffect(() => void load(), [load]);
  const { refill, busy, outcome } = useRefill(load);

  if (error) {
    return (
      <>
        <h1>Prescription details</h1>
        <VaAlert status="error" visible>
          <h2 slot="headline">{error.status === 404 ? 'We can’t find that prescription' : 'We can’t access this prescription right now'}</h2>
          <p>{error.message}</p>
        </VaAlert>
        <p><Link to="/my-health/medications">Go back to your medications</Link></p>
      </>
    );
  }
  if (!rx) return <VaLoadingIndicator message="Loading your prescription..." />;

  return (
    <>
      <p><Link to="/my-health/medications">Back to medications</Link></p>
      <h1>{rx.name}</h1>
      {outcome && (
        <VaAlert status={outcome.status} visible>
          <p>{outcome.message}</p>
        </VaAlert>
      )}
      <h2>About your prescription</h2>
      <dl className="rxb-dl">
        <dt>Prescription number</dt><dd>{rx.isNonVa ? 'Non-VA medication' : rx.rxNumber}</dd>
        <dt>Status</dt><dd>{rx.statusLabel}</dd>
        <dt>Refills left</dt><dd>{rx.refillsRemaining}</dd>
        <dt>Instructions</dt><dd>{rx.instructions || 'None noted'}</dd>
        <dt>Quantity</dt><dd>{rx.quantity}</dd>
        <dt>Days of supply</dt><dd>{rx.daysSupply}</dd>
        <dt>Prescribed on</dt><dd>{formatDate(rx.issueDate)}</dd>
        <dt>Expires on</dt><dd>{formatDate(rx.expirationDate)}</dd>
        <dt>Prescribed by</dt><dd>{rx.prescriber?.name ?? 'None noted'}</dd>
        <dt>Facility</dt><dd>{rx.facility.name}</dd>
        <dt>Pharmacy phone</dt><dd><VaTelephone contact={rx.facility.phone.replace(/\D/g, '')} /></dd>
      </dl>
      <MedicationActions rx={rx} onRefill={(r) => void refill(r)} busy={busy} renewalLinkEnabled={rx.renewalLinkEnabled} />
      {rx.tracking && <ShipmentTracking tracking={rx.tracking} />}
      <h2>Refill history</h2>
      {rx.fills.length === 0 ? (
        <p>This prescription hasn’t been filled yet.</p>
      ) : (
        <ul>
          {rx.fills.map((f) => (
            <li key={f.fillNumber}>
              {f.fillNumber === 0 ? 'Original fill' : `Refill ${f.fillNumber}`}: {formatDate(f.fillDate)} (quantity {f.quantity})
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** Latest CMOP shipment: tracking number, carrier, ship date, and what else was in the package. */
function ShipmentTracking({ tracking }: { tracking: NonNullable<MedicationDetail['tracking']> }) {
  return (
    <section aria-labelledby="tracking-heading">
      <h2 id="tracking-heading">Tracking your shipment</h2>
      <dl className="rxb-dl">
        <dt>Tracking number</dt>
        <dd>
          {tracking.trackingNumber}
          {tracking.trackingUrl && (
            <>
              <br />
              <a href={tracking.trackingUrl} rel="noreferrer noopener" target="_blank">Track your package with {tracking.carrier}</a>
            </>
          )}
        </dd>
        <dt>Delivery service</dt><dd>{tracking.carrier ?? 'Not reported'}</dd>
        <dt>Shipped on</dt><dd>{tracking.shippedAt ? formatDate(tracking.shippedAt.slice(0, 10)) : 'Not reported'}</dd>
      </dl>
      {tracking.otherPrescriptions.length > 0 && (
        <>
          <h3>Other prescriptions in this package</h3>
          <ul>
            {tracking.otherPrescriptions.map((o) => (
              <li key={o.rxLast4 + o.medicationName}>{o.medicationName} (prescription number ending in {o.rxLast4})</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
