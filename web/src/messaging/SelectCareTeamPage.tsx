/**
 * Care-team selection: teams grouped by facility (one radio group per facility, one choice
 * overall), recently used first, the suggested team preselected. When the Veteran has no team
 * they can message, explain what to do instead (the known limitation of the renewal flow).
 */
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { VaAlert, VaButton, VaLoadingIndicator, VaRadio, VaRadioOption, VaTelephone } from '@department-of-veterans-affairs/web-components/react-bindings';
import { api, ApiError } from '../api/client';
import { usePageTitle } from '../layout/usePageTitle';
import { MESSAGES_CRUMB, SmBreadcrumbs } from './SmBreadcrumbs';
import { RenewalError } from './RenewalError';
import { SM_PATHS, withRx } from './paths';
import type { CareTeams, Draft } from './types';
import { useRenewalContext } from './useRenewalContext';

function NoCareTeam({ teams, renewal }: { teams: CareTeams; renewal: boolean }) {
  const facility = teams.prescriptionFacility;
  return (
    <div data-testid="no-care-team">
      <VaAlert status="warning" visible>
        <h2 slot="headline">You don’t have a care team you can message</h2>
        <p>We can’t find a care team in your account that accepts secure messages from you right now.</p>
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
            <strong>Use your facility’s automated prescription line</strong> (the refill and renewal phone line) — the number is on your
            prescription label too.
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

export function SelectCareTeamPage() {
  usePageTitle('Select a care team - Start a new message - Messages');
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const prescriptionId = params.get('prescriptionId');
  // Arriving from the editor's "Change care team": move that draft instead of starting another.
  const draftId = params.get('draftId');
  const renewal = useRenewalContext(prescriptionId);
  const [teams, setTeams] = useState<CareTeams | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const firstGroup = useRef<HTMLVaRadioElement>(null);

  useEffect(() => {
    const q = prescriptionId ? `?prescriptionId=${encodeURIComponent(prescriptionId)}` : '';
    api<CareTeams>('GET', `/api/messaging/care-teams${q}`)
      .then((t) => {
        setTeams(t);
        setSelected(t.suggestedTeamId);
      })
      .catch((e: unknown) => setLoadError(e instanceof ApiError ? e : new ApiError(0, 'error', 'Something went wrong.')));
  }, [prescriptionId]);

  async function onContinue() {
    if (!selected) {
      setFieldError('Select a care team');
      firstGroup.current?.focus();
      return;
    }
    setBusy(true);
    setSubmitError(null);
    try {
      const draft = draftId
        ? await api<Draft>('PUT', `/api/messaging/drafts/${encodeURIComponent(draftId)}`, { careTeamId: selected })
        : await api<Draft>('POST', '/api/messaging/drafts', { careTeamId: selected, ...(prescriptionId ? { prescriptionId } : {}) });
      navigate(withRx(SM_PATHS.compose, prescriptionId, { draftId: draft.id }));
    } catch (e) {
      setSubmitError(e instanceof ApiError ? e.message : 'We couldn’t start your message. Try again.');
      setBusy(false);
    }
  }

  const rxProblem = prescriptionId ? renewal.error : null;
  const problem = rxProblem ?? loadError;

  return (
    <>
      <SmBreadcrumbs crumbs={[MESSAGES_CRUMB, { href: withRx(SM_PATHS.interstitial, prescriptionId), label: 'Start a new message' }]} />
      <h1>Select a care team</h1>
      {problem && (rxProblem ? <RenewalError error={rxProblem} /> : (
        <VaAlert status="error" visible>
          <h2 slot="headline">We can’t load your care teams right now</h2>
          <p>{problem.message} Try again later.</p>
        </VaAlert>
      ))}
      {!problem && !teams && <VaLoadingIndicator message="Loading your care teams..." />}
      {!problem && teams && !teams.hasAvailableTeam && <NoCareTeam teams={teams} renewal={prescriptionId !== null} />}
      {!problem && teams?.hasAvailableTeam && (
        <>
          {renewal.context && (
            <p>
              Choose the care team that should renew <strong>{renewal.context.prescription.name}</strong>. We suggest a team at{' '}
              {renewal.context.prescription.facility.name}, where this prescription is from.
            </p>
          )}
          {!renewal.context && <p>Choose the care team you want to send your message to.</p>}
          {submitError && (
            <VaAlert status="error" visible>
              <p>{submitError}</p>
            </VaAlert>
          )}
          {teams.groups.map((g, i) => (
            <VaRadio
              key={g.stationNumber}
              ref={i === 0 ? firstGroup : undefined}
              label={`Care teams at ${g.facilityName}`}
              error={i === 0 ? fieldError : undefined}
              required={i === 0}
              onVaValueChange={(e) => {
                setSelected(String(e.detail.value));
                setFieldError(undefined);
              }}
              data-testid={`care-team-group-${g.stationNumber}`}
            >
              {g.teams.map((t) => {
                const notes = [
                  t.id === teams.suggestedTeamId && prescriptionId ? 'Suggested for this prescription' : null,
                  t.preferred ? 'Your preferred team' : null,
                  t.recentlyUsed ? 'Recently messaged' : null,
                ].filter(Boolean);
                return (
                  <VaRadioOption
                    key={t.id}
                    name="careTeam"
                    value={t.id}
                    label={t.name}
                    description={notes.join('. ') || undefined}
                    checked={selected === t.id}
                  />
                );
              })}
            </VaRadio>
          ))}
          <VaButton className="vads-u-margin-top--3" text="Continue" onClick={() => void onContinue()} disabled={busy} />
        </>
      )}
    </>
  );
}
