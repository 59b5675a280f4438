/**
 * Performance report: executive summary, platform highlights, engagement
 * breakdown, growth trends and content rankings. Every figure is what the
 * dashboard, compare and performance views return for the same window.
 */
import { compare } from '../../query/views/compare.js';
import { dashboard } from '../../query/views/dashboard.js';
import { performance } from '../../query/views/performance.js';
import { postPublicIds } from '../../db/repositories/report-content.js';
import type { ReportData, ReportSection } from '../types.js';
import type { BuildContext } from './context.js';
import { dataNotes, bucketNote, kpi, platformName, reportSkeleton, summaryItems } from './common.js';
import { contentItemsTable } from './content-items.js';
import { contentTable, platformLineChart } from './sections.js';
import { keyInsightsSection } from './insights.js';

export const TOP_CONTENT_ROWS = 25;

export async function buildPerformanceReport(ctx: BuildContext): Promise<ReportData> {
  const { db, userId, period, previous, granularity: g } = ctx;
  const current = await dashboard(db, userId, period);
  ctx.checkpoint();
  const before = await dashboard(db, userId, previous);
  ctx.checkpoint();
  const cmp = await compare(db, userId, period, g);
  ctx.checkpoint();
  const byContent = ctx.filters.group === 'content';
  const ranking = await performance(db, userId, period, { sort: 'performance_score', order: 'desc', limit: TOP_CONTENT_ROWS, group: byContent ? 'content' : 'post' });
  ctx.checkpoint();
  const publishedBefore = await performance(db, userId, previous, { limit: 1 });
  ctx.checkpoint();
  // The view keeps the database keys (the API translates them at its edge); the report file shows the public ids.
  const ids = await postPublicIds(db, userId, ranking.items.map((p) => p.post_id));
  ctx.checkpoint();
  // A post deleted while the report was being made has no public id left: its row is left out.
  const posts = ranking.items.flatMap((p) => {
    const found = ids.get(p.post_id);
    return found ? [{ ...p, post_id: found.post_id, content_id: found.content_id }] : [];
  });
  const contentIds = new Map([...ids.values()].map((found) => [found.content_key, found.content_id]));
  const contentItems = (ranking.content_items ?? []).flatMap((item) => {
    const contentId = contentIds.get(item.id);
    return contentId ? [{ ...item, content_id: contentId }] : [];
  });

  const sections: ReportSection[] = [
    {
      kind: 'table',
      id: 'platform_highlights',
      title: 'Platform highlights',
      columns: [
        { key: 'platform', label: 'Platform', type: 'text' },
        { key: 'views', label: 'Views', type: 'int' },
        { key: 'engagement', label: 'Engagement', type: 'int' },
        { key: 'engagement_rate', label: 'Eng. rate', type: 'percent' },
        { key: 'followers', label: 'Followers', type: 'int' },
        { key: 'follower_growth', label: 'Follower growth', type: 'int' },
        { key: 'follower_growth_rate', label: 'Growth rate', type: 'percent' },
        { key: 'posts', label: 'Posts', type: 'int' },
      ],
      rows: current.platforms.map((p) => ({
        platform: platformName(p.platform),
        views: p.views,
        engagement: p.engagement,
        engagement_rate: p.engagement_rate,
        followers: p.followers,
        follower_growth: p.follower_growth,
        follower_growth_rate: p.follower_growth_rate,
        posts: p.posts,
      })),
      note: 'Activity in the period on each platform; followers at the end of the period.',
    },
    {
      kind: 'chart',
      id: 'engagement_breakdown',
      title: 'Engagement breakdown by platform',
      chart: 'stacked_bar',
      x: { type: 'category', values: current.platforms.map((p) => platformName(p.platform)) },
      value_type: 'int',
      series: (['likes', 'comments', 'shares', 'saves'] as const).map((m) => ({ name: m, values: current.platforms.map((p) => p[m]) })),
      note: 'Saves only where the platform reports them.',
    },
  ];
  const trendNote = bucketNote(cmp.granularity);
  const views = platformLineChart('views_trend', 'Views per platform', cmp.platforms, (p) => p.views, 'int', trendNote);
  const engagementChart = platformLineChart('engagement_trend', 'Engagement per platform', cmp.platforms, (p) => p.engagement, 'int', trendNote);
  const followers = platformLineChart('followers_trend', 'Followers per platform', cmp.platforms, (p) => p.followers, 'int', `Followers at the end of each point's period. ${trendNote}`);
  for (const chart of [views, engagementChart, followers]) if (chart) sections.push(chart);

  const pt = ranking.totals;
  const pb = publishedBefore.totals;
  sections.push(
    {
      kind: 'kpis',
      id: 'published_content',
      title: 'Content published in the period',
      items: [
        kpi('posts', 'Posts published', 'int', pt.posts, pb.posts),
        kpi('views', 'Lifetime views', 'int', pt.views, pb.views),
        kpi('engagement', 'Lifetime engagement', 'int', pt.engagement, pb.engagement),
        kpi('engagement_rate', 'Engagement rate', 'percent', pt.engagement_rate, pb.engagement_rate),
      ],
      note: 'Latest lifetime numbers of the posts published in each period, so older periods have had longer to collect them.',
    },
    byContent
      ? contentItemsTable(
          'top_content_items',
          'Top content items by performance score',
          contentItems,
          ranking.items,
          ['views', 'engagement', 'engagement_rate', 'performance_score'],
          `Up to ${TOP_CONTENT_ROWS} content items, each combining its posts published in the period: counts summed over the posts, engagement rate of the sums, score the mean of the posts' scores.`,
        )
      : contentTable(
          'top_content',
          'Top content by performance score',
          posts,
          ['views', 'engagement', 'engagement_rate', 'performance_score'],
          `Up to ${TOP_CONTENT_ROWS} posts published in the period. Score 0–100: the post's percentile among your own posts on the same platform, averaged over views and engagement.`,
        ),
  );
  sections.push(await keyInsightsSection(ctx));
  return reportSkeleton(ctx, summaryItems(current.totals, before.totals), dataNotes(ctx, current, before), sections);
}
