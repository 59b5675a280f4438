/**
 * Growth forecast per platform: the API's point forecast with its 80 % and
 * 95 % intervals after the last 60 days of history (the growth endpoint's
 * daily series, the same history the forecast is made from), the model the
 * backtest chose and how it did against the simple baselines — or why there
 * is no forecast. Metric and horizon live in the URL.
 */
import { useMemo } from 'preact/hooks';
import { buildBandLineOption } from '../../../../src/charts/index.js';
import { api } from '../../api/client.js';
import { Chart } from '../../components/Chart.js';
import { ErrorState, Loading } from '../../components/States.js';
import { formatDay, formatInt, platformLabel } from '../../lib/format.js';
import { setQuery, useLocation } from '../../lib/router.js';
import { useApi } from '../../lib/use-api.js';
import { useViewState } from '../../lib/view-state.js';
import { MODEL_WORDS, maseWords, plural, shareWords } from './words.js';

const METRICS = [
  { value: 'followers', label: 'Followers' },
  { value: 'views', label: 'Views per day' },
  { value: 'engagement', label: 'Engagement per day' },
] as const;
type Metric = (typeof METRICS)[number]['value'];
const HORIZONS = [7, 14, 28, 90] as const;
const HISTORY_SHOWN = 60;

function loadForecast(query: { platforms?: string; tz: string; metric: Metric; horizon: number }) {
  return api.GET('/api/v1/analytics/forecast', { params: { query } });
}
type ForecastAnswer = NonNullable<Awaited<ReturnType<typeof loadForecast>>['data']>;
type PlatformForecast = ForecastAnswer['platforms'][number];

