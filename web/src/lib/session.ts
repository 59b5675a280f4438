/**
 * The signed-in user as every view sees it (time zone for day boundaries and
 * presets). The last one the API gave is kept in localStorage beside the
 * token, so a returning page can ask for its figures at once instead of
 * waiting for GET /me; the app still asks /me every time and follows its answer.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export interface Session {
  email: string;
  timeZone: string;
}

const SESSION_KEY = 'pulseboard.session';

export const SessionContext = createContext<Session>({ email: '', timeZone: 'UTC' });

export function useSession(): Session {
  return useContext(SessionContext);
}

/** The session the API last gave this browser, or null (none, or not in the expected shape). */
export function rememberedSession(): Session | null {
  try {
    const value = JSON.parse(localStorage.getItem(SESSION_KEY) ?? 'null') as Partial<Session> | null;
    return value && typeof value.email === 'string' && typeof value.timeZone === 'string' ? { email: value.email, timeZone: value.timeZone } : null;
  } catch {
    return null;
  }
}

/** Keeps the API's latest answer (sign in, /me, a changed time zone); null forgets it (sign out). */
export function rememberSession(session: Session | null): void {
  if (session) localStorage.setItem(SESSION_KEY, JSON.stringify(session));
  else localStorage.removeItem(SESSION_KEY);
}

export function sameSession(a: Session | null, b: Session | null): boolean {
  return a === b || (a !== null && b !== null && a.email === b.email && a.timeZone === b.timeZone);
}
