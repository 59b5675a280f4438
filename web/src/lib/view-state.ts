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

export function useViewState(): ViewState {
  const { query } = useLocation();
  const { timeZone } = useSession();
  const range = rangeFromQuery(query, timeZone);
  const platforms = platformsFromQuery(query);
  const apiQuery = { ...apiRangeParams(range.api), ...(platforms ? { platforms } : {}), tz: timeZone };
  return { range, platforms, query: apiQuery, key: JSON.stringify(apiQuery) };
}
