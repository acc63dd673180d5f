/**
 * Secure Messaging interstitial (the renewal link's destination): urgent-help guidance before a
 * Veteran composes. With `?prescriptionId=` it is the renewal variant: it confirms the prescription
 * is the Veteran's and renewable before letting them continue.
 */
import { Link, useSearchParams } from 'react-router-dom';
import { VaAlert, VaLoadingIndicator, VaTelephone } from '@department-of-veterans-affairs/web-components/react-bindings';
import { usePageTitle } from '../layout/usePageTitle';
import { MESSAGES_CRUMB, SmBreadcrumbs } from './SmBreadcrumbs';
import { RenewalError } from './RenewalError';
import { SM_PATHS, withRx } from './paths';
import { useRenewalContext } from './useRenewalContext';

export function NewMessagePage() {
  usePageTitle('Only use messages for non-urgent needs - Messages');
  const [params] = useSearchParams();
  const prescriptionId = params.get('prescriptionId');
  const { context, error, loading } = useRenewalContext(prescriptionId);

  return (
    <>
      <SmBreadcrumbs crumbs={[MESSAGES_CRUMB, { href: withRx(SM_PATHS.interstitial, prescriptionId), label: 'Start a new message' }]} />
      <h1>Only use messages for non-urgent needs</h1>
      {prescriptionId && loading && <VaLoadingIndicator message="Loading your prescription..." />}
      {prescriptionId && error && <RenewalError error={error} />}
      {(!prescriptionId || context) && (
        <>
          {context && (
            <VaAlert status="info" visible data-testid="renewal-summary">
              <h2 slot="headline">You’re requesting a renewal</h2>
              <p>
                Medication: <strong>{context.prescription.name}</strong>
                <br />
                Prescription number: {context.prescription.rxNumber}
              </p>
              <p>Next, you’ll choose a care team. Then we’ll fill in the details of this prescription for you.</p>
            </VaAlert>
          )}
          <p className="vads-u-font-size--lg">Your care team may take up to 3 business days to reply.</p>
          <h2>If you need help sooner</h2>
          <ul>
            <li>
              <strong>If you’re in crisis or having thoughts of suicide,</strong> call the Veterans Crisis Line. Call{' '}
              <VaTelephone contact="988" /> and select 1. You can also text <VaTelephone contact="838255" sms /> to reach the Veterans
              Crisis Line.
            </li>
            <li>
              <strong>If you think your life or health is in danger,</strong> call <VaTelephone contact="911" /> or go to the nearest
              emergency room.
            </li>
            <li>
              <strong>If you have a medical question that can’t wait,</strong> call your VA health facility and ask for the nurse line.
            </li>
          </ul>
          <p>
            <Link className="vads-c-action-link--green" to={withRx(SM_PATHS.selectCareTeam, prescriptionId)} data-testid="continue-to-start-message">
              Continue to start message
            </Link>
          </p>
        </>
      )}
    </>
  );
}
