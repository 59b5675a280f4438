/**
 * What every forecasting model is: fitted to a daily series (oldest first),
 * it forecasts the next `h` days. Models are pure: no I/O, no clock, no
 * randomness, so a backtest is reproducible and a test can know the answer.
 */

/** The season of every seasonal model here: a week of daily values. */
export const SEASON = 7;

export const MODEL_NAMES = ['naive', 'seasonal_naive', 'drift', 'ses', 'damped_holt', 'damped_holt_winters'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

export interface Fitted {
  /** Point forecasts for the next h days: index 0 is one day after the last observation. */
  forecast(h: number): number[];
  /** The fitted parameters (smoothing weights, damping), for reports and tests. */
  params: Record<string, number>;
}

export interface Model {
  name: ModelName;
  /** Fewest observations the model can be fitted to. */
  minLength: number;
  /**
   * `from`: parameters of an earlier fit to start the search from (the
   * backtest passes the previous origin's, a few days' data apart).
   */
  fit(y: readonly number[], from?: Record<string, number>): Fitted;
}
