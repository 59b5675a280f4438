/**
 * Comparison report: the platforms side by side (compare view), their
 * per-post averages, the leader on each metric, and content format
 * effectiveness (video vs image vs text …).
 */
import { compare } from '../../query/views/compare.js';
import { dashboard } from '../../query/views/dashboard.js';
import type { ReportData, ReportSection } from '../types.js';
import type { BuildContext } from './context.js';
import type { Platform } from '../../analytics/catalog.js';
import { dataNotes, bucketNote, platformName, reportSkeleton, summaryItems } from './common.js';
import { formatEffectiveness } from './formats.js';
import { platformLineChart } from './sections.js';
import { roiSection } from './roi.js';

const LEADER_LABELS: Record<string, string> = {
  views: 'Views',
  engagement: 'Engagement',
  engagement_rate: 'Engagement rate',
  follower_growth_rate: 'Follower growth rate',
  avg_views_per_post: 'Average views per post',
  avg_engagement_per_post: 'Average engagement per post',
};

export async function buildComparisonReport(ctx: BuildContext): Promise<ReportData> {
  const { db, userId, period, previous, granularity: g } = ctx;
  const current = await dashboard(db, userId, period);
  ctx.checkpoint();
  const before = await dashboard(db, userId, previous);
  ctx.checkpoint();
  const cmp = await compare(db, userId, period, g);
  ctx.checkpoint();
  const cmpBefore = await compare(db, userId, previous, g);
  ctx.checkpoint();
  const formats = await formatEffectiveness(db, userId, period);
  ctx.checkpoint();

  const platforms = cmp.platforms.map((p) => platformName(p.platform));
  const previousRate = new Map(cmpBefore.platforms.map((p) => [platformName(p.platform), p.engagement_rate]));
  const sections: ReportSection[] = [
    {
      kind: 'table',
      id: 'side_by_side',
      title: 'Platforms side by side',
      columns: [
        { key: 'platform', label: 'Platform', type: 'text' },
        { key: 'views', label: 'Views', type: 'int' },
        { key: 'likes', label: 'Likes', type: 'int' },
        { key: 'comments', label: 'Comments', type: 'int' },
        { key: 'shares', label: 'Shares', type: 'int' },
        { key: 'engagement', label: 'Engagement', type: 'int' },
        { key: 'engagement_rate', label: 'Eng. rate', type: 'percent' },
        { key: 'follower_growth_rate', label: 'Follower growth', type: 'percent' },
      ],
      rows: cmp.platforms.map((p) => ({
        platform: platformName(p.platform),
        views: p.totals.views,
        likes: p.totals.likes,
        comments: p.totals.comments,
        shares: p.totals.shares,
        engagement: p.totals.engagement,
        engagement_rate: p.engagement_rate,
        follower_growth_rate: p.follower_growth_rate,
      })),
      note: 'Activity in the period.',
    },
    {
      kind: 'table',
      id: 'per_post',
      title: 'Per-post averages',
      columns: [
        { key: 'platform', label: 'Platform', type: 'text' },
        { key: 'posts', label: 'Posts published', type: 'int' },
        { key: 'avg_views_per_post', label: 'Avg views per post', type: 'decimal' },
        { key: 'avg_engagement_per_post', label: 'Avg engagement per post', type: 'decimal' },
        { key: 'avg_engagement_rate', label: 'Eng. rate of these posts', type: 'percent' },
      ],
      rows: cmp.platforms.map((p) => ({ platform: platformName(p.platform), ...p.per_post })),
      note: 'Over the content published in the period, with its lifetime numbers.',
    },
    {
      kind: 'table',
      id: 'leaders',
      title: 'Leader per metric',
      columns: [
        { key: 'metric', label: 'Metric', type: 'text' },
        { key: 'leader', label: 'Leading platform', type: 'text' },
      ],
      rows: Object.entries(cmp.leaders).map(([metric, leader]) => ({ metric: LEADER_LABELS[metric] ?? metric, leader: leader === null ? null : platformName(leader) })),
    },
  ];
  if (platforms.length > 0) {
    sections.push({
      kind: 'chart',
      id: 'engagement_rate_by_platform',
      title: 'Engagement rate by platform',
      chart: 'bar',
      x: { type: 'category', values: platforms },
      value_type: 'percent',
      y_label: '%',
      series: [
        { name: 'This period', values: cmp.platforms.map((p) => p.engagement_rate) },
        { name: 'Previous period', values: platforms.map((p) => previousRate.get(p) ?? null) },
      ],
    });
  }
  const views = platformLineChart('views_trend', 'Views per platform', cmp.platforms, (p) => p.views, 'int', bucketNote(g));
  if (views) sections.push(views);

  sections.push({
    kind: 'table',
    id: 'format_effectiveness',
    title: 'Content format effectiveness',
    columns: [
      { key: 'media_type', label: 'Format', type: 'text' },
      { key: 'posts', label: 'Posts', type: 'int' },
      { key: 'views', label: 'Views', type: 'int' },
      { key: 'engagement', label: 'Engagement', type: 'int' },
      { key: 'avg_views_per_post', label: 'Avg views per post', type: 'decimal' },
      { key: 'avg_engagement_per_post', label: 'Avg engagement per post', type: 'decimal' },
      { key: 'engagement_rate', label: 'Eng. rate', type: 'percent' },
    ],
    rows: formats.overall.map(({ platform: _platform, ...r }) => r),
    note: 'Content published in the period, lifetime numbers, all selected platforms together.',
  });
  if (formats.overall.length > 0) {
    sections.push({
      kind: 'chart',
      id: 'format_engagement_rate',
      title: 'Engagement rate by content format',
      chart: 'bar',
      x: { type: 'category', values: formats.overall.map((r) => r.media_type) },
      value_type: 'percent',
      y_label: '%',
      series: [{ name: 'Engagement rate', values: formats.overall.map((r) => r.engagement_rate) }],
    });
  }
  sections.push({
    kind: 'table',
    id: 'format_by_platform',
    title: 'Content format by platform',
    columns: [
      { key: 'platform', label: 'Platform', type: 'text' },
      { key: 'media_type', label: 'Format', type: 'text' },
      { key: 'posts', label: 'Posts', type: 'int' },
      { key: 'views', label: 'Views', type: 'int' },
      { key: 'engagement', label: 'Engagement', type: 'int' },
      { key: 'avg_views_per_post', label: 'Avg views per post', type: 'decimal' },
      { key: 'avg_engagement_per_post', label: 'Avg engagement per post', type: 'decimal' },
      { key: 'engagement_rate', label: 'Eng. rate', type: 'percent' },
    ],
    rows: formats.byPlatform.map((r) => ({ ...r, platform: r.platform === null ? null : platformName(r.platform as Platform) })),
  });
  // ROI only when the user keeps a ledger for this period.
  const roi = await roiSection(db, userId, period);
  ctx.checkpoint();
  if (roi) sections.push(roi);
  return reportSkeleton(ctx, summaryItems(current.totals, before.totals), dataNotes(ctx, current, before), sections);
}
