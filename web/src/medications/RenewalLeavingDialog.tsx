/**
 * "You're leaving medications to send a message" (VA.gov SendRxRenewalMessage): a VA Design
 * System modal before the Veteran leaves Medications for Secure Messaging. va-modal traps focus
 * while open, closes on Escape (closeEvent) and returns focus to the link that opened it.
 */
import { VaModal } from '@department-of-veterans-affairs/web-components/react-bindings';
import { LEAVING_MEDICATIONS_DIALOG as T } from '../../../src/shared/secure-messaging-text';

export function RenewalLeavingDialog({ open, onContinue, onClose }: { open: boolean; onContinue: () => void; onClose: () => void }) {
  return (
    <VaModal
      modalTitle={T.title}
      status="info"
      visible={open}
      clickToClose
      primaryButtonText={T.continue}
      secondaryButtonText={T.back}
      onPrimaryButtonClick={onContinue}
      onSecondaryButtonClick={onClose}
      onCloseEvent={onClose}
      data-testid="renewal-leaving-dialog"
    >
      <p>{T.body}</p>
      <p>{T.pharmacyNote}</p>
    </VaModal>
  );
}
