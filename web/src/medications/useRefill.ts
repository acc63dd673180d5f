import { useState } from 'react';
import { api, ApiError } from '../api/client';
import type { Medication } from '../api/types';

export interface RefillOutcome {
  status: 'success' | 'error';
  message: string;
}

/** Submit one refill request; returns an outcome message for an alert. */
export function useRefill(onDone: () => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<RefillOutcome | null>(null);
  async function refill(rx: Medication) {
    setBusy(true);
    setOutcome(null);
    try {
      await api('POST', '/api/medications/refills', { prescriptionIds: [rx.id] });
      setOutcome({ status: 'success', message: `We got your refill request for ${rx.name}. We’ll mail it to you.` });
      await onDone();
    } catch (e) {
      setOutcome({ status: 'error', message: e instanceof ApiError ? e.message : 'We couldn’t submit your refill request. Try again later.' });
    } finally {
      setBusy(false);
    }
  }
  return { refill, busy, outcome };
}
