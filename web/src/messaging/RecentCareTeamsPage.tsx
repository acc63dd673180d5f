/**
 * "Care teams you recently sent messages to" (VA.gov RecentCareTeams): the first care-team step when
 * the Veteran sent messages in the last 6 months — at most 4 teams plus "A different care team".
 * Without recent teams the page forwards to "Select care team". Nothing is preselected; in the
 * renewal flow the prescription's team is marked as suggested when it is in the list.
 */
import { useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { VaAlert, VaButton, VaLoadingIndicator, VaRadio, VaRadioOption } from '@department-of-veterans-affairs/web-components/react-bindings';
import { CARE_TEAM_TEXT } from '../../../src/shared/secure-messaging-text';
import { usePageTitle } from '../layout/usePageTitle';
import { eventValue } from '../layout/va-events';
import { BlockedTeamsAlert, StartDraftError } from './CareTeamAlerts';
import { MESSAGES_CRUMB, SmBreadcrumbs } from './SmBreadcrumbs';
import { SM_PATHS, withRx } from './paths';
import { useCareTeams, useStartDraft } from './useCareTeams';

const DIFFERENT = 'different-care-team';

export function RecentCareTeamsPage() {
  usePageTitle(`${CARE_TEAM_TEXT.recentTitle} - Start a new message - Messages`);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const prescriptionId = params.get('prescriptionId');
  const draftId = params.get('draftId');
  const { teams, error } = useCareTeams(prescriptionId);
  const { start, busy, error: startError } = useStartDraft(prescriptionId, draftId);
  const [selected, setSelected] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const group = useRef<HTMLVaRadioElement>(null);
  const selectPage = withRx(SM_PATHS.selectCareTeam, prescriptionId, draftId ? { draftId } : {});

  useEffect(() => {
    if (teams && (!teams.hasAvailableTeam || teams.recentTeams.length === 0)) void navigate(selectPage, { replace: true });
  }, [teams, navigate, selectPage]);

  function onContinue() {
    if (!selected) {
      setFieldError(CARE_TEAM_TEXT.required);
      group.current?.focus();
      return;
    }
    if (selected === DIFFERENT) void navigate(selectPage);
    else void start(selected);
  }

  return (
    <>
      <SmBreadcrumbs crumbs={[MESSAGES_CRUMB, { href: withRx(SM_PATHS.interstitial, prescriptionId), label: 'Start a new message' }]} />
      <h1>{CARE_TEAM_TEXT.recentTitle}</h1>
      {error && (
        <VaAlert status="error" visible>
          <h2 slot="headline">We can’t load your care teams right now</h2>
          <p>{error.message} Try again later.</p>
        </VaAlert>
      )}
      {!error && !teams && <VaLoadingIndicator message="Loading your care teams..." />}
      {teams && teams.recentTeams.length > 0 && (
        <>
          {/* VA.gov's recent-teams page alerts only about a whole blocked facility; single teams are named on the next step. */}
          {teams.blockedAlert?.kind === 'one_facility_blocked' && <BlockedTeamsAlert alert={teams.blockedAlert} />}
          {startError && <StartDraftError error={startError} prescriptionId={prescriptionId} />}
          <VaRadio
            ref={group}
            label={CARE_TEAM_TEXT.recentLabel}
            hint={CARE_TEAM_TEXT.recentHint}
            required
            error={fieldError}
            onVaValueChange={(e) => {
              setSelected(eventValue(e));
              setFieldError(undefined);
            }}
            data-testid="recent-care-teams"
          >
            {teams.recentTeams.map((t) => (
              <VaRadioOption
                key={t.id}
                tile
                name="recentCareTeam"
                value={t.id}
                label={t.name}
                description={[t.healthCareSystemName, t.id === teams.suggestedTeamId ? 'Suggested for this prescription' : null].filter(Boolean).join('. ')}
                checked={selected === t.id}
              />
            ))}
            <VaRadioOption tile name="recentCareTeam" value={DIFFERENT} label={CARE_TEAM_TEXT.differentTeam} checked={selected === DIFFERENT} />
          </VaRadio>
          <VaButton className="vads-u-margin-top--3" text={CARE_TEAM_TEXT.continue} onClick={onContinue} disabled={busy} />
        </>
      )}
    </>
  );
}
