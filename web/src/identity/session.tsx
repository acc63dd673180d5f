import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, setCsrfToken } from '../api/client';
import type { SessionInfo } from '../api/types';

interface SessionState {
  session: SessionInfo | null;
  refresh: () => Promise<void>;
}

const SessionContext = createContext<SessionState>({ session: null, refresh: async () => undefined });

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionInfo | null>(null);
  const refresh = useCallback(async () => {
    const s = await api<SessionInfo>('GET', '/api/session');
    setCsrfToken(s.csrfToken);
    setSession(s);
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return <SessionContext.Provider value={{ session, refresh }}>{children}</SessionContext.Provider>;
}

export const useSession = (): SessionState => useContext(SessionContext);
