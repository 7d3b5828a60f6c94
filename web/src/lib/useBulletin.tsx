import { createContext, useContext, type ReactNode } from 'react';
import { api } from './api';
import type { Bulletin } from './types';
import { useData, type Data } from './useData';

const BulletinContext = createContext<Data<Bulletin> | null>(null);

/**
 * GET /bulletin once per session, shared: the navigation shows "Post an update" only to whom
 * the server says may post now (`canPost`), and the bulletin pages read its settings.
 */
export function BulletinProvider({ children }: { children: ReactNode }) {
  const bulletin = useData(() => api.get<Bulletin>('/bulletin'), []);
  return <BulletinContext.Provider value={bulletin}>{children}</BulletinContext.Provider>;
}

export function useBulletin(): Data<Bulletin> {
  const bulletin = useContext(BulletinContext);
  if (!bulletin) throw new Error('useBulletin outside BulletinProvider');
  return bulletin;
}
