/**
 * Growth report: follower growth per platform, the engagement-rate trend and
 * content velocity (posts per bucket), from the growth view.
 */
import { dashboard } from '../../query/views/dashboard.js';
import { growth } from '../../query/views/growth.js';
import type { ReportData, ReportSection } from '../types.js';
import type { BuildContext } from './context.js';
import { dataNotes, bucketNote, platformName, reportSkeleton, summaryItems } from './common.js';
import { platformLineChart } from './sections.js';

const GROWTH_SUMMARY = ['followers', 'follower_growth', 'follower_growth_rate', 'posts', 'engagement_rate', 'views', 'engagement'] as const;

export async function buildGrowthReport(ctx: BuildContext): Promise<ReportData> {
  const { db, userId, period, previous, granularity: g } = ctx;
  const current = await dashboard(db, userId, period);
  ctx.checkpoint();
  const before = await dashboard(db, userId, previous);
  ctx.checkpoint();
  const grown = await growth(db, userId, period, g);
  ctx.checkpoint();

  const buckets = bucketNote(g);
  const sections: ReportSection[] = [
    {
      kind: 'table',
      id: 'follower_growth',
      title: 'Follower growth by platform',
      columns: [
        { key: 'platform', label: 'Platform', type: 'text' },
        { key: 'followers_start', label: 'Followers at start', type: 'int' },
        { key: 'followers_end', label: 'Followers at end', type: 'int' },
        { key: 'follower_growth', label: 'Growth', type: 'int' },
        { key: 'follower_growth_rate', label: 'Growth rate', type: 'percent' },
        { key: 'posts', label: 'Posts', type: 'int' },
        { key: 'posts_per_week', label: 'Posts per week', type: 'decimal' },
        { key: 'engagement_rate', label: 'Eng. rate', type: 'percent' },
      ],
      rows: grown.platforms.map((p) => ({
        platform: platformName(p.platform),
        followers_start: p.followers_start,
        followers_end: p.followers_end,
        follower_growth: p.follower_growth,
        follower_growth_rate: p.follower_growth_rate,
        posts: p.posts,
        posts_per_week: p.posts_per_week,
        engagement_rate: p.engagement_rate,
      })),
      note: 'Followers at the start are those at the end of the day before the period.',
    },
  ];
  const charts = [
    platformLineChart('followers_trend', 'Followers', grown.platforms, (p) => p.followers, 'int', `At the end of each point's period. ${buckets}`),
    platformLineChart('follower_change', 'Follower change per bucket', grown.platforms, (p) => p.follower_change, 'int', `Change against the end of the point before. ${buckets}`),
    platformLineChart('engagement_rate_trend', 'Engagement-rate trend', grown.platforms, (p) => p.engagement_rate, 'percent', `100 × engagement / views within each point's period. ${buckets}`),
  ];
  for (const chart of charts) if (chart) sections.push(chart);
  const dates = [...new Set(grown.platforms.flatMap((p) => p.series.map((s) => s.date)))].sort();
  if (grown.platforms.length > 0 && dates.length > 0) {
    sections.push({
      kind: 'chart',
      id: 'content_velocity',
      title: 'Content velocity: posts published per bucket',
      chart: 'bar',
      x: { type: 'category', values: dates },
      value_type: 'int',
      series: grown.platforms.map((p) => {
        const byDate = new Map(p.series.map((s) => [s.date, s.posts]));
        return { name: platformName(p.platform), values: dates.map((d) => byDate.get(d) ?? null) };
      }),
      note: buckets,
    });
  }
  return reportSkeleton(ctx, summaryItems(current.totals, before.totals, GROWTH_SUMMARY), dataNotes(ctx, current, before), sections);
}
