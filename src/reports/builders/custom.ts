/**
 * Custom report: the metrics the user chose, series at the chosen
 * granularity, and the content that passes the content filters (type,
 * hashtags, minimum views, text search) with its totals.
 *
 * The content filters narrow the content table and its totals. Activity
 * totals and series are account-level numbers (the dashboard and growth views)
 * that cannot be split by hashtag or text, so they follow the platforms only;
 * the report says so in its notes.
 */
import { sumNullable } from '../../query/aggregate.js';
import { engagementRate } from '../../analytics/catalog.js';
import type { Period } from '../../analytics/period.js';
import { dashboard } from '../../query/views/dashboard.js';
import { growth, type GrowthPoint } from '../../query/views/growth.js';
import { filteredContent, type ContentFilters } from '../../db/repositories/report-content.js';
import type { NumericValueType, ReportData, ReportSection } from '../types.js';
import type { BuildContext } from './context.js';
import { dataNotes, bucketNote, kpi, reportSkeleton, summaryItems, SUMMARY_METRICS } from './common.js';
import { contentTable, platformLineChart } from './sections.js';
import { DEFAULT_CUSTOM_METRICS, type ReportFilters } from '../../analytics/report-kinds.js';

/** More rows than this make a PDF nobody reads; the totals still cover every matching post. */
export const CUSTOM_CONTENT_ROWS = 200;

/** Metrics the growth view has a series for, and how to read them off a point. */
const SERIES: Partial<Record<string, { read: (p: GrowthPoint) => number | null; type: NumericValueType; title: string }>> = {
  views: { read: (p) => p.views, type: 'int', title: 'Views' },
  engagement: { read: (p) => p.engagement, type: 'int', title: 'Engagement' },
  engagement_rate: { read: (p) => p.engagement_rate, type: 'percent', title: 'Engagement rate' },
  followers: { read: (p) => p.followers, type: 'int', title: 'Followers' },
  follower_growth: { read: (p) => p.follower_change, type: 'int', title: 'Follower change' },
  posts: { read: (p) => p.posts, type: 'int', title: 'Posts published' },
};

/** Columns of the content table for the chosen metrics (content has no follower numbers). */
const CONTENT_COLUMNS = ['views', 'likes', 'comments', 'shares', 'saves', 'clicks', 'engagement', 'engagement_rate'];

export function contentFiltersOf(f: ReportFilters): ContentFilters {
  return {
    contentTypes: f.content_types ?? null,
    hashtags: f.hashtags ?? null,
    minViews: f.min_views ?? null,
    search: f.search ?? null,
  };
}

export function describeContentFilters(f: ReportFilters): string | null {
  const parts: string[] = [];
  if (f.content_types) parts.push(`format ${f.content_types.join(' or ')}`);
  if (f.hashtags) parts.push(`hashtag ${f.hashtags.map((h) => `#${h}`).join(' or ')}`);
  if (f.min_views !== undefined) parts.push(`at least ${f.min_views} views`);
  if (f.search) parts.push(`title or caption containing "${f.search}"`);
  return parts.length === 0 ? null : parts.join('; ');
}

async function contentTotals(ctx: BuildContext, period: Period) {
  const rows = await filteredContent(ctx.db, ctx.userId, period, contentFiltersOf(ctx.filters));
  const views = sumNullable(rows.map((r) => r.views));
  const eng = sumNullable(rows.map((r) => r.engagement));
  return { rows, posts: rows.length, views, engagement: eng, engagement_rate: engagementRate(eng, views) };
}

export async function buildCustomReport(ctx: BuildContext): Promise<ReportData> {
  const { db, userId, period, previous, granularity: g } = ctx;
  const metrics = ctx.filters.metrics ?? DEFAULT_CUSTOM_METRICS;
  const current = await dashboard(db, userId, period);
  ctx.checkpoint();
  const before = await dashboard(db, userId, previous);
  ctx.checkpoint();
  const grown = await growth(db, userId, period, g);
  ctx.checkpoint();
  const content = await contentTotals(ctx, period);
  ctx.checkpoint();
  const contentBefore = await contentTotals(ctx, previous);
  ctx.checkpoint();

  const sections: ReportSection[] = [];
  for (const metric of metrics) {
    const s = SERIES[metric];
    if (!s) continue;
    const chart = platformLineChart(`${metric}_series`, `${s.title} per platform`, grown.platforms, s.read, s.type, bucketNote(g));
    // Counts of discrete posts read better as bars than as a line.
    if (chart) sections.push(metric === 'posts' ? { ...chart, chart: 'bar', x: { ...chart.x, type: 'category' } } : chart);
  }
  const filterText = describeContentFilters(ctx.filters);
  sections.push({
    kind: 'kpis',
    id: 'content_totals',
    title: filterText ? 'Content matching the filters' : 'Content published in the period',
    items: [
      kpi('posts', 'Posts', 'int', content.posts, contentBefore.posts),
      kpi('views', 'Lifetime views', 'int', content.views, contentBefore.views),
      kpi('engagement', 'Lifetime engagement', 'int', content.engagement, contentBefore.engagement),
      kpi('engagement_rate', 'Engagement rate', 'percent', content.engagement_rate, contentBefore.engagement_rate),
    ],
    note: filterText ? `Filters: ${filterText}.` : 'No content filters.',
  });
  const columns = CONTENT_COLUMNS.filter((c) => (metrics as readonly string[]).includes(c));
  const shown = content.rows.slice(0, CUSTOM_CONTENT_ROWS);
  sections.push(
    contentTable(
      'content',
      filterText ? 'Content matching the filters' : 'Content published in the period',
      shown.map((r) => ({ ...r, published_at: new Date(r.published_at).toISOString() })),
      [...(columns.length > 0 ? columns : ['views', 'engagement']), 'performance_score'],
      content.rows.length > shown.length
        ? `The ${shown.length} best by performance score of ${content.rows.length} matching posts; the totals above cover all of them.`
        : 'Sorted by performance score.',
    ),
  );
  const showsFollowers = metrics.some((m) => m === 'followers' || m === 'follower_growth' || m === 'follower_growth_rate');
  const notes = showsFollowers ? dataNotes(ctx, current, before) : dataNotes(ctx, current);
  if (filterText) {
    notes.unshift(`Content filters (${filterText}) apply to the content table and its totals. The summary and the series are account-level activity of the selected platforms, which cannot be split by post attributes.`);
  }
  const summaryMetrics = metrics.filter((m): m is keyof typeof SUMMARY_METRICS => m in SUMMARY_METRICS);
  return reportSkeleton(ctx, summaryItems(current.totals, before.totals, summaryMetrics), notes, sections);
}
