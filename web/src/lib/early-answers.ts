/**
 * Answers a view will ask for, asked for before the view has arrived. A
 * returning page knows its user's time zone (the remembered session), so the
 * entry asks for the first view's figures beside the view's chunk instead of
 * after it (routes.ts, `early`); the view's first load takes the answer
 * already on its way (useApi, `earlyKey`) instead of asking again.
 */
import type { FetchResult } from './fetch-result.js';
import { onLiveEvent } from './live.js';

const pending = new Map<string, Promise<FetchResult<unknown>>>();

export function requestEarly<T>(key: string, load: () => Promise<FetchResult<T>>): void {
  if (!pending.has(key)) pending.set(key, load());
}

/** The early answer for this key, once: every later load (a live update, a retry) asks the API afresh. */
export function takeEarly<T>(key: string): Promise<FetchResult<T>> | undefined {
  const answer = pending.get(key) as Promise<FetchResult<T>> | undefined;
  pending.delete(key);
  return answer;
}

// Figures changed after the early request left: the view must ask for them itself.
onLiveEvent((event) => {
  if (event.type === 'data.updated') pending.clear();
});
