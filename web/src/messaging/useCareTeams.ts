import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { api, ApiError } from '../api/client';
import { SM_PATHS, withRx } from './paths';
import type { CareTeams, Draft } from './types';

/** The care-team steps for this Veteran (and, in the renewal flow, the prescription's suggestion). */
export function useCareTeams(prescriptionId: string | null) {
  const [teams, setTeams] = useState<CareTeams | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    const q = prescriptionId ? `?prescriptionId=${encodeURIComponent(prescriptionId)}` : '';
    let live = true;
    api<CareTeams>('GET', `/api/messaging/care-teams${q}`)
      .then((t) => live && setTeams(t))
      .catch((e: unknown) => live && setError(e instanceof ApiError ? e : new ApiError(0, 'error', 'Something went wrong.')));
    return () => {
      live = false;
    };
  }, [prescriptionId]);
  return { teams, error };
}

export interface StartError {
  message: string;
  /** The unanswered renewal request that blocks a new one (the Veteran must choose "Send another request"). */
  pendingThreadId?: string;
}

/**
 * Start the message to the chosen team (or move the draft being edited, `draftId`) and open the
 * editor. In the renewal flow the server refuses a duplicate unless the Veteran chose "Send another
 * request" on the interstitial (`sendAnother=1` in the URL).
 */
export function useStartDraft(prescriptionId: string | null, draftId: string | null) {
  const navigate = useNavigate();
  const location = useLocation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<StartError | null>(null);
  async function start(careTeamId: string) {
    setBusy(true);
    setError(null);
    const sendAnother = new URLSearchParams(location.search).get('sendAnother') === '1';
    try {
      const draft = draftId
        ? await api<Draft>('PUT', `/api/messaging/drafts/${encodeURIComponent(draftId)}`, { careTeamId })
        : await api<Draft>('POST', '/api/messaging/drafts', {
            careTeamId,
            ...(prescriptionId ? { prescriptionId, ...(sendAnother ? { sendAnother } : {}) } : {}),
          });
      void navigate(withRx(SM_PATHS.compose, prescriptionId, { draftId: draft.id }));
    } catch (e) {
      const pending = e instanceof ApiError && e.detail?.reason === 'RENEWAL_ALREADY_REQUESTED' ? e.detail.threadId : undefined;
      setError({ message: e instanceof ApiError ? e.message : 'We couldn’t start your message. Try again.', ...(pending ? { pendingThreadId: pending } : {}) });
      setBusy(false);
    }
  }
  return { start, busy, error };
}
