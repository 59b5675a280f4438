/**
 * The normalized observations every source hands to ingestion: connectors,
 * the CSV import, the demo and the tests. One batch belongs to one connected
 * account. Values are plain numbers; a metric the platform does not report is
 * simply absent (never sent as 0).
 */
import type { AccountDailyMetric, AccountGauge, PostMetric } from '../analytics/catalog.js';

export type MediaType = 'video' | 'short' | 'image' | 'carousel' | 'text' | 'reel' | 'story' | 'other';

/** Metadata of a post as the platform describes it. */
export interface PostObservation {
  platformPostId: string; // always a string: ids beyond 2^53 exist (X, TikTok, Instagram)
  publishedAt: Date;
  url?: string | null;
  title?: string | null;
  caption?: string | null;
  /** Without the leading '#', lower-cased; derived from the caption when not given. */
  hashtags?: string[];
  mediaType?: MediaType | null;
  /** Duration in seconds for video content. */
  durationSeconds?: number | null;
}

/** A lifetime counter of one post at one instant ("views so far"). */
export interface PostMetricObservation {
  platformPostId: string;
  metric: PostMetric;
  value: number;
  observedAt: Date;
}

/** A lifetime value of the account at one instant ("followers now"). */
export interface AccountMetricObservation {
  metric: AccountGauge;
  value: number;
  observedAt: Date;
}

/** A value the platform reports for one whole day (YYYY-MM-DD, in the platform's day). */
export interface AccountDailyObservation {
  metric: AccountDailyMetric;
  day: string;
  value: number;
}

export interface ObservationBatch {
  userId: number;
  accountId: number;
  /** Where the numbers came from, e.g. 'youtube_api', 'instagram_csv', 'simulator'. Recorded with each snapshot. */
  source: string;
  posts?: PostObservation[];
  postMetrics?: PostMetricObservation[];
  accountMetrics?: AccountMetricObservation[];
  accountDaily?: AccountDailyObservation[];
}

export interface IngestResult {
  posts: number;
  postSnapshots: number;
  accountSnapshots: number;
  accountDaily: number;
}
