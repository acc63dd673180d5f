import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { VaAlert, VaLoadingIndicator, VaPagination } from '@department-of-veterans-affairs/web-components/react-bindings';
import { api, ApiError } from '../api/client';
import type { MedicationList } from '../api/types';
import {
  FILTER_LABELS,
  MEDICATION_FILTERS,
  MEDICATION_SORTS,
  SORT_LABELS,
  type MedicationFilter,
  type MedicationSort,
} from '../../../src/shared/medication-list-options';
import { usePageTitle } from '../layout/usePageTitle';
import { eventPage } from '../layout/va-events';
import { MedicationCard } from './MedicationCard';
import { PrintDownload } from './PrintDownload';
import { RenewalSentAlert } from './RenewalSentAlert';
import { useRefill } from './useRefill';

const SORT_KEY = 'rxb-medications-sort';

/** VA.gov keeps the chosen sort for the session (sessionStorage). */
function storedSort(): MedicationSort {
  const s = sessionStorage.getItem(SORT_KEY);
  return (MEDICATION_SORTS as readonly string[]).includes(s ?? '') ? (s as MedicationSort) : 'alphabetical-status';
}

const asFilter = (v: string | null): MedicationFilter => ((MEDICATION_FILTERS as readonly string[]).includes(v ?? '') ? (v as MedicationFilter) : 'all');

/** "Showing 1 - 10 of 40 medications, alphabetically by status" (VA.gov MedicationsList). */
function showingText(meta: MedicationList['meta']): string {
  const from = (meta.page - 1) * meta.perPage + 1;
  const to = Math.min(meta.total, meta.page * meta.perPage);
  const what = meta.filter === 'all' ? '' : `${FILTER_LABELS[meta.filter].label.toLowerCase()} `;
  return `Showing ${from} - ${to} of ${meta.total} ${what}medications, ${SORT_LABELS[meta.sort].toLowerCase()}`;
}

