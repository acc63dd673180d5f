/** Placeholder until the Secure Messaging feature lands: the renewal link's destination. */
import { useSearchParams } from 'react-router-dom';
import { usePageTitle } from '../layout/usePageTitle';

export function NewMessagePage() {
  usePageTitle('Start a new message - Messages');
  const [params] = useSearchParams();
  return (
    <>
      <h1>Start a new message</h1>
      <p data-testid="renewal-prescription">{params.get('prescriptionId') ? 'Renewal request' : 'New message'}</p>
    </>
  );
}
