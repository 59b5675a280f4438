/**
 * What a report can be asked for: its kinds, file formats, custom metrics and
 * filters. Vocabulary like the metric catalog, so it sits at the bottom with
 * it: the store keeps these values in its report and schedule rows, the report
 * builders read them, and the API's schemas list them.
 */
import type { Granularity } from './buckets.js';

export const REPORT_TYPES = ['performance', 'growth', 'comparison', 'custom'] as const;
export type ReportType = (typeof REPORT_TYPES)[number];

export const EXPORT_FORMATS = ['json', 'csv', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Metrics a custom report can be made of: the activity totals of the dashboard. */
export const CUSTOM_METRICS = [
  'views', 'engagement', 'engagement_rate', 'likes', 'comments', 'shares', 'saves', 'clicks',
  'followers', 'follower_growth', 'follower_growth_rate', 'posts',
] as const;
export type CustomMetric = (typeof CUSTOM_METRICS)[number];
export const DEFAULT_CUSTOM_METRICS: CustomMetric[] = ['views', 'engagement', 'engagement_rate', 'followers', 'posts'];

/**
 * Rows of content listings: one per post, or one per content item combining
 * its posts (the performance view's `group`, a performance report's filter).
 */
export const CONTENT_GROUPINGS = ['post', 'content'] as const;
export type ContentGrouping = (typeof CONTENT_GROUPINGS)[number];

/** Filters of a report as applied (normalized by reports/request.ts, stored as such). */
export interface ReportFilters {
  granularity?: Granularity;
  /** Performance reports: rank content items instead of posts. */
  group?: ContentGrouping;
  metrics?: CustomMetric[];
  content_types?: string[];
  hashtags?: string[];
  min_views?: number;
  search?: string;
}
