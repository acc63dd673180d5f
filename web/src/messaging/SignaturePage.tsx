/**
 * The Veteran's messaging signature (VA.gov: MHV preferences, "Edit signature for all messages"):
 * name and title, added to new messages when "include" is checked.
 */
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { VaAlert, VaButton, VaCheckbox, VaLoadingIndicator, VaTextInput } from '@department-of-veterans-affairs/web-components/react-bindings';
import { api, ApiError } from '../api/client';
import { usePageTitle } from '../layout/usePageTitle';
import { eventChecked } from '../layout/va-events';
import { MESSAGES_CRUMB, SmBreadcrumbs } from './SmBreadcrumbs';
import { SM_PATHS } from './paths';
import type { Signature } from './types';

export function SignaturePage() {
  usePageTitle('Messages signature - Messages');
  const navigate = useNavigate();
  const [sig, setSig] = useState<Signature | null>(null);
  const [errors, setErrors] = useState<Partial<Record<'name' | 'title', string>>>({});
  const [outcome, setOutcome] = useState<{ status: 'success' | 'error'; message: string } | null>(null);

  useEffect(() => {
    api<Signature>('GET', '/api/messaging/signature')
      .then(setSig)
      .catch(() => setOutcome({ status: 'error', message: 'We can’t load your signature right now. Try again later.' }));
  }, []);

  async function save() {
    if (!sig) return;
    setOutcome(null);
    try {
      setSig(await api<Signature>('PUT', '/api/messaging/signature', sig));
      setErrors({});
      setOutcome({ status: 'success', message: 'Your signature was saved. We’ll add it to new messages you start.' });
    } catch (e) {
      if (e instanceof ApiError && e.issues.length) setErrors(Object.fromEntries(e.issues.map((i) => [i.field.replace(/^body\./, ''), i.message])));
      else setOutcome({ status: 'error', message: e instanceof ApiError ? e.message : 'We couldn’t save your signature.' });
    }
  }

  return (
    <>
      <SmBreadcrumbs crumbs={[MESSAGES_CRUMB, { href: SM_PATHS.signature, label: 'Messages signature' }]} />
      <h1>Messages signature</h1>
      <p>Your signature is added to the end of new messages you start. You can still edit it in each message.</p>
      {outcome && (
        <VaAlert status={outcome.status} visible data-testid="signature-outcome" className="vads-u-margin-bottom--2">
          <p>{outcome.message}</p>
        </VaAlert>
      )}
      {!sig && !outcome && <VaLoadingIndicator message="Loading your signature..." />}
      {sig && (
        <>
          <VaTextInput
            label="Signature name"
            name="signatureName"
            maxlength={50}
            value={sig.name}
            error={errors.name}
            onInput={(e) => setSig({ ...sig, name: (e.target as HTMLInputElement).value })}
          />
          <VaTextInput
            label="Signature title"
            name="signatureTitle"
            maxlength={50}
            value={sig.title}
            error={errors.title}
            onInput={(e) => setSig({ ...sig, title: (e.target as HTMLInputElement).value })}
          />
          <VaCheckbox
            className="vads-u-margin-top--2"
            label="Add my signature to new messages"
            name="includeSignature"
            checked={sig.include}
            onVaChange={(e) => setSig({ ...sig, include: eventChecked(e) })}
          />
          <div className="vads-u-display--flex vads-u-margin-top--3">
            <VaButton text="Save signature" onClick={() => void save()} className="vads-u-margin-right--2" />
            <VaButton text="Back" secondary onClick={() => void navigate(-1)} />
          </div>
        </>
      )}
      <p className="vads-u-margin-top--3">
        <Link to={SM_PATHS.inbox}>Go to your messages</Link>
      </p>
    </>
  );
}
