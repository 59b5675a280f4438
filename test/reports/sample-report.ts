/**
 * A report with known numbers for the renderer tests: nulls where platforms do
 * not report a metric, a negative change, a caption with every CSV trap, a
 * two-year daily chart and a performance table long enough to span pages.
 */
import type { ReportData, TableSection } from '../../src/reports/types.js';

export const TRICKY_TITLE = 'He said "wow", then, well…\nnew line — café 日本 ✓ =SUM(A1)';

export interface SampleOptions {
  days?: number;
  posts?: number;
  trendRows?: number;
}

const PLATFORMS = ['youtube', 'tiktok', 'instagram', 'twitter'] as const;

export function isoDay(start: string, offset: number): string {
  return new Date(Date.parse(`${start}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
}

export function sampleReport(options: SampleOptions = {}): ReportData {
  const days = options.days ?? 730;
  const posts = options.posts ?? 120;
  const trendRows = options.trendRows ?? 31;
  const dates = Array.from({ length: days }, (_, i) => isoDay('2023-01-01', i));
  return {
    schema_version: 1,
    report_name: 'Acme Q4 Client Review',
    report_type: 'performance',
    range: { start: '2023-01-01', end: dates.at(-1)! },
    time_zone: 'Europe/Berlin',
    platforms: [...PLATFORMS],
    generated_at: '2025-01-02T08:30:00.000Z',
    brand: { name: 'Northwind Social', color: '#1b5e9e' },
    summary: {
      previous_range: { start: isoDay('2023-01-01', -days), end: '2022-12-31' },
      items: [
        { key: 'views', label: 'Views', value_type: 'int', value: 1_234_567, previous: 1_000_000, change: 234_567, change_pct: 23.46, sources: ['youtube', 'tiktok', 'instagram', 'twitter'] },
        { key: 'engagement', label: 'Engagement', value_type: 'int', value: 45_210, previous: 50_000, change: -4_790, change_pct: -9.58 },
        { key: 'engagement_rate', label: 'Engagement rate', value_type: 'percent', value: 3.66, previous: 5, change: -1.34, change_pct: null },
        { key: 'followers', label: 'Followers', value_type: 'int', value: 98_765, previous: null, change: null, change_pct: null },
        { key: 'saves', label: 'Saves', value_type: 'int', value: 812, previous: 640, change: 172, change_pct: 26.88, sources: ['instagram', 'twitter'] },
        { key: 'clicks', label: 'Link clicks', value_type: 'int', value: null, previous: null, change: null, change_pct: null },
      ],
    },
    notes: ['Activity before tracking started is attributed to the publish day and is estimated.'],
    sections: [
      {
        kind: 'chart',
        id: 'views_trend',
        title: 'Views per platform per day',
        chart: 'line',
        x: { type: 'date', values: dates },
        value_type: 'int',
        series: PLATFORMS.map((name, k) => ({
          name,
          values: dates.map((_, i) => (k === 1 && i % 97 < 5 ? null : Math.round(800 + 400 * Math.sin(i / 25 + k) + 300 * k + i))),
        })),
        note: 'Gaps are days a platform did not report.',
      },
      {
        kind: 'chart',
        id: 'engagement_breakdown',
        title: 'Engagement breakdown',
        chart: 'stacked_bar',
        x: { type: 'category', values: [...PLATFORMS] },
        value_type: 'int',
        series: [
          { name: 'likes', values: [9000, 12000, 7000, 3000] },
          { name: 'comments', values: [1200, 900, 650, 420] },
          { name: 'shares', values: [400, 2100, 300, 800] },
          { name: 'saves', values: [null, null, 500, 312] },
        ],
      },
      {
        kind: 'chart',
        id: 'engagement_rate_by_platform',
        title: 'Engagement rate by platform',
        chart: 'bar',
        x: { type: 'category', values: [...PLATFORMS] },
        value_type: 'percent',
        y_label: '%',
        series: [
          { name: 'This period', values: [2.1, 5.4, 4.2, 1.3] },
          { name: 'Previous period', values: [2.4, 6.0, null, 1.1] },
        ],
      },
      {
        kind: 'kpis',
        id: 'platform_highlights',
        title: 'Platform highlights',
        items: [
          { key: 'tiktok_views', label: 'TikTok views', value_type: 'int', value: 610_000, previous: 420_000, change: 190_000, change_pct: 45.24 },
          { key: 'youtube_followers', label: 'YouTube subscribers', value_type: 'int', value: 40_100, previous: 41_000, change: -900, change_pct: -2.2 },
          { key: 'twitter_clicks', label: 'X link clicks', value_type: 'int', value: 3_100, previous: 0, change: 3_100, change_pct: null },
        ],
      },
      platformTotals(),
      performanceTable(posts),
      {
        kind: 'table',
        id: 'daily_trend',
        title: 'Daily trend',
        columns: [
          { key: 'date', label: 'Date', type: 'date' },
          { key: 'views', label: 'Views', type: 'int' },
          { key: 'engagement', label: 'Engagement', type: 'int' },
          { key: 'followers', label: 'Followers', type: 'int' },
        ],
        rows: Array.from({ length: trendRows }, (_, i) => ({
          date: isoDay('2024-12-01', i),
          views: 3000 + i * 17,
          engagement: i === 3 ? null : 120 + i,
          followers: 98_000 + i * 25,
        })),
      },
    ],
  };
}

function platformTotals(): TableSection {
  return {
    kind: 'table',
    id: 'platform_totals',
    title: 'Totals per platform',
    columns: [
      { key: 'platform', label: 'Platform', type: 'text' },
      { key: 'views', label: 'Views', type: 'int' },
      { key: 'likes', label: 'Likes', type: 'int' },
      { key: 'comments', label: 'Comments', type: 'int' },
      { key: 'shares', label: 'Shares', type: 'int' },
      { key: 'saves', label: 'Saves', type: 'int' },
      { key: 'engagement', label: 'Engagement', type: 'int' },
      { key: 'engagement_rate', label: 'Eng. rate', type: 'percent' },
    ],
    rows: [
      { platform: 'youtube', views: 430_000, likes: 9000, comments: 1200, shares: 400, saves: null, engagement: 10_600, engagement_rate: 2.47 },
      { platform: 'tiktok', views: 610_000, likes: 12000, comments: 900, shares: 2100, saves: null, engagement: 15_000, engagement_rate: 2.46 },
      { platform: 'instagram', views: 150_000, likes: 7000, comments: 650, shares: 300, saves: 500, engagement: 8_450, engagement_rate: 5.63 },
      { platform: 'twitter', views: 44_567, likes: 3000, comments: 420, shares: 800, saves: 312, engagement: 4_532, engagement_rate: 10.17 },
    ],
  };
}

function performanceTable(posts: number): TableSection {
  return {
    kind: 'table',
    id: 'content_performance',
    title: 'Content performance',
    note: 'Latest lifetime values of content published in the period.',
    columns: [
      { key: 'content_id', label: 'ID', type: 'text' },
      { key: 'title', label: 'Title', type: 'text' },
      { key: 'platform', label: 'Platform', type: 'text' },
      { key: 'published_at', label: 'Published', type: 'datetime' },
      { key: 'views', label: 'Views', type: 'int' },
      { key: 'likes', label: 'Likes', type: 'int' },
      { key: 'shares', label: 'Shares', type: 'int' },
      { key: 'comments', label: 'Comments', type: 'int' },
      { key: 'saves', label: 'Saves', type: 'int' },
      { key: 'clicks', label: 'Clicks', type: 'int' },
      { key: 'reach', label: 'Reach', type: 'int' },
      { key: 'engagement', label: 'Engagement', type: 'int' },
      { key: 'engagement_rate', label: 'Eng. rate', type: 'percent' },
      { key: 'performance_score', label: 'Score', type: 'decimal' },
    ],
    rows: Array.from({ length: posts }, (_, i) => {
      const platform = PLATFORMS[i % 4]!;
      const views = 10_000 + i * 137;
      const likes = 300 + i * 3;
      const saves = platform === 'instagram' || platform === 'twitter' ? 20 + i : null;
      const engagement = likes + 40 + 12 + (saves ?? 0);
      return {
        content_id: `c${String(i + 1).padStart(4, '0')}`,
        title: i === 0 ? TRICKY_TITLE : `Post number ${i + 1}: behind the scenes`,
        platform,
        published_at: new Date(Date.UTC(2023, 0, 1 + i * 5, 14, 30)).toISOString(),
        views,
        likes,
        shares: 40,
        comments: 12,
        saves,
        clicks: platform === 'twitter' ? 5 + i : null,
        reach: platform === 'instagram' ? 8_000 + i : null,
        engagement,
        engagement_rate: Math.round((10_000 * engagement) / views) / 100,
        performance_score: Math.round(((i * 37) % 1000) / 10 * 10) / 10,
      };
    }),
  };
}
