import { Link } from 'react-router-dom';
import { VaAlert } from '@department-of-veterans-affairs/web-components/react-bindings';
import type { ApiError } from '../api/client';

/** The renewal link pointed at a prescription we can't use: say why and where to go instead. */
export function RenewalError({ error }: { error: ApiError }) {
  const headline =
    error.status === 404 || error.status === 400
      ? 'We can’t find that prescription'
      : error.status === 422
        ? 'You can’t request a renewal for this prescription'
        : 'We can’t load this renewal request right now';
  const text =
    error.status === 404 || error.status === 400
      ? 'The link may be out of date, or the prescription isn’t in your records. Go back to your medications and try again.'
      : error.message;
  return (
    <>
      <VaAlert status="error" visible data-testid="renewal-error">
        <h2 slot="headline">{headline}</h2>
        <p>{text}</p>
      </VaAlert>
      <p>
        <Link to="/my-health/medications">Go back to your medications</Link>
      </p>
    </>
  );
}
