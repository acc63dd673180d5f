/**
 * Secure Messaging interstitial (the renewal link's destination, where the seed plan puts it):
 * urgent-help guidance before a Veteran composes. With `?prescriptionId=` it is the renewal variant:
 * it confirms the prescription is the Veteran's and renewable before letting them continue, says
 * when an unanswered renewal request for it was already sent (and then needs an explicit "Send
 * another request"), and, when the prescription can't be loaded, lets the Veteran go on and fill in
 * the details themselves (VA.gov's fallback).
 */
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { VaAlert, VaButton, VaLoadingIndicator, VaTelephone } from '@department-of-veterans-affairs/web-components/react-bindings';
import { usePageTitle } from '../layout/usePageTitle';
import { MESSAGES_CRUMB, SmBreadcrumbs } from './SmBreadcrumbs';
import { RenewalError } from './RenewalError';
import { formatDateTime } from './format';
import { SM_PATHS, threadUrl, withRx } from './paths';
import { useRenewalContext } from './useRenewalContext';

export function NewMessagePage() {
  usePageTitle('Only use messages for non-urgent needs - Messages');
  const [params] = useSearchParams();
  const prescriptionId = params.get('prescriptionId');
  const { context, error, loading } = useRenewalContext(prescriptionId);
  const [sendAnother, setSendAnother] = useState(params.get('sendAnother') === '1');
  // Not yours / not renewable stops the flow; a failure to load does not (the Veteran fills in the details).
  const unavailable = prescriptionId !== null && error !== null && (error.status === 0 || error.status >= 500);
  const pending = context?.pendingRequest ?? null;
  const mayContinue = !pending || sendAnother;

  return (
    <>
      <SmBreadcrumbs crumbs={[MESSAGES_CRUMB, { href: withRx(SM_PATHS.interstitial, prescriptionId), label: 'Start a new message' }]} />
      <h1>Only use messages for non-urgent needs</h1>
      {prescriptionId && loading && <VaLoadingIndicator message="Loading your prescription..." />}
      {prescriptionId && error && !unavailable && <RenewalError error={error} />}
      {(!prescriptionId || context || unavailable) && (
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
          {unavailable && (
            <VaAlert status="warning" visible data-testid="renewal-unavailable">
              <h2 slot="headline">We can’t load your prescription details right now</h2>
              <p>You can still send your renewal request. You’ll need to add your medication information to the message yourself.</p>
            </VaAlert>
          )}
          {pending && (
            <VaAlert status="warning" visible data-testid="pending-renewal" className="vads-u-margin-top--2">
              <h2 slot="headline">You already sent a renewal request for this prescription</h2>
              <p>
                You sent it on {formatDateTime(pending.sentAt)}, and your care team hasn’t replied yet. Sending the same request again won’t make it faster.
              </p>
              <p>
                <Link to={threadUrl(pending.threadId)}>Review the request you sent</Link>
              </p>
              {!sendAnother && <VaButton secondary text="Send another request" onClick={() => setSendAnother(true)} data-testid="send-another" />}
              {sendAnother && <p data-testid="send-another-chosen">You chose to send another request.</p>}
            </VaAlert>
          )}
          <p className="vads-u-font-size--lg">Your care team may take up to 3 business days to reply.</p>
          <h2>If you need help sooner</h2>
          <ul>
            <li>
              <strong>If you’re in crisis or having thoughts of suicide,</strong> call the Veterans Crisis Line. Call <VaTelephone contact="988" /> and select
              1. You can also text <VaTelephone contact="838255" sms /> to reach the Veterans Crisis Line.
            </li>
            <li>
              <strong>If you think your life or health is in danger,</strong> call <VaTelephone contact="911" /> or go to the nearest emergency room.
            </li>
            <li>
              <strong>If you have a medical question that can’t wait,</strong> call your VA health facility and ask for the nurse line.
            </li>
          </ul>
          {mayContinue && (
            <p>
              <Link
                className="vads-c-action-link--green"
                to={withRx(SM_PATHS.recentCareTeams, prescriptionId, sendAnother && prescriptionId ? { sendAnother: '1' } : {})}
                data-testid="continue-to-start-message"
              >
                Continue to start message
              </Link>
            </p>
          )}
        </>
      )}
    </>
  );
}
