/** The view state every analytics view shares, read from the URL: range and platforms. */
import { useLocation } from './router.js';
import { apiRangeParams, platformsFromQuery, rangeFromQuery, type RangeChoice } from './range.js';
import { useSession } from './session.js';

export interface ViewState {
  range: RangeChoice;
  platforms: string | undefined;
  /** The query every analytics endpoint takes. */
  query: { from?: string; to?: string; range?: 'all'; platforms?: string; tz: string };
  /** A stable key for effects. */
  key: string;
}

/** The view state of a URL's query in a time zone (also before any view has mounted: routes.ts, `early`). */
export function viewStateOf(query: URLSearchParams, timeZone: string): ViewState {
  const range = rangeFromQuery(query, timeZone);
  const platforms = platformsFromQuery(query);
  const apiQuery = { ...apiRangeParams(range.api), ...(platforms ? { platforms } : {}), tz: timeZone };
  return { range, platforms, query: apiQuery, key: JSON.stringify(apiQuery) };
}

export function useViewState(): ViewState {
  const { query } = useLocation();
  const { timeZone } = useSession();
  return viewStateOf(query, timeZone);
}
