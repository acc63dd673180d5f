/**
 * "Select care team" (VA.gov SelectCareTeam): the health care system first (not asked with one
 * system, radio buttons for 2–5, a select for 6 or more), then the team within it. Blocked teams
 * are never offered and VA.gov's alert says which; the prescription's team is suggested, never
 * preselected. With no team to message, the page says what to do instead.
 */
import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { VaAlert, VaButton, VaLoadingIndicator, VaRadio, VaRadioOption, VaSelect } from '@department-of-veterans-affairs/web-components/react-bindings';
import { CARE_TEAM_TEXT } from '../../../src/shared/secure-messaging-text';
import { usePageTitle } from '../layout/usePageTitle';
import { eventValue } from '../layout/va-events';
import { BlockedTeamsAlert, NoCareTeam, StartDraftError } from './CareTeamAlerts';
import { MESSAGES_CRUMB, SmBreadcrumbs } from './SmBreadcrumbs';
import { RenewalError } from './RenewalError';
import { SM_PATHS, withRx } from './paths';
import { useCareTeams, useStartDraft } from './useCareTeams';
import { useRenewalContext } from './useRenewalContext';

export function SelectCareTeamPage() {
  usePageTitle(`${CARE_TEAM_TEXT.selectTitle} - Start a new message - Messages`);
  const [params] = useSearchParams();
  const prescriptionId = params.get('prescriptionId');
  // Arriving from the editor's "Change care team": move that draft instead of starting another.
  const draftId = params.get('draftId');
  const renewal = useRenewalContext(prescriptionId);
  const { teams, error: loadError } = useCareTeams(prescriptionId);
  const { start, busy, error: startError } = useStartDraft(prescriptionId, draftId);
  const [system, setSystem] = useState<string | null>(null);
  const [team, setTeam] = useState<string | null>(null);
  const [errors, setErrors] = useState<{ system?: string; team?: string }>({});
  const systemRef = useRef<HTMLElement>(null);
  const teamRef = useRef<HTMLVaRadioElement>(null);

  useEffect(() => {
    if (teams?.systemStep.systems.length === 1) setSystem(teams.systemStep.systems[0]!.stationNumber);
  }, [teams]);

  function chooseSystem(value: string | null) {
    setSystem(value || null);
    setTeam(null);
    setErrors({});
  }

  function onContinue() {
    if (!system) {
      setErrors({ system: CARE_TEAM_TEXT.systemRequired });
      systemRef.current?.focus();
      return;
    }
    if (!team) {
      setErrors({ team: CARE_TEAM_TEXT.required });
      teamRef.current?.focus();
      return;
    }
    void start(team);
  }

  // A renewal link we can't use (not yours, not renewable) stops here; a failed load does not:
  // the Veteran still chooses a team and fills in the details (VA.gov's fallback).
  const rxProblem = prescriptionId && renewal.error && renewal.error.status >= 400 && renewal.error.status < 500 ? renewal.error : null;
  const suggested = teams?.teams.find((t) => t.id === teams.suggestedTeamId) ?? null;
  const systemTeams = teams?.teams.filter((t) => t.stationNumber === system) ?? [];
  const systemName = (s: string) => teams?.systemStep.systems.find((x) => x.stationNumber === s)?.name ?? s;

  return (
    <>
      <SmBreadcrumbs crumbs={[MESSAGES_CRUMB, { href: withRx(SM_PATHS.interstitial, prescriptionId), label: 'Start a new message' }]} />
      <h1>{CARE_TEAM_TEXT.selectTitle}</h1>
      {rxProblem && <RenewalError error={rxProblem} />}
      {!rxProblem && loadError && (
        <VaAlert status="error" visible>
          <h2 slot="headline">We can’t load your care teams right now</h2>
          <p>{loadError.message} Try again later.</p>
        </VaAlert>
      )}
      {!rxProblem && !loadError && !teams && <VaLoadingIndicator message="Loading your care teams..." />}
      {!rxProblem && teams && !teams.hasAvailableTeam && <NoCareTeam teams={teams} renewal={prescriptionId !== null} />}
      {!rxProblem && teams?.hasAvailableTeam && (
        <>
          {teams.blockedAlert && <BlockedTeamsAlert alert={teams.blockedAlert} />}
          {startError && <StartDraftError error={startError} prescriptionId={prescriptionId} />}
          {suggested && (
            <div className="vads-u-background-color--gray-lightest vads-u-padding--2 vads-u-margin-bottom--3" data-testid="suggested-team">
              <p className="vads-u-margin--0">
                <strong>Suggested for this prescription:</strong> {suggested.name} ({suggested.healthCareSystemName}), the team of the provider who prescribed
                it. You can choose any of your care teams.
              </p>
            </div>
          )}
          {teams.systemStep.control === 'radio' && (
            <VaRadio
              ref={systemRef as React.Ref<HTMLVaRadioElement>}
              label={CARE_TEAM_TEXT.systemLabel}
              required
              error={errors.system}
              onVaValueChange={(e) => chooseSystem(eventValue(e))}
              data-testid="health-care-system"
            >
              {teams.systemStep.systems.map((s) => (
                <VaRadioOption key={s.stationNumber} tile name="healthCareSystem" value={s.stationNumber} label={s.name} checked={system === s.stationNumber} />
              ))}
            </VaRadio>
          )}
          {teams.systemStep.control === 'select' && (
            <VaSelect
              ref={systemRef as React.Ref<HTMLVaSelectElement>}
              label={CARE_TEAM_TEXT.systemLabel}
              name="healthCareSystem"
              required
              value={system ?? ''}
              error={errors.system}
              onVaSelect={(e) => chooseSystem(eventValue(e))}
              data-testid="health-care-system"
            >
              <option value="">- Select -</option>
              {teams.systemStep.systems.map((s) => (
                <option key={s.stationNumber} value={s.stationNumber}>
                  {s.name}
                </option>
              ))}
            </VaSelect>
          )}
          {teams.systemStep.control === 'none' && system && (
            <p>
              <strong>VA health care system:</strong> {systemName(system)}
            </p>
          )}
          {system && (
            <VaRadio
              key={system}
              ref={teamRef}
              className="vads-u-margin-top--3"
              label={CARE_TEAM_TEXT.teamLabel}
              hint={`Care teams at ${systemName(system)}`}
              required
              error={errors.team}
              onVaValueChange={(e) => {
                setTeam(eventValue(e));
                setErrors({});
              }}
              data-testid="care-team"
            >
              {systemTeams.map((t) => (
                <VaRadioOption
                  key={t.id}
                  tile
                  name="careTeam"
                  value={t.id}
                  label={t.name}
                  description={
                    [
                      t.id === teams.suggestedTeamId ? 'Suggested for this prescription' : null,
                      t.signatureRequired ? 'Messages to this team need your electronic signature' : null,
                    ]
                      .filter(Boolean)
                      .join('. ') || undefined
                  }
                  checked={team === t.id}
                />
              ))}
            </VaRadio>
          )}
          <p className="vads-u-margin-top--3">
            <Link to={SM_PATHS.careTeamHelp}>{CARE_TEAM_TEXT.helpLink}</Link>
          </p>
          {teams.hasTeamsOutsideContactList && (
            <p data-testid="contact-list-note">
              {CARE_TEAM_TEXT.contactListNote} <Link to={`${SM_PATHS.careTeamHelp}#contact-list`}>{CARE_TEAM_TEXT.contactListLink}</Link>
            </p>
          )}
          <VaButton className="vads-u-margin-top--2" text={CARE_TEAM_TEXT.continue} onClick={onContinue} disabled={busy} />
        </>
      )}
    </>
  );
}
