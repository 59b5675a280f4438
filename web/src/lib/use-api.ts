/**
 * Loads one API answer for a view: loading, data or error, and loads again
 * when its inputs change or when a live event says its figures changed
 * (only the views whose platforms and days the event touches).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { errorMessage } from '../api/client.js';
import { takeEarly } from './early-answers.js';
import type { FetchResult } from './fetch-result.js';
import { useLiveEvents, type LiveEvent } from './live.js';

export type Loaded<T> =
  | { status: 'loading'; data: T | null }
  | { status: 'ok'; data: T }
  | { status: 'error'; data: T | null; message: string; httpStatus: number };

export type { FetchResult };

export interface UseApiOptions {
  /** Load again when a live event matches (default: never). */
  refetchOn?: (event: LiveEvent) => boolean;
  /** The key of an answer the page may have asked for before this view arrived (early-answers.ts). */
  earlyKey?: string;
}

export function useApi<T>(load: () => Promise<FetchResult<T>>, deps: readonly unknown[], options: UseApiOptions = {}): Loaded<T> & { reload: () => void } {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading', data: null });
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);
  const refetchOn = useRef(options.refetchOn);
  refetchOn.current = options.refetchOn;

  useLiveEvents((event) => {
    if (refetchOn.current?.(event)) setGeneration((n) => n + 1);
  });

  useEffect(() => {
    const call = ++latest.current;
    // Keep the previous data on screen while reloading (a live refresh must not flash a spinner).
    setState((previous) => ({ status: 'loading', data: previous.data }));
    ((options.earlyKey !== undefined ? takeEarly<T>(options.earlyKey) : undefined) ?? load())
      .then((result) => {
        if (call !== latest.current) return;
        if (result.data !== undefined && result.response.ok) setState({ status: 'ok', data: result.data });
        else setState({ status: 'error', data: null, message: errorMessage(result.error, `The server answered ${result.response.status}.`), httpStatus: result.response.status });
      })
      .catch(() => {
        if (call === latest.current) setState({ status: 'error', data: null, message: 'The server cannot be reached. Check that Pulseboard is running, then retry.', httpStatus: 0 });
      });
  }, [...deps, generation]);

  return { ...state, reload: () => setGeneration((n) => n + 1) };
}

/** A data.updated event touches a view when a platform and a day overlap (no filter = every platform). */
export function touchesData(event: LiveEvent, platforms: string | undefined, range: { from: string; to: string } | { range: 'all' }): boolean {
  if (event.type !== 'data.updated') return false;
  const wanted = platforms ? platforms.split(',') : null;
  if (wanted && !event.platforms.some((p) => wanted.includes(p))) return false;
  if ('range' in range) return true;
  return event.days.length === 0 || event.days.some((day) => day >= range.from && day <= range.to);
}
