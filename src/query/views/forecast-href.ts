/**
 * The forecast's metrics, and the link from the growth view to the forecast
 * of the same platforms and zone. Its own file so growth (which the forecast view reads its history
 * through) does not import the forecast view back.
 */
import type { Period } from '../../analytics/period.js';

/** What the forecast view forecasts (here, below both the view and growth, so neither imports the other). */
export const FORECAST_METRICS = ['followers', 'views', 'engagement'] as const;
export type ForecastMetric = (typeof FORECAST_METRICS)[number];
export const DEFAULT_FORECAST_METRIC: ForecastMetric = 'followers';

export function forecastHref(period: Period, metric: ForecastMetric): string {
  const q = new URLSearchParams({ metric, platforms: period.platforms.join(','), tz: period.tz });
  return `/api/v1/analytics/forecast?${q.toString()}`;
}
