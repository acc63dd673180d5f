import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { VaAlert, VaLoadingIndicator } from '@department-of-veterans-affairs/web-components/react-bindings';
import { api, ApiError } from '../api/client';
import type { Medication, RefillableList, RefillResult } from '../api/types';
import { formatLongDate, shownRxNumber } from '../../../src/shared/medication-fields';
import { usePageTitle } from '../layout/usePageTitle';

type Outcome =
  { kind: 'success'; submitted: string[] } | { kind: 'partial'; submitted: string[]; failed: Array<{ name: string; reasonText: string }> } | { kind: 'error' };

/** VA.gov "Refill prescriptions" (RefillPrescriptions.jsx): checkboxes, select all, request N refills, per-prescription outcome. */
export function RefillPage() {
  usePageTitle('Refill prescriptions');
  const [meds, setMeds] = useState<Medication[] | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [selectError, setSelectError] = useState(false);
  const alertRef = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    try {
      setMeds((await api<RefillableList>('GET', '/api/medications/refillable')).medications);
    } catch (e) {
      setLoadError(e instanceof ApiError ? e.message : 'We can’t access your medications right now.');
    }
  }, []);
  useEffect(() => void load(), [load]);

  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
    setSelectError(false);
  };

  async function submit() {
    if (selected.size === 0) {
      setSelectError(true);
      document.getElementById(meds && meds.length > 1 ? 'select-all' : `refill-${meds?.[0]?.id}`)?.focus();
      return;
    }
    setBusy(true);
    setOutcome(null);
    try {
      const res = await api<RefillResult>('POST', '/api/medications/refills', { prescriptionIds: [...selected] });
      const submitted = res.results.flatMap((r) => (r.outcome === 'submitted' ? [r.name] : []));
      const failed = res.results.flatMap((r) => (r.outcome === 'failed' ? [{ name: r.name ?? 'A prescription', reasonText: r.reasonText }] : []));
      setOutcome(submitted.length === 0 ? { kind: 'error' } : failed.length > 0 ? { kind: 'partial', submitted, failed } : { kind: 'success', submitted });
      setSelected(new Set());
      setMeds(null); // VA.gov hides the list while it refreshes, so nobody requests the same refill twice
      await load();
    } catch {
      setOutcome({ kind: 'error' });
    } finally {
      setBusy(false);
      setTimeout(() => alertRef.current?.querySelector('va-alert')?.scrollIntoView({ block: 'center' }), 0);
    }
  }

  const n = selected.size;
  return (
    <>
      <p>
        <Link to="/my-health/medications">Back to medications</Link>
      </p>
      <h1>Refill prescriptions</h1>
      <div ref={alertRef}>
        {outcome?.kind === 'success' && (
          <VaAlert status="success" visible data-testid="refill-outcome">
            <h2 slot="headline">Refills requested</h2>
            <ul>
              {outcome.submitted.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
            <p>To check the status of your refill requests, go to your medications list and filter by “recently requested.”</p>
            <Link to="/my-health/medications?filter=recently-requested">Go to your medications list</Link>
          </VaAlert>
        )}
        {outcome?.kind === 'partial' && (
          <VaAlert status="warning" visible data-testid="refill-outcome">
            <h2 slot="headline">Only part of your request was submitted</h2>
            <p>We requested these refills:</p>
            <ul data-testid="refill-succeeded">
              {outcome.submitted.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
            <p>We couldn’t request these refills:</p>
            <ul data-testid="refill-failed">
              {outcome.failed.map((f) => (
                <li key={f.name}>
                  <strong>{f.name}</strong>: {f.reasonText}
                </li>
              ))}
            </ul>
            <p>Try requesting these refills again. If it still doesn’t work, contact your VA pharmacy.</p>
          </VaAlert>
        )}
        {outcome?.kind === 'error' && (
          <VaAlert status="error" visible data-testid="refill-outcome">
            <h2 slot="headline">Request not submitted</h2>
            <p>We’re sorry. There’s a problem with our system.</p>
            <p>Try requesting your refills again. If it still doesn’t work, contact your VA pharmacy.</p>
          </VaAlert>
        )}
      </div>
      {loadError && (
        <VaAlert status="error" visible>
          <p>{loadError}</p>
        </VaAlert>
      )}
      {!meds && !loadError && (
        <VaLoadingIndicator message={outcome ? 'Updating your refillable prescriptions list...' : 'Loading your refillable prescriptions...'} />
      )}
      {meds && meds.length === 0 && (
        <p data-testid="refill-empty">You don’t have any VA prescriptions with refills available. If you need a prescription, contact your care team.</p>
      )}
      {meds && meds.length > 0 && (
        <form
          className="rxb-refill-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <h2>Ready to refill</h2>
          <fieldset className={`usa-fieldset${selectError ? ' usa-form-group--error' : ''}`}>
            <legend className="usa-legend">
              You have {meds.length} prescription{meds.length === 1 ? '' : 's'} ready to refill.
            </legend>
            {selectError && (
              <span className="usa-error-message" role="alert">
                Select at least one prescription to refill
              </span>
            )}
            {meds.length > 1 && (
              <div className="usa-checkbox">
                <input
                  className="usa-checkbox__input"
                  type="checkbox"
                  id="select-all"
                  disabled={busy}
                  checked={n === meds.length}
                  onChange={(e) => {
                    setSelected(e.target.checked ? new Set(meds.map((m) => m.id)) : new Set());
                    setSelectError(false);
                  }}
                />
                <label className="usa-checkbox__label" htmlFor="select-all">
                  Select all {meds.length} refills
                </label>
              </div>
            )}
            {meds.map((m) => (
              <div className="usa-checkbox" key={m.id}>
                <input
                  className="usa-checkbox__input"
                  type="checkbox"
                  id={`refill-${m.id}`}
                  disabled={busy}
                  checked={selected.has(m.id)}
                  onChange={() => toggle(m.id)}
                  data-rx-number={m.rxNumber}
                />
                <label className="usa-checkbox__label" htmlFor={`refill-${m.id}`}>
                  <span className="rxb-check-text">
                    {m.name}
                    <span className="rxb-check-description">
                      Prescription number: {shownRxNumber(m)}
                      <br />
                      {m.lastFillDate ? `Last filled on ${formatLongDate(m.lastFillDate)}` : 'Not filled yet'}
                      <br />
                      {m.refillsRemaining} refill{m.refillsRemaining === 1 ? '' : 's'} left
                    </span>
                  </span>
                </label>
              </div>
            ))}
          </fieldset>
          <button type="submit" className="usa-button vads-u-margin-top--3" disabled={busy} data-testid="request-refills">
            {n > 1 ? `Request ${n} refills` : 'Request refill'}
          </button>
        </form>
      )}
      <div className="rxb-note" data-testid="renewal-note">
        <p>
          If you can’t find the prescription you’re looking for, you may need to renew it. Go to your medications list and filter by “renewal needed before
          refill.”
        </p>
        <Link to="/my-health/medications?filter=renewal">Go to your medications list</Link>
      </div>
    </>
  );
}
