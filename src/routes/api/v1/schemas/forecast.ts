/** Query and answer of GET /analytics/forecast. */
import { Type } from 'typebox';
import { MAX_HORIZON } from '../../../../forecast/forecast.js';
import { MODEL_NAMES } from '../../../../forecast/model.js';
import { DEFAULT_HORIZON, HISTORY_DAYS } from '../../../../query/views/forecast.js';
import { DEFAULT_FORECAST_METRIC, FORECAST_METRICS } from '../../../../query/views/forecast-href.js';
import { Day, Nullable, PlatformName } from './common.js';
import { periodQueryFields } from './analytics-query.js';

const { tz, platforms } = periodQueryFields();

export const ForecastMetric = Type.Enum(FORECAST_METRICS, {
  default: DEFAULT_FORECAST_METRIC,
  description: 'followers (the running count; its daily changes are forecast and added up), views or engagement (daily activity)',
});

export const ForecastQuery = Type.Object({
  platforms,
  tz,
  metric: Type.Optional(ForecastMetric),
  horizon: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_HORIZON, default: DEFAULT_HORIZON, description: `Days to forecast, 1–${MAX_HORIZON}` })),
});

const share = (level: number) =>
  Nullable(Type.Number({ minimum: 0, maximum: 1 }), {
    description: `Share (0–1) of backtest outcomes inside the ${level}% interval made from the errors known before each origin (out of sample); null when too few earlier errors existed to check any`,
  });

const mase = (what: string) =>
  Type.Number({ minimum: 0, description: `MASE of ${what} over steps 1..horizon and every origin: mean absolute error divided by the mean |y_t − y_{t−7}| of the history (1 = as far off as last week's same weekday usually is), rounded to 2 decimals` });

export const ForecastBacktest = Type.Object(
  {
    mase: mase('the chosen model'),
    baselines: Type.Object(
      { naive: mase('naive (the last value)'), seasonal_naive: mase('seasonal naive (the same weekday last week)') },
      { description: 'The baselines the chosen model had to beat by 5%' },
    ),
    coverage_80: share(80),
    coverage_95: share(95),
    origins: Type.Integer({ minimum: 1, description: 'Rolling origins of the backtest: each fits the days before it and forecasts the horizon' }),
  },
  { description: 'Rolling-origin backtest of the chosen model on this history. For followers, MASE is of the daily changes and coverage of the count' },
);

const bound = (text: string) => Type.Number({ description: text });

export const ForecastPointSchema = Type.Object(
  {
    date: Day,
    value: bound('Point forecast, rounded to 2 decimals'),
    lower_80: bound('Lower end of the 80% interval (from the backtest errors at this step)'),
    upper_80: bound('Upper end of the 80% interval'),
    lower_95: bound('Lower end of the 95% interval'),
    upper_95: bound('Upper end of the 95% interval'),
  },
  { description: 'One forecast day' },
);

export const ForecastResponse = Type.Object({
  metric: ForecastMetric,
  horizon: Type.Integer({ minimum: 1, maximum: MAX_HORIZON, description: 'Days forecast' }),
  tz: Type.String({ description: 'IANA time zone of the days' }),
  platforms: Type.Array(
    Type.Object({
      platform: PlatformName,
      metric: ForecastMetric,
      history: Type.Object(
        {
          from: Nullable(Day, { description: 'First day of the history used; null when there is none' }),
          to: Nullable(Day, { description: 'Last day used: yesterday, or the last day with data if the platform has not been synced since' }),
          days: Type.Integer({ minimum: 0, description: `Days of the last unbroken run of known values, at most ${HISTORY_DAYS}` }),
        },
        { description: 'The daily history the forecast is made from' },
      ),
      forecast: Nullable(
        Type.Object({
          model: Type.Enum(MODEL_NAMES, { description: 'The model chosen by backtest MASE' }),
          backtest: ForecastBacktest,
          points: Type.Array(ForecastPointSchema, { description: 'One point per day after history.to, `horizon` of them' }),
        }),
        { description: 'Null when there is no forecast worth offering; `reason` says why' },
      ),
      reason: Nullable(Type.String(), { description: 'Why there is no forecast (history too short, no signal, no model beats the baselines); null when there is one' }),
    }),
    { description: 'Each asked platform with a connected account, in name order' },
  ),
});
