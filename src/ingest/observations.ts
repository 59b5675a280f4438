/**
 * The normalized observations every source hands to ingestion: connectors,
 * the CSV import, the demo and the tests. One batch belongs to one connected
 * account. Values are plain numbers; a metric the platform does not report is
 * simply absent (never sent as 0).
 */
import type { AccountDailyMetric, AccountGauge, PostMetric } from '../analytics/catalog.js';
import { AUDIENCE_DIMENSIONS, type AudienceDimension, type AudienceReport } from '../db/repositories/audience.js';
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

/** One demographics report as the platform gave it (its shape is the store's: db/repositories/audience.ts). */
export type AudienceReportObservation = AudienceReport;
export { AUDIENCE_DIMENSIONS, type AudienceDimension };

/**
 * Revenue the platform reported for one whole day (YouTube estimatedRevenue),
 * as a decimal string in `currency` (ISO 4217). Sent only when the platform
 * reported it: an unmonetized channel or a missing scope sends none.
 */
export interface AccountRevenueObservation {
  day: string;
  currency: string;
  amount: string;
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
  /** Audience demographics reports (slow cadence: the daily full sync). */
  audience?: AudienceReportObservation[];
  /** Revenue the platform reported per day (YouTube estimatedRevenue); absent where it reported none. */
  accountRevenue?: AccountRevenueObservation[];
}

export interface IngestResult {
  posts: number;
  postSnapshots: number;
  accountSnapshots: number;
  accountDaily: number;
}
