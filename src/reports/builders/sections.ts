/** Section makers shared by the builders: per-platform series charts and content tables. */
import type { Platform } from '../../analytics/catalog.js';
import type { ChartSection, NumericValueType, TableColumn, TableSection } from '../types.js';
import { platformName } from './common.js';

export interface PlatformSeries<P> {
  platform: Platform;
  series: P[];
}

/**
 * One line per platform over the buckets of the window. All platforms share
 * the bucket dates (the views build the same buckets for each), so the x axis
 * is the first platform's; a platform missing a bucket gets null there.
 */
export function platformLineChart<P extends { date: string }>(
  id: string,
  title: string,
  platforms: PlatformSeries<P>[],
  value: (point: P) => number | null,
  valueType: NumericValueType,
  note?: string,
): ChartSection | null {
  const dates = [...new Set(platforms.flatMap((p) => p.series.map((s) => s.date)))].sort();
  if (platforms.length === 0 || dates.length === 0) return null;
  return {
    kind: 'chart',
    id,
    title,
    chart: 'line',
    x: { type: 'date', values: dates },
    value_type: valueType,
    series: platforms.map((p) => {
      const byDate = new Map(p.series.map((s) => [s.date, value(s)]));
      return { name: platformName(p.platform), values: dates.map((d) => byDate.get(d) ?? null) };
    }),
    ...(note ? { note } : {}),
  };
}

/** A post of a content table; its ids are the public ones (UUIDs), as the API shows them. */
export interface ContentItem {
  post_id: string;
  content_id: string;
  title: string | null;
  platform: Platform;
  platform_post_id: string;
  media_type: string | null;
  published_at: string;
  url: string | null;
  views: number | null;
  likes: number | null;
  comments: number | null;
  shares: number | null;
  saves: number | null;
  clicks: number | null;
  engagement: number | null;
  engagement_rate: number | null;
  performance_score: number | null;
}

export const CONTENT_METRIC_COLUMNS: Record<string, TableColumn> = {
  views: { key: 'views', label: 'Views', type: 'int' },
  likes: { key: 'likes', label: 'Likes', type: 'int' },
  comments: { key: 'comments', label: 'Comments', type: 'int' },
  shares: { key: 'shares', label: 'Shares', type: 'int' },
  saves: { key: 'saves', label: 'Saves', type: 'int' },
  clicks: { key: 'clicks', label: 'Clicks', type: 'int' },
  engagement: { key: 'engagement', label: 'Engagement', type: 'int' },
  engagement_rate: { key: 'engagement_rate', label: 'Eng. rate', type: 'percent' },
  performance_score: { key: 'performance_score', label: 'Score', type: 'decimal' },
};

/**
 * A content table: title, platform, the post's ids (the platform's and the
 * public ids the API shows for the post and its content item) and URL, format, publish
 * time, then the chosen metric columns. The ids and URL let a reader of the
 * CSV tell which row is which post (titles repeat or are missing). The PDF
 * leaves them out, as they would push most tables onto landscape pages, and
 * makes the title a link to the post instead.
 */
export function contentTable(id: string, title: string, items: ContentItem[], metrics: readonly string[], note?: string): TableSection {
  const metricColumns = metrics.map((m) => CONTENT_METRIC_COLUMNS[m]).filter((c): c is TableColumn => c !== undefined);
  return {
    kind: 'table',
    id,
    title,
    columns: [
      { key: 'title', label: 'Content', type: 'text', link_key: 'url' },
      { key: 'platform', label: 'Platform', type: 'text' },
      { key: 'platform_post_id', label: 'Post ID', type: 'text', in_pdf: false },
      { key: 'url', label: 'URL', type: 'text', in_pdf: false },
      { key: 'post_id', label: 'Pulseboard post ID', type: 'uuid', in_pdf: false },
      { key: 'content_id', label: 'Content ID', type: 'uuid', in_pdf: false },
      { key: 'media_type', label: 'Format', type: 'text' },
      { key: 'published_at', label: 'Published', type: 'datetime' },
      ...metricColumns,
    ],
    rows: items.map((item) => {
      const row: Record<string, string | number | null> = {
        title: item.title ?? '(untitled)',
        platform: platformName(item.platform),
        platform_post_id: item.platform_post_id,
        url: item.url,
        post_id: item.post_id,
        content_id: item.content_id,
        media_type: item.media_type ?? 'other',
        published_at: item.published_at,
      };
      for (const c of metricColumns) row[c.key] = item[c.key as keyof ContentItem] as number | null;
      return row;
    }),
    ...(note ? { note } : {}),
  };
}
