/**
 * The one way the page talks to the API: openapi-fetch typed by the generated
 * schema.d.ts (npm run api:types), so a renamed field is a type error here.
 * The bearer token lives in localStorage; a 401 signs the page out.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema.js';

const TOKEN_KEY = 'pulseboard.token';

type Listener = () => void;
const signedOutListeners = new Set<Listener>();

export function token(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

export function setToken(value: string | null): void {
  if (value) localStorage.setItem(TOKEN_KEY, value);
  else localStorage.removeItem(TOKEN_KEY);
  for (const listener of signedOutListeners) listener();
}

/** Called when the token changes (sign in, sign out, or a 401 from the API). */
export function onTokenChange(listener: Listener): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

const auth: Middleware = {
  onRequest({ request }) {
    const current = token();
    if (current) request.headers.set('Authorization', `Bearer ${current}`);
    return request;
  },
  onResponse({ response, request }) {
    // A revoked or expired token: back to the sign-in page (but not for the sign-in call itself).
    if (response.status === 401 && !request.url.includes('/api/v1/auth/')) setToken(null);
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '' });
api.use(auth);

/** The API's one error body: `{error: {code, message, details?}}`. */
export interface ApiErrorBody {
  error?: { code?: string; message?: string; details?: { field?: string } };
}

export function errorMessage(body: unknown, fallback = 'Something went wrong.'): string {
  const message = (body as ApiErrorBody | undefined)?.error?.message;
  return typeof message === 'string' && message ? message : fallback;
}
