import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { VaAlert, VaLoadingIndicator } from '@department-of-veterans-affairs/web-components/react-bindings';
import { api, ApiError } from '../api/client';
import type { Medication, RenewalLinkRollout } from '../api/types';
import { usePageTitle } from '../layout/usePageTitle';
import { formatDate } from './format';
import { MedicationActions } from './MedicationActions';
import { RenewalSentAlert } from './RenewalSentAlert';
import { useRefill } from './useRefill';

export function MedicationsPage() {
  usePageTitle('Medications');
  const [meds, setMeds] = useState<Medication[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [renewalLinkEnabled, setRenewalLinkEnabled] = useState(false);

  const load = useCallback(async () => {
    try {
      const res = await api<{ medications: Medication[] } & RenewalLinkRollout>('GET', '/api/medications');
      setRenewalLinkEnabled(res.renewalLinkEnabled);
      setMeds(res.medications);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'We can’t access your medications right now.');
    }
  }, []);
  useEffect(() => void load(), [load]);
  const { refill, busy, outcome } = useRefill(load);

  return (
    <>
      <h1>Medications</h1>
      <p className="vads-u-font-size--lg">
        Refill and track your VA prescriptions. If a prescription has no refills left or expired recently, send a renewal
        request message to your care team.
      </p>
      <RenewalSentAlert />
      {outcome && (
        <VaAlert status={outcome.status} visible data-testid="refill-alert">
          <p>{outcome.message}</p>
        </VaAlert>
      )}
      {error && (
        <VaAlert status="error" visible>
          <h2 slot="headline">We can’t access your medications right now</h2>
          <p>{error}</p>
        </VaAlert>
      )}
      {!meds && !error && <VaLoadingIndicator message="Loading your medications..." />}
      {meds && (
        <>
          <h2>Your medications ({meds.length})</h2>
          {meds.length === 0 && <p>You don’t have any VA prescriptions on file.</p>}
          <ul className="usa-unstyled-list" aria-label="Medications">
            {meds.map((rx) => (
              <li key={rx.id} className="rxb-rx-card" data-testid="medication-card" data-rx-number={rx.rxNumber}>
                <h3>
                  <Link to={`/my-health/medications/prescription/${rx.id}`}>{rx.name}</Link>
                </h3>
                <dl className="rxb-dl">
                  <dt>Prescription number</dt>
                  <dd>{rx.isNonVa ? 'Non-VA medication' : rx.rxNumber}</dd>
                  <dt>Status</dt>
                  <dd data-testid="status">{rx.statusLabel}</dd>
                  <dt>Last filled</dt>
                  <dd>{formatDate(rx.lastFillDate)}</dd>
                  <dt>Refills left</dt>
                  <dd>{rx.refillsRemaining}</dd>
                  <dt>Facility</dt>
                  <dd>{rx.facility.name}</dd>
                </dl>
                <MedicationActions rx={rx} onRefill={(r) => void refill(r)} busy={busy} renewalLinkEnabled={renewalLinkEnabled} />
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
