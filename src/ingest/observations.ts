/**
 * The normalized observations every source hands to ingestion: connectors,
 * the CSV import, the demo and the tests. One batch belongs to one connected
 * account. Values are plain numbers; a metric the platform does not report is
 * simply absent (never sent as 0).
 */
import type { AccountDailyMetric, AccountGauge, PostMetric } from '../analytics/catalog.js';
import type { PostMetadata } from '../db/repositories/posts.js';

/** Post metadata is what the store keeps of a post (src/db/repositories/posts.ts). */
export type PostObservation = PostMetadata;

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
