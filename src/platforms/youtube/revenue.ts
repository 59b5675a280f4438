/**
 * YouTube's own revenue figure: Analytics `estimatedRevenue` per day.
 *
 * It needs the `yt-analytics-monetary.readonly` scope and a monetized
 * channel. Without the scope Google answers 403 (insufficientPermissions);
 * for a channel outside the Partner Program it answers 403 (forbidden). Both
 * mean "YouTube reports no revenue for this channel": the step stores nothing
 * (absent, never 0) and the rest of the sync goes on. Throttles and quota
 * keep their own meaning (RateLimited, QuotaExceeded) and stop the sync as
 * any other call would.
 *
 * One Analytics call per sync (none when the window is too recent to hold
 * complete days), drawn from the 'youtube-analytics' budget through the same
 * request hooks as every other call. Days are Pacific days,
 * passed through as the platform's day like subscribersGained. Amounts come
 * as JSON numbers (dataType CURRENCY) in the currency asked for (`currency`,
 * default USD); they are kept as decimal strings, never as floats.
 */
import type { AccountRevenueObservation } from '../../ingest/observations.js';
import { PermanentError } from '../errors.js';
import type { StepPage, SyncStep } from '../sync-steps.js';
import type { CallContext } from '../types.js';
import type { YouTubeClient } from './client.js';
import type { YtReport } from './parse.js';

export const MONETARY_SCOPE = 'https://www.googleapis.com/auth/yt-analytics-monetary.readonly';

/**
 * Analytics has no complete day younger than about two days, so a window of
 * fewer days, today included (the hot tier re-reads 1 day back), could only
 * come back empty: the step then makes no call and spends no budget.
 */
export const REVENUE_MIN_WINDOW_DAYS = 3;

/** The currency revenue is asked in. YouTube converts; we never do. */
export const REVENUE_CURRENCY = 'USD';

/** A JSON number as a plain decimal string with at most 6 places ("3.21", never "3.21e-7" or "3.2100000000000004"). */
export function decimalText(value: number): string {
  const fixed = value.toFixed(6).replace(/0+$/, '');
  const text = fixed.endsWith('.') ? fixed.slice(0, -1) : fixed;
  return text === '-0' ? '0' : text;
}

/** Rows of a `dimensions=day&metrics=estimatedRevenue` report. Missing rows (days still processing) stay missing. */
export function channelRevenue(report: YtReport, currency: string): AccountRevenueObservation[] {
  const dayCol = report.columns.findIndex((c) => c.name === 'day');
  const revenueCol = report.columns.findIndex((c) => c.name === 'estimatedRevenue');
  if (dayCol < 0 || revenueCol < 0) return [];
  const out: AccountRevenueObservation[] = [];
  for (const row of report.rows) {
    const day = row[dayCol];
    const amount = row[revenueCol];
    if (typeof day !== 'string' || typeof amount !== 'number' || !Number.isFinite(amount)) continue;
    out.push({ day, currency, amount: decimalText(amount) });
  }
  return out;
}

/** Whether a failure means "no revenue for this channel" (no monetary scope, or not monetized). */
export function isRevenueRefused(err: unknown): boolean {
  return err instanceof PermanentError && err.status === 403;
}

export interface RevenueStepInput {
  client: YouTubeClient;
  token: string;
  ctx: CallContext;
  /** First and last day to ask for (Pacific days). */
  days: () => Promise<{ startDate: string; endDate: string }>;
  currency?: string;
}

/** The sync step: one report call; nothing yielded when YouTube reports no revenue for the channel. */
export function revenueStep(input: RevenueStepInput): SyncStep {
  const currency = input.currency ?? REVENUE_CURRENCY;
  return {
    name: 'revenue',
    async *run(): AsyncGenerator<StepPage> {
      const { startDate, endDate } = await input.days();
      const windowDays = (Date.parse(endDate) - Date.parse(startDate)) / 86_400_000 + 1;
      if (windowDays < REVENUE_MIN_WINDOW_DAYS) return;
      let report: YtReport;
      try {
        report = await input.client.report(
          input.token,
          { startDate, endDate, dimensions: ['day'], metrics: ['estimatedRevenue'], sort: 'day', currency },
          input.ctx,
        );
      } catch (err) {
        if (isRevenueRefused(err)) return;
        throw err;
      }
      const accountRevenue = channelRevenue(report, currency);
      if (accountRevenue.length > 0) yield { body: { accountRevenue }, more: null };
    },
  };
}
