import { useState } from 'react';
import { api, ApiError } from '../api/client';
import type { Medication, RefillResult } from '../api/types';

export interface RefillOutcome {
  status: 'success' | 'error';
  message: string;
}

/** Submit one refill request from a card or the details page; returns an outcome message for an alert. */
export function useRefill(onDone: () => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<RefillOutcome | null>(null);
  async function refill(rx: Medication) {
    setBusy(true);
    setOutcome(null);
    try {
      const res = await api<RefillResult>('POST', '/api/medications/refills', { prescriptionIds: [rx.id] });
      const r = res.results[0];
      if (r?.outcome === 'submitted') setOutcome({ status: 'success', message: `We got your refill request for ${rx.name}. We’ll mail it to you.` });
      else setOutcome({ status: 'error', message: r?.outcome === 'failed' ? r.reasonText : 'We couldn’t submit your refill request. Try again later.' });
      await onDone();
    } catch (e) {
      setOutcome({ status: 'error', message: e instanceof ApiError ? e.message : 'We couldn’t submit your refill request. Try again later.' });
    } finally {
      setBusy(false);
    }
  }
  return { refill, busy, outcome };
}
