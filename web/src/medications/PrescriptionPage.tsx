import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { VaAlert, VaLoadingIndicator } from '@department-of-veterans-affairs/web-components/react-bindings';
import { api, ApiError } from '../api/client';
import type { MedicationDetail } from '../api/types';
import { detailFields, formatLongDate, trackingFields } from '../../../src/shared/medication-fields';
import { carrierDisplayName, carrierTrackingUrl } from '../../../src/shared/carriers';
import { usePageTitle } from '../layout/usePageTitle';
import { Fields } from './Fields';
import { MedicationActions, renewalLinkShown } from './MedicationActions';
import { PrintDownload } from './PrintDownload';
import { StatusDropdown, StatusSentence } from './StatusInfo';
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
        <p>
          <Link to="/my-health/medications">Go back to your medications</Link>
        </p>
      </>
    );
  }
  if (!rx) return <VaLoadingIndicator message="Loading your prescription..." />;
  const pending = rx.status === 'pending_new' || rx.status === 'pending_renewal';

  return (
    <>
      <p>
        <Link to="/my-health/medications">Back to medications</Link>
      </p>
      <h1>{rx.name}</h1>
      <PrintDownload exportUrl={`/api/medications/${rx.id}/export`} printPath={`/my-health/medications/prescription/${rx.id}/print`} list={false} />
      {outcome && (
        <VaAlert status={outcome.status} visible>
          <p>{outcome.message}</p>
        </VaAlert>
      )}
      <MedicationActions rx={rx} onRefill={(r) => void refill(r)} busy={busy} renewalLinkEnabled={rx.renewalLinkEnabled} />
      {rx.tracking && <TrackingInfo tracking={rx.tracking} />}
      <h2>{pending ? 'About this prescription' : 'Most recent prescription'}</h2>
      <Fields fields={detailFields(rx)} testId="detail-fields" />
      <StatusSentence rx={rx} renewalLinkShown={renewalLinkShown(rx, rx.renewalLinkEnabled)} />
      <StatusDropdown label={rx.statusLabel} />
      <h2>Refill history</h2>
      {rx.fills.length === 0 ? (
        <p>This prescription hasn’t been filled yet.</p>
      ) : (
        <>
          <p>
            Showing {rx.fills.length} fill{rx.fills.length === 1 ? '' : 's'}, from newest to oldest
          </p>
          <ul>
            {rx.fills.map((f) => (
              <li key={f.fillNumber}>
                {f.fillNumber === 0 ? 'Original fill' : `Refill ${f.fillNumber}`}: {formatLongDate(f.fillDate)} (quantity {f.quantity})
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** VA.gov TrackingInfo: tracking number, carrier link, delivery details, the other prescriptions in the package. */
function TrackingInfo({ tracking }: { tracking: NonNullable<MedicationDetail['tracking']> }) {
  const url = carrierTrackingUrl(tracking.carrier, tracking.trackingNumber);
  const carrier = carrierDisplayName(tracking.carrier);
  return (
    <section aria-labelledby="tracking-heading" className="rxb-tracking" data-testid="tracking">
      <h2 id="tracking-heading" className="vads-u-margin-top--0">
        Track your package
      </h2>
      <p className="vads-u-margin-y--1">
        <strong>Tracking number:</strong>{' '}
        {url ? (
          <a href={url} target="_blank" rel="noopener noreferrer" data-testid="carrier-link">
            {tracking.trackingNumber} (Track your package with {carrier}, opens in a new tab)
          </a>
        ) : (
          tracking.trackingNumber
        )}
      </p>
      <h3>Delivery details</h3>
      <Fields fields={trackingFields(tracking).filter(([l]) => l !== 'Tracking number')} />
      {tracking.otherPrescriptions.length > 0 && (
        <>
          <h3>Prescriptions in this package</h3>
          <ul>
            {tracking.otherPrescriptions.map((o) => (
              <li key={o.rxLast4 + o.medicationName}>
                {o.medicationName} (prescription number ending in {o.rxLast4})
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
