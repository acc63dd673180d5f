/**
 * Debounced server-side draft autosave: a change is saved AUTOSAVE_DELAY_MS after the Veteran
 * stops typing (VA.gov waits 10 s; we use 2 s so a reload soon after typing keeps the text).
 * Only limit-respecting content is saved; the server enforces the same limits.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../api/client';
import type { CategoryValue, Draft } from './types';

export const AUTOSAVE_DELAY_MS = 2000;

export interface DraftFields {
  category: CategoryValue | null;
  subject: string;
  body: string;
}

export type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; at: string } | { kind: 'error'; message: string };

export function useDraftAutosave(draftId: string | null) {
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pending = useRef<DraftFields | null>(null);

  const saveNow = useCallback(async (): Promise<void> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const fields = pending.current;
    if (!draftId || !fields) return;
    pending.current = null;
    setState({ kind: 'saving' });
    try {
      const saved = await api<Draft>('PUT', `/api/messaging/drafts/${encodeURIComponent(draftId)}`, fields);
      setState({ kind: 'saved', at: saved.updatedAt });
    } catch (e) {
      setState({ kind: 'error', message: e instanceof ApiError ? e.message : 'We couldn’t save your draft.' });
    }
  }, [draftId]);

  const schedule = useCallback(
    (fields: DraftFields) => {
      pending.current = fields;
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void saveNow(), AUTOSAVE_DELAY_MS);
    },
    [saveNow],
  );

  /** Drop a pending save (the draft is being sent or deleted). */
  const cancel = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    pending.current = null;
  }, []);

  // Leaving the page: save what is pending rather than lose it.
  useEffect(() => () => void saveNow(), [saveNow]);

  return { state, schedule, saveNow, cancel };
}
