import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { VaButton } from '@department-of-veterans-affairs/web-components/react-bindings';
import type { Medication } from '../api/types';
import { RenewalLeavingDialog } from './RenewalLeavingDialog';
import { afterModalFrames } from '../layout/modal-frames';

/** Whether the "Send a renewal request message" link shows: the server's renewalUrl (eligible, source in scope) and the rollout flag. */
export const renewalLinkShown = (rx: Medication, renewalLinkEnabled: boolean) => Boolean(rx.eligibility.renewable && rx.renewalUrl && renewalLinkEnabled);

/**
 * The one action the server says applies: request a refill, or send a renewal request message.
 * The client never decides eligibility itself; everything else is the status sentence (StatusInfo).
 * The renewal link first opens VA.gov's "You're leaving medications to send a message" dialog;
 * Continue goes on to Secure Messaging: the dialog closes first and the page changes two animation
 * frames later. va-modal sets itself up (aria-hidden on everything outside it, body scroll lock) in
 * an animation frame after it renders, and undoes that only when it closes or is removed; a
 * Continue that navigated at once, inside that frame, removed the modal before its setup ran, and
 * the setup then hid the whole next page from assistive technology for good (seen in a loaded CI
 * run: the interstitial's text was there, its links were not in the accessibility tree).
 */
export function MedicationActions({
  rx,
  onRefill,
  busy,
  renewalLinkEnabled,
}: {
  rx: Medication;
  onRefill?: (rx: Medication) => void;
  busy: boolean;
  /** Staged rollout (flag rx_renewal_sm_link): when false the renewal link is hidden. */
  renewalLinkEnabled: boolean;
}) {
  const navigate = useNavigate();
  const [leaving, setLeaving] = useState(false);
  if (rx.eligibility.refillable && onRefill) {
    return (
      <VaButton
        text="Request a refill"
        label={`Request a refill of ${rx.name}`}
        disabled={busy}
        onClick={() => onRefill(rx)}
        data-testid={`refill-${rx.rxNumber}`}
      />
    );
  }
  if (renewalLinkShown(rx, renewalLinkEnabled) && rx.renewalUrl) {
    const url = rx.renewalUrl;
    return (
      <>
        <p className="vads-u-margin-y--1">{rx.eligibility.reasonText}</p>
        <Link
          className="vads-c-action-link--blue"
          to={url}
          onClick={(e) => {
            e.preventDefault();
            setLeaving(true);
          }}
          data-testid={`renew-${rx.rxNumber}`}
          data-rx-name={rx.name}
        >
          Send a renewal request message
        </Link>
        <RenewalLeavingDialog
          open={leaving}
          onClose={() => setLeaving(false)}
          onContinue={() => {
            setLeaving(false);
            void afterModalFrames().then(() => navigate(url));
          }}
        />
      </>
    );
  }
  return null;
}
