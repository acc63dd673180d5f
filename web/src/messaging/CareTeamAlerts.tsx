import { Link } from 'react-router-dom';
import { VaAlert, VaTelephone } from '@department-of-veterans-affairs/web-components/react-bindings';
import { SM_PATHS, threadUrl, withRx } from './paths';
import type { BlockedAlert, CareTeams } from './types';
import type { StartError } from './useCareTeams';

/** VA.gov's blocked-team alert (texts from the server's care-team rules). */
export function BlockedTeamsAlert({ alert }: { alert: BlockedAlert }) {
  return (
    <VaAlert status={alert.status} visible data-testid="blocked-teams-alert" className="vads-u-margin-bottom--3">
      <h2 slot="headline">{alert.title}</h2>
      <p>{alert.text}</p>
      {alert.blocked.length > 1 && (
        <ul>
          {alert.blocked.map((b) => (
            <li key={`${b.type}:${b.name}`}>{b.type === 'facility' ? `Care teams at ${b.name}` : b.name}</li>
          ))}
        </ul>
      )}
    </VaAlert>
  );
}

export function StartDraftError({ error, prescriptionId }: { error: StartError; prescriptionId: string | null }) {
  return (
    <VaAlert status="error" visible data-testid="start-error" className="vads-u-margin-bottom--3">
      <p>{error.message}</p>
      {error.pendingThreadId && (
        <p>
          <Link to={threadUrl(error.pendingThreadId)}>Review the request you already sent</Link> or{' '}
          <Link to={withRx(SM_PATHS.interstitial, prescriptionId)}>go back to choose “Send another request”</Link>.
        </p>
      )}
    </VaAlert>
  );
}

/** No team to message: say what to do instead (kept from the seed plan's known limitation). */
export function NoCareTeam({ teams, renewal }: { teams: CareTeams; renewal: boolean }) {
  const facility = teams.prescriptionFacility;
  return (
    <div data-testid="no-care-team">
      <VaAlert status="warning" visible>
        <h2 slot="headline">{teams.blockedAlert?.title ?? 'You don’t have a care team you can message'}</h2>
        <p>{teams.blockedAlert?.text ?? 'We can’t find a care team in your account that accepts secure messages from you right now.'}</p>
      </VaAlert>
      <h2>What you can do instead</h2>
      <ul>
        {renewal && (
          <li>
            <strong>Call your VA pharmacy</strong> at the phone number on your prescription label
            {facility && (
              <>
                {' '}
                ({facility.name}: <VaTelephone contact={facility.phone.replace(/\D/g, '')} />)
              </>
            )}
            , and ask them to renew your prescription.
          </li>
        )}
        {renewal && (
          <li>
            <strong>Use your facility’s automated prescription line</strong> (the refill and renewal phone line) — the number is on your prescription label too.
          </li>
        )}
        <li>
          <strong>Contact your VA health facility</strong> and ask them to connect you with a care team for secure messaging.
        </li>
      </ul>
      <p>
        <Link to={renewal ? '/my-health/medications' : SM_PATHS.inbox}>{renewal ? 'Go back to your medications' : 'Go back to your messages'}</Link>
      </p>
    </div>
  );
}
