/**
 * Pieces every report type shares: a KPI with its change against the previous
 * period, the executive summary from the dashboard view of both periods, and
 * the document skeleton. Numbers come from the analytics views as they are;
 * the only arithmetic here is the change (value − previous) the summary shows.
 */
import type { Platform } from '../../analytics/catalog.js';
import { changeOf, FOLLOWER_METRICS, followerMismatches } from '../../query/change.js';
import type { dashboard } from '../../query/views/dashboard.js';
import { isContributorMetric } from '../../query/aggregate.js';
import { REPORT_SCHEMA_VERSION } from '../report-schema.js';
import type { Kpi, NumericValueType, ReportData, ReportSection } from '../types.js';
import type { BuildContext } from './context.js';
import { platformName } from '../../analytics/platform-names.js';

export type DashboardResult = Awaited<ReturnType<typeof dashboard>>;
export type DashboardTotals = DashboardResult['totals'];

/** A summary figure with its change against the previous period (query/change.ts holds the arithmetic). */
export function kpi(key: string, label: string, valueType: NumericValueType, value: number | null, previous: number | null, sources?: string[]): Kpi {
  return { key, label, value_type: valueType, value, ...changeOf(value, previous, valueType === 'percent'), ...(sources ? { sources } : {}) };
}

/** Metrics a summary can show, read from the dashboard's totals. */
export const SUMMARY_METRICS = {
  views: { label: 'Views', type: 'int' },
  engagement: { label: 'Engagement', type: 'int' },
  engagement_rate: { label: 'Engagement rate', type: 'percent' },
  likes: { label: 'Likes', type: 'int' },
  comments: { label: 'Comments', type: 'int' },
  shares: { label: 'Shares', type: 'int' },
  saves: { label: 'Saves', type: 'int' },
  clicks: { label: 'Clicks', type: 'int' },
  followers: { label: 'Followers (end of period)', type: 'int' },
  follower_growth: { label: 'Follower growth', type: 'int' },
  follower_growth_rate: { label: 'Follower growth rate', type: 'percent' },
  posts: { label: 'Posts published', type: 'int' },
} as const satisfies Record<string, { label: string; type: NumericValueType }>;
export type SummaryMetric = keyof typeof SUMMARY_METRICS;

export const DEFAULT_SUMMARY: SummaryMetric[] = ['views', 'engagement', 'engagement_rate', 'followers', 'follower_growth', 'posts', 'likes', 'comments', 'shares', 'saves', 'clicks'];

const ENGAGEMENT_PARTS = ['likes', 'comments', 'shares', 'saves'] as const;

/** Which platforms a total is made of (missing is not zero), where the dashboard says. */
function sourcesOf(totals: DashboardTotals, metric: SummaryMetric): string[] | undefined {
  const c = totals.contributors;
  if (isContributorMetric(metric)) return c[metric];
  if (metric === 'engagement' || metric === 'engagement_rate') {
    return [...new Set(ENGAGEMENT_PARTS.flatMap((m) => c[m] ?? []))].sort();
  }
  return undefined;
}

export function summaryItems(current: DashboardTotals, previous: DashboardTotals, metrics: readonly SummaryMetric[] = DEFAULT_SUMMARY): Kpi[] {
  const mismatched = new Set(followerMismatches(current, previous, metrics));
  return metrics.map((m) => {
    const item = kpi(m, SUMMARY_METRICS[m].label, SUMMARY_METRICS[m].type, current[m], previous[m], sourcesOf(current, m));
    // The previous value stays what the dashboard says for that period; only the change, which would mix platforms, goes.
    return mismatched.has(m) ? { ...item, change: null, change_pct: null } : item;
  });
}

/**
 * Caveats that follow from the data rather than from the report type.
 * `previous`: the previous period's dashboard, given when the report shows follower figures.
 */
export function dataNotes(ctx: BuildContext, current: DashboardResult, previous?: DashboardResult): string[] {
  const notes: string[] = [];
  if (previous) {
    // Why a connected platform shows a dash for followers: its count is known only from its first sync on.
    const noCount = current.platforms.filter((p) => p.followers === null).map((p) => platformName(p.platform));
    if (noCount.length > 0) {
      notes.push(`No follower count is stored for ${noCount.join(', ')} up to the end of this period: platforms other than YouTube report only the current count, so their follower history starts at the first sync. Follower totals cover ${namesOf(current.totals.contributors.followers)}.`);
    }
    if (followerMismatches(current.totals, previous.totals, FOLLOWER_METRICS).length > 0) {
      notes.push(`Follower figures of the previous period cover ${namesOf(previous.totals.contributors.followers)}, this period's cover ${namesOf(current.totals.contributors.followers)}: their change is not shown, as it would count whole accounts as growth.`);
    }
  }
  if (current.totals.estimated) {
    notes.push('Part of the activity is history from before tracking started, attributed to each post\'s publish day (estimated).');
  }
  if (current.totals.followers_estimated) {
    notes.push('Follower counts from before the first sync are walked back from it with the platform\'s own daily gains and losses (estimated).');
  }
  const connected = new Set(current.platforms.map((p) => p.platform));
  const missing = ctx.period.platforms.filter((p) => !connected.has(p));
  if (missing.length > 0) notes.push(`No connected account on ${missing.map(platformName).join(', ')}: nothing to report there.`);
  notes.push('A dash (—) is a value the platform does not report; it is never counted as zero. Engagement = likes + comments + shares + saves (saves where reported).');
  return notes;
}

/**
 * The document names platforms as a reader knows them everywhere (tables,
 * chart categories, series), so PDF, CSV and JSON say the same thing; chart
 * colours find the platform by these names too (charts/palette.ts).
 */
export { platformName };

function namesOf(platforms: readonly Platform[]): string {
  return platforms.length === 0 ? 'no platform' : platforms.map(platformName).join(', ');
}

export function reportSkeleton(ctx: BuildContext, items: Kpi[], notes: string[], sections: ReportSection[]): ReportData {
  return {
    schema_version: REPORT_SCHEMA_VERSION,
    report_name: ctx.reportName,
    report_type: ctx.reportType,
    range: { start: ctx.period.from, end: ctx.period.to },
    time_zone: ctx.period.tz,
    platforms: [...ctx.period.platforms],
    generated_at: ctx.generatedAt.toISOString(),
    brand: ctx.brand,
    summary: { previous_range: { start: ctx.previous.from, end: ctx.previous.to }, items },
    notes,
    sections,
  };
}

/** How a series is bucketed, as a sentence for a chart note. */
export function bucketNote(g: string): string {
  if (g === 'day') return 'One point per day.';
  if (g === 'week') return 'One point per week (Monday to Sunday), labelled by its Monday; the first and last week may be partial.';
  return 'One point per calendar month, labelled by its first day; the first and last month may be partial.';
}
