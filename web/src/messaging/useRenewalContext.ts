import { useEffect, useState } from 'react';
import { api, ApiError } from '../api/client';
import type { RenewalContext } from './types';

/** Load the renewal context for `?prescriptionId=` (null id → nothing to load: a general message). */
export function useRenewalContext(prescriptionId: string | null) {
  const [context, setContext] = useState<RenewalContext | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(prescriptionId !== null);
  useEffect(() => {
    if (!prescriptionId) return;
    let live = true;
    setLoading(true);
    api<RenewalContext>('GET', `/api/messaging/renewals/${encodeURIComponent(prescriptionId)}`)
      .then((c) => live && setContext(c))
      .catch((e: unknown) => live && setError(e instanceof ApiError ? e : new ApiError(0, 'error', 'Something went wrong.')))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [prescriptionId]);
  return { context, error, loading };
}