function loadHistory(query: { from: string; to: string; platforms?: string; tz: string }) {
  return api.GET('/api/v1/analytics/growth', { params: { query: { ...query, granularity: 'day' } } });
}
type Growth = NonNullable<Awaited<ReturnType<typeof loadHistory>>['data']>;

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function Forecasts() {
  const view = useViewState();
  const { query } = useLocation();
  const metric: Metric = METRICS.find((m) => m.value === query.get('forecast'))?.value ?? 'followers';
  const horizonParam = Number(query.get('horizon'));
  const horizon = HORIZONS.find((h) => h === horizonParam) ?? 28;
  const base = { ...(view.platforms ? { platforms: view.platforms } : {}), tz: view.query.tz };
  const forecast = useApi(() => loadForecast({ ...base, metric, horizon }), [view.platforms, view.query.tz, metric, horizon], {
    refetchOn: (e) => e.type === 'data.updated',
  });
  const lastDay = forecast.data?.platforms.map((p) => p.history.to).filter((d): d is string => d !== null).sort().at(-1) ?? null;
  const history = useApi(
    () => (lastDay ? loadHistory({ ...base, from: addDays(lastDay, 1 - HISTORY_SHOWN), to: lastDay }) : Promise.resolve({ data: undefined, response: new Response(null, { status: 204 }) })),
    [lastDay, view.platforms, view.query.tz],
  );

  return (
    <section class="section" aria-labelledby="forecast-title" id="forecast">
      <h2 id="forecast-title">Growth forecast</h2>
      <p class="note">Offered only where a backtest on your own history shows the forecast beats the simple guesses (“same as yesterday”, “same as last week”).</p>
      <div class="controls">
        <label>
          <span class="field-label">Metric</span>
          <select value={metric} onChange={(e) => setQuery({ forecast: e.currentTarget.value === 'followers' ? null : e.currentTarget.value }, { replace: true })}>
            {METRICS.map((m) => (
              <option key={m.value} value={m.value}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span class="field-label">Days ahead</span>
          <select value={String(horizon)} onChange={(e) => setQuery({ horizon: e.currentTarget.value === '28' ? null : e.currentTarget.value }, { replace: true })}>
            {HORIZONS.map((h) => (
              <option key={h} value={String(h)}>
                {h} days
              </option>
            ))}
          </select>
        </label>
      </div>
      {forecast.status === 'error' ? (
        <ErrorState message={forecast.message} onRetry={forecast.reload} />
      ) : !forecast.data ? (
        <Loading what="the forecast" />
      ) : forecast.data.platforms.length === 0 ? (
        <p class="card note">No connected account on these platforms: connect one on the Accounts page to get a forecast.</p>
      ) : (
        <>
          <div class={forecast.data.platforms.filter((p) => p.forecast !== null).length > 1 ? 'grid-2' : undefined}>
            {forecast.data.platforms
              .filter((p) => p.forecast !== null)
              .map((p) => (
                <PlatformForecastCard key={p.platform} forecast={p} history={history.data ?? null} />
              ))}
          </div>
          <NoForecasts platforms={forecast.data.platforms.filter((p) => p.forecast === null)} metric={metric} />
        </>
      )}
    </section>
  );
}

/** Platforms without a forecast, each with the API's reason, in one compact card. */
function NoForecasts({ platforms, metric }: { platforms: PlatformForecast[]; metric: Metric }) {
  if (platforms.length === 0) return null;
  const label = METRICS.find((m) => m.value === metric)?.label.toLowerCase() ?? metric;
  return (
    <article class="card section-gap" aria-labelledby="no-forecast-title">
      <h3 id="no-forecast-title">No forecast of {label} yet</h3>
      <ul class="no-forecast">
        {platforms.map((p) => (
          <li key={p.platform}>
            <strong>{platformLabel(p.platform)}:</strong> {p.reason ?? 'the server gave no reason.'}
            {p.history.from && p.history.to ? ` (history: ${plural(p.history.days, 'day')}, ${formatDay(p.history.from)} to ${formatDay(p.history.to)})` : ''}
          </li>
        ))}
      </ul>
    </article>
  );
}

function historyValues(growth: Growth | null, platform: string, metric: Metric): Map<string, number | null> {
  const out = new Map<string, number | null>();
  const series = growth?.platforms.find((p) => p.platform === platform)?.series ?? [];
  for (const point of series) out.set(point.date, point[metric]);
  return out;
}

function PlatformForecastCard({ forecast, history }: { forecast: PlatformForecast; history: Growth | null }) {
  const label = platformLabel(forecast.platform);
  const metricLabel = METRICS.find((m) => m.value === forecast.metric)?.label ?? forecast.metric;
  const chart = useMemo(() => {
    const f = forecast.forecast;
    if (!f) return null;
    const past = historyValues(history, forecast.platform, forecast.metric);
    const pastDays = [...past.keys()].filter((d) => forecast.history.to === null || d <= forecast.history.to).sort();
    const dates = [...pastDays, ...f.points.map((p) => p.date)];
    const pad = (n: number) => Array<null>(n).fill(null);
    // The forecast line starts at the last observed day so the two lines join.
    const lastPast = pastDays.length > 0 ? (past.get(pastDays[pastDays.length - 1]!) ?? null) : null;
    const option = buildBandLineOption({
      dates,
      lines: [
        { name: 'Observed', values: [...pastDays.map((d) => past.get(d) ?? null), ...pad(f.points.length)] },
        { name: 'Forecast', values: [...pad(Math.max(0, pastDays.length - 1)), ...(pastDays.length > 0 ? [lastPast] : []), ...f.points.map((p) => p.value)] },
      ],
      bands: [
        { name: '95% range', lower: [...pad(pastDays.length), ...f.points.map((p) => p.lower_95)], upper: [...pad(pastDays.length), ...f.points.map((p) => p.upper_95)] },
        { name: '80% range', lower: [...pad(pastDays.length), ...f.points.map((p) => p.lower_80)], upper: [...pad(pastDays.length), ...f.points.map((p) => p.upper_80)] },
      ],
      dashLaterLines: true,
      palette: ['#5a5d66', '#2f6fde'],
    });
    const table = {
      columns: ['Day', 'Forecast', '80% range', '95% range'],
      rows: f.points.map((p) => [formatDay(p.date), formatInt(p.value), `${formatInt(p.lower_80)} – ${formatInt(p.upper_80)}`, `${formatInt(p.lower_95)} – ${formatInt(p.upper_95)}`]),
    };
    return { option, table };
  }, [forecast, history]);

  const titleId = `forecast-${forecast.platform}`;
  return (
    <article class="card" aria-labelledby={titleId}>
      <h3 id={titleId}>
        {label}: {metricLabel.toLowerCase()}
      </h3>
      {forecast.forecast && chart ? (
        <>
          <Chart option={chart.option} label={`${label} ${metricLabel.toLowerCase()}: the last days and the forecast with its 80% and 95% ranges`} table={chart.table} />
          <Backtest forecast={forecast} />
        </>
      ) : (
        <p class="not-enough">
          <strong>No forecast:</strong> {forecast.reason ?? 'the server gave no reason.'}
        </p>
      )}
      <p class="note">
        {forecast.history.from && forecast.history.to
          ? `Made from ${plural(forecast.history.days, 'day')} of history, ${formatDay(forecast.history.from)} to ${formatDay(forecast.history.to)}.`
          : 'No daily history yet.'}
      </p>
    </article>
  );
}

function Backtest({ forecast }: { forecast: PlatformForecast }) {
  const f = forecast.forecast;
  if (!f) return null;
  const b = f.backtest;
  return (
    <div class="backtest">
      <p>
        Model: <strong>{MODEL_WORDS[f.model] ?? f.model}</strong>, chosen because it did best when tested on your past {plural(b.origins, 'starting point')}.
      </p>
      <p>
        Typical error (MASE, lower is better; 1 = as far off as “same weekday last week” usually is): this model <strong>{maseWords(b.mase)}</strong>, “same as
        yesterday” {maseWords(b.baselines.naive)}, “same as last week” {maseWords(b.baselines.seasonal_naive)}.
      </p>
      <p>
        In that test the 80% range held the real value {shareWords(b.coverage_80)} of the time (ideally 80%) and the 95% range {shareWords(b.coverage_95)} (ideally 95%)
        {forecast.metric === 'followers' ? ' (errors measured on daily changes, ranges on the count)' : ''}.
      </p>
    </div>
  );
}
