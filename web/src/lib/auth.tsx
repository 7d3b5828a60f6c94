import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, tokenStore, UNAUTHORIZED_EVENT } from './api';
import type { User } from './types';

interface Auth {
  user: User | null;
  canEdit: boolean;
  signIn: (email: string, password: string) => Promise<void>;
  /** Changes the signed-in user's password; the server ends every session, this one too, and answers a new one. */
  changePassword: (currentPassword: string, newPassword: string) => Promise<void>;
  signOut: () => void;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [checking, setChecking] = useState(() => tokenStore.get() !== null);

  const signOut = useCallback(() => {
    tokenStore.clear();
    setUser(null);
  }, []);

  useEffect(() => {
    window.addEventListener(UNAUTHORIZED_EVENT, signOut);
    if (tokenStore.get()) {
      api
        .get<User>('/auth/me')
        .then(setUser, signOut)
        .finally(() => setChecking(false));
    }
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, signOut);
  }, [signOut]);

  const signIn = useCallback(async (email: string, password: string) => {
    const result = await api.post<{ token: string }>('/auth/login', { email, password });
    tokenStore.set(result.token);
    // Only /auth/me says which person is the user's own (what "My shifts" shows).
    try {
      setUser(await api.get<User>('/auth/me'));
    } catch (error) {
      tokenStore.clear();
      throw error;
    }
  }, []);

  const changePassword = useCallback(async (currentPassword: string, newPassword: string) => {
    const result = await api.post<{ token: string; user: User }>('/auth/password', { currentPassword, newPassword });
    tokenStore.set(result.token);
    // The answer's user does not say which person is theirs; a new password does not change it.
    setUser((before) => ({ ...result.user, person: before?.person ?? null }));
  }, []);

  const value = useMemo(
    () => ({ user, canEdit: user?.role === 'admin', signIn, changePassword, signOut }),
    [user, signIn, changePassword, signOut],
  );
  if (checking) return <p className="loading-page">Loading…</p>;
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}
