/**
 * The link from the growth view to the forecast of the same platforms and
 * zone. Its own file so growth (which the forecast view reads its history
 * through) does not import the forecast view back.
 */
import type { Period } from '../../analytics/period.js';
import type { ForecastMetric } from './forecast.js';

export function forecastHref(period: Period, metric: ForecastMetric): string {
  const q = new URLSearchParams({ metric, platforms: period.platforms.join(','), tz: period.tz });
  return `/api/v1/analytics/forecast?${q.toString()}`;
}