export function MedicationsPage() {
  usePageTitle('Medications');
  const [params, setParams] = useSearchParams();
  const filter = asFilter(params.get('filter'));
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [sort, setSort] = useState<MedicationSort>(storedSort);
  const [data, setData] = useState<MedicationList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState<string | null>('Loading your medications...');
  const [pendingFilter, setPendingFilter] = useState<MedicationFilter>(filter);
  const [pendingSort, setPendingSort] = useState<MedicationSort>(sort);
  const listTop = useRef<HTMLHeadingElement>(null);

  const load = useCallback(async () => {
    try {
      const q = new URLSearchParams({ filter, sort, page: String(page) });
      setData(await api<MedicationList>('GET', `/api/medications?${q}`));
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'We can’t access your medications right now.');
    } finally {
      setLoading(null);
    }
  }, [filter, sort, page]);
  useEffect(() => void load(), [load]);
  useEffect(() => setPendingFilter(filter), [filter]);
  const { refill, busy, outcome } = useRefill(load);

  function go(next: { filter?: MedicationFilter; page?: number }) {
    const p = new URLSearchParams(params);
    if (next.filter !== undefined) {
      if (next.filter === 'all') p.delete('filter');
      else p.set('filter', next.filter);
    }
    p.set('page', String(next.page ?? 1));
    setParams(p);
  }

  const meta = data?.meta;
  const counts = meta?.filterCounts;
  const exportQuery = new URLSearchParams({ filter, sort }).toString();

  return (
    <>
      <h1>Medications</h1>
      <p className="vads-u-font-size--lg vads-u-font-family--serif">
        Bring your medications list to each appointment. And tell your provider about any new allergies or reactions.
      </p>
      <RenewalSentAlert />
      <div className="rxb-refill-card">
        <h2 className="vads-u-margin-top--0 vads-u-font-size--h3">Refill prescriptions</h2>
        <Link className="vads-c-action-link--green" to="/my-health/medications/refill">
          Start a refill request
        </Link>
      </div>
      {outcome && (
        <VaAlert status={outcome.status} visible data-testid="refill-alert">
          <p>{outcome.message}</p>
        </VaAlert>
      )}
      {error && (
        <VaAlert status="error" visible>
          <h2 slot="headline">We can’t access your medications right now</h2>
          <p>{error}</p>
        </VaAlert>
      )}
      {loading && !data && !error && <VaLoadingIndicator message={loading} />}
      {data && meta && counts && counts.all === 0 && (
        <div data-testid="empty-state">
          <h2>You don’t have any VA prescriptions or medication records</h2>
          <p>If you need a prescription or you want to tell us about a medication you’re taking, tell your care team at your next appointment.</p>
        </div>
      )}
      {data && meta && counts && counts.all > 0 && (
        <>
          <h2>Medications list</h2>
          <PrintDownload exportUrl={`/api/medications/export?${exportQuery}`} printPath={`/my-health/medications/print?${exportQuery}`} list />
          <form
            className="rxb-controls"
            onSubmit={(e) => {
              e.preventDefault();
              go({ filter: pendingFilter });
            }}
          >
            <fieldset className="usa-fieldset">
              <legend className="usa-legend vads-u-font-weight--bold">Filter list</legend>
              {MEDICATION_FILTERS.map((f) => (
                <div className="usa-radio" key={f}>
                  <input
                    className="usa-radio__input"
                    type="radio"
                    id={`filter-${f}`}
                    name="filter"
                    value={f}
                    checked={pendingFilter === f}
                    onChange={() => setPendingFilter(f)}
                  />
                  <label className="usa-radio__label" htmlFor={`filter-${f}`}>
                    {FILTER_LABELS[f].label} ({counts[f]})
                    {FILTER_LABELS[f].description && <span className="rxb-radio-description">{FILTER_LABELS[f].description}</span>}
                  </label>
                </div>
              ))}
              <button type="submit" className="usa-button vads-u-margin-top--2">
                Filter
              </button>
            </fieldset>
          </form>
          <form
            className="rxb-controls"
            onSubmit={(e) => {
              e.preventDefault();
              sessionStorage.setItem(SORT_KEY, pendingSort);
              setLoading('Sorting your medications...');
              setSort(pendingSort);
              go({});
            }}
          >
            <label className="rxb-sort-label" htmlFor="sort-select">
              Show medications in this order
            </label>
            <div className="rxb-sort-row">
              <select className="usa-select" id="sort-select" value={pendingSort} onChange={(e) => setPendingSort(e.target.value as MedicationSort)}>
                {MEDICATION_SORTS.map((s) => (
                  <option key={s} value={s}>
                    {SORT_LABELS[s]}
                  </option>
                ))}
              </select>
              <button type="submit" className="usa-button usa-button--secondary">
                Sort
              </button>
            </div>
          </form>
          <h2 ref={listTop} tabIndex={-1} className="vads-u-font-size--h4 vads-u-font-family--sans" data-testid="showing">
            {meta.total > 0 ? showingText(meta) : `Showing 0 ${FILTER_LABELS[meta.filter].label.toLowerCase()} medications`}
          </h2>
          {meta.total === 0 && (
            <div data-testid="no-match">
              <h3>We didn’t find any matches for this filter</h3>
              <p>Try selecting a different filter.</p>
            </div>
          )}
          <ul className="usa-unstyled-list" aria-label="Medications">
            {data.medications.map((rx) => (
              <MedicationCard key={rx.id} rx={rx} renewalLinkEnabled={data.renewalLinkEnabled} onRefill={(r) => void refill(r)} busy={busy} />
            ))}
          </ul>
          {meta.totalPages > 1 && (
            <VaPagination
              page={meta.page}
              pages={meta.totalPages}
              onPageSelect={(e) => {
                go({ page: Number(eventPage(e)) });
                listTop.current?.focus();
              }}
            />
          )}
        </>
      )}
    </>
  );
}
