/**
 * A table of content items for reports grouped by content (filters.group =
 * content): one row per item, its combined numbers as the performance view
 * grouped by content returns them. For a reader of the CSV, each row names the
 * item's content_id and the platform posts it combines.
 */
import type { Platform } from '../../analytics/catalog.js';
import { platformName } from '../../analytics/platform-names.js';
import type { CombinedMetric } from '../../db/repositories/content-library-metrics.js';
import type { TableColumn, TableSection } from '../types.js';
import { CONTENT_METRIC_COLUMNS } from './sections.js';

export interface ContentGroupRow {
  /** The content item's public id (UUID), as the API shows it. */
  content_id: string;
  title: string | null;
  platforms: Platform[];
  post_count: number;
  first_published_at: string;
  post_ids: number[];
  combined: Record<CombinedMetric, number | null>;
}

export interface GroupedPost {
  post_id: number;
  platform: Platform;
  platform_post_id: string;
}

export function contentItemsTable(id: string, title: string, groups: ContentGroupRow[], posts: GroupedPost[], metrics: readonly CombinedMetric[], note?: string): TableSection {
  const metricColumns = metrics.flatMap((m): [CombinedMetric, TableColumn][] => {
    const column = CONTENT_METRIC_COLUMNS[m];
    return column ? [[m, column]] : [];
  });
  const byId = new Map(posts.map((p) => [p.post_id, p]));
  const named = (ids: number[]) =>
    ids.flatMap((i) => {
      const p = byId.get(i);
      return p ? [`${platformName(p.platform)} ${p.platform_post_id}`] : [];
    }).join('; ');
  return {
    kind: 'table',
    id,
    title,
    columns: [
      { key: 'title', label: 'Content', type: 'text' },
      { key: 'platforms', label: 'Platforms', type: 'text' },
      { key: 'posts', label: 'Posts', type: 'int' },
      { key: 'content_id', label: 'Content ID', type: 'uuid', in_pdf: false },
      { key: 'platform_posts', label: 'Platform posts', type: 'text', in_pdf: false },
      { key: 'first_published_at', label: 'First published', type: 'datetime' },
      ...metricColumns.map(([, column]) => column),
    ],
    rows: groups.map((g) => {
      const row: Record<string, string | number | null> = {
        title: g.title ?? '(untitled)',
        platforms: g.platforms.map(platformName).join(', '),
        posts: g.post_count,
        content_id: g.content_id,
        platform_posts: named(g.post_ids),
        first_published_at: g.first_published_at,
      };
      for (const [m, column] of metricColumns) row[column.key] = g.combined[m];
      return row;
    }),
    ...(note ? { note } : {}),
  };
}
