/**
 * A small router over the History API: the path picks the view, the query
 * string holds the view state (range, platforms, sort…), so every view can be
 * bookmarked and reloaded as it is.
 */
import { useEffect, useState } from 'preact/hooks';

type Listener = () => void;
const listeners = new Set<Listener>();

function notify() {
  for (const listener of listeners) listener();
}

window.addEventListener('popstate', notify);

export function navigate(href: string, options: { replace?: boolean } = {}): void {
  if (href === location.pathname + location.search) return;
  if (options.replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  notify();
  if (!options.replace) window.scrollTo(0, 0);
}

/** The current path and query, re-rendering on every navigation. */
export function useLocation(): { path: string; query: URLSearchParams } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = () => setTick((n) => n + 1);
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  return { path: location.pathname, query: new URLSearchParams(location.search) };
}

/** Changes some query parameters of the current URL (null removes one), keeping the path. */
export function setQuery(changes: Record<string, string | null>, options: { replace?: boolean } = {}): void {
  const query = new URLSearchParams(location.search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === '') query.delete(key);
    else query.set(key, value);
  }
  const search = query.toString();
  navigate(location.pathname + (search ? `?${search}` : ''), options);
}

/** A link that navigates without reloading, keeping the shared view state (range, platforms). */
export function hrefWithState(path: string, keep: readonly string[] = ['range', 'from', 'to', 'platforms']): string {
  const current = new URLSearchParams(location.search);
  const next = new URLSearchParams();
  for (const key of keep) {
    const value = current.get(key);
    if (value) next.set(key, value);
  }
  const search = next.toString();
  return path + (search ? `?${search}` : '');
}

/** Click handler for <a href>: same-origin left clicks stay in the page. */
export function onLinkClick(event: MouseEvent): void {
  const anchor = (event.currentTarget as HTMLAnchorElement | null) ?? null;
  if (!anchor || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  if (anchor.target || anchor.origin !== location.origin || anchor.hasAttribute('download')) return;
  event.preventDefault();
  navigate(anchor.pathname + anchor.search);
}
