/**
 * YouTube audience demographics (YouTube Analytics v2 reports.query), read
 * at a slow cadence: the sync step runs only when the sync asks for it (the
 * daily full sync, see src/sync/cadence.ts).
 *
 * Three Analytics calls over the last DEMOGRAPHICS_WINDOW_DAYS Pacific days:
 *  - `dimensions=ageGroup&metrics=viewerPercentage`: share of the window's
 *    signed-in viewers per age group ('age18-24', …, 'age65-'), in percent;
 *  - `dimensions=gender&metrics=viewerPercentage`: the same by gender
 *    ('female', 'male', 'user_specified');
 *  - `dimensions=country&metrics=views`: views per ISO country code.
 * The stored period is the window asked for; YouTube leaves out the last
 * days still processing (about two), so the figures may end a little earlier.
 * Values are stored as YouTube wrote them (percentages are not rescaled to
 * sum to exactly 100; views are not turned into shares). What they rest on
 * ("basis") is the window's views attributed to a country: YouTube does not
 * say how many signed-in viewers the percentages count, so this is an upper
 * bound on it. No rows means YouTube had nothing to report for the window
 * (too few views, or viewers it will not describe): stored as a report with
 * a reason, never filled in. A refused call (400/403, e.g. a dimension the
 * channel may not query) is recorded the same way instead of failing the sync.
 */
import type { AudienceReportObservation } from '../../ingest/observations.js';
import { PermanentError } from '../errors.js';
import type { StepPage, SyncStep } from '../sync-steps.js';
import { PACIFIC, addDays, dateInZone } from '../time.js';
import type { CallContext } from '../types.js';
import type { ReportQuery, YouTubeClient } from './client.js';
import type { YtReport } from './parse.js';
import { MalformedResponse } from '../json.js';

/** The window the figures cover: YouTube Studio's "last 90 days". */
export const DEMOGRAPHICS_WINDOW_DAYS = 90;

/** Reads one dimension column and one metric column by name (columns come dimensions first, in request order). */
export function demographicRows(report: YtReport, dimension: string, metric: string): { bucket: string; value: number }[] {
  const d = report.columns.findIndex((c) => c.name === dimension);
  const m = report.columns.findIndex((c) => c.name === metric);
  if (report.rows.length > 0 && (d < 0 || m < 0)) throw new MalformedResponse('columnHeaders', `a table with ${dimension} and ${metric}`);
  return report.rows.map((row, i) => {
    const bucket = row[d];
    const value = row[m];
    if (typeof bucket !== 'string' || bucket === '') throw new MalformedResponse(`rows[${i}][${d}]`, 'a dimension value');
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new MalformedResponse(`rows[${i}][${m}]`, 'a number');
    return { bucket, value };
  });
}

const NO_ROWS = 'YouTube Analytics returned no rows for this window (too few views, or viewers it does not describe)';

export function youtubeDemographicsStep(client: YouTubeClient, token: string, ctx: CallContext, now: () => Date): SyncStep {
  return {
    name: 'demographics',
    async *run(): AsyncGenerator<StepPage> {
      const endDate = dateInZone(now(), PACIFIC);
      const startDate = addDays(endDate, -(DEMOGRAPHICS_WINDOW_DAYS - 1));
      const ask = async (q: Omit<ReportQuery, 'startDate' | 'endDate'>): Promise<YtReport | string> => {
        try {
          return await client.report(token, { ...q, startDate, endDate }, ctx);
        } catch (err) {
          if (err instanceof PermanentError && err.status !== undefined && err.status >= 400) return `YouTube Analytics refused the report: ${err.reason}`;
          throw err;
        }
      };
      const country = await ask({ dimensions: ['country'], metrics: ['views'], sort: '-views' });
      const age = await ask({ dimensions: ['ageGroup'], metrics: ['viewerPercentage'], sort: 'ageGroup' });
      const gender = await ask({ dimensions: ['gender'], metrics: ['viewerPercentage'], sort: 'gender' });
      const reportedAt = now();
      const countryRows = typeof country === 'string' ? [] : demographicRows(country, 'country', 'views');
      const basis = typeof country === 'string' ? undefined : { kind: 'views' as const, count: countryRows.reduce((sum, r) => sum + r.value, 0) };
      const report = (dimension: AudienceReportObservation['dimension'], metric: string, unit: 'percent' | 'views', answer: YtReport | string, column: string): AudienceReportObservation => {
        const values = typeof answer === 'string' ? [] : demographicRows(answer, column, metric);
        const out: AudienceReportObservation = { dimension, metric, unit, periodStart: startDate, periodEnd: endDate, values, reportedAt };
        if (basis) out.basis = basis;
        if (values.length === 0) out.unavailableReason = typeof answer === 'string' ? answer : NO_ROWS;
        return out;
      };
      yield {
        body: {
          audience: [
            report('age', 'viewerPercentage', 'percent', age, 'ageGroup'),
            report('gender', 'viewerPercentage', 'percent', gender, 'gender'),
            report('country', 'views', 'views', country, 'country'),
          ],
        },
        more: null,
      };
    },
  };
}
