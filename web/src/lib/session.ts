/** The signed-in user as every view sees it (time zone for day boundaries and presets). */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export interface Session {
  email: string;
  timeZone: string;
}

export const SessionContext = createContext<Session>({ email: '', timeZone: 'UTC' });

export function useSession(): Session {
  return useContext(SessionContext);
}
