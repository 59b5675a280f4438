/**
 * Instagram → common model. Mapping choices, stated once:
 *  - likes/comments: the media fields `like_count`/`comments_count` (the
 *    insights `likes`/`comments` are the same idea and are not requested).
 *  - views: the `views` insight only. The deprecated `impressions`, `plays` and
 *    `video_views` are different numbers and are never mapped, so after the
 *    April 2025 cutover `impressions` is simply absent, not copied from views.
 *  - saves: media insight `saved` (the account-level name is `saves`).
 *  - shares: insight `shares`; reach: insight `reach` (unique accounts, a gauge:
 *    never summed across posts or days).
 *  - Empty insights (`data: []`) mean "not available": the metrics are absent.
 *  - account daily: `reach` (time series), `profile_views` and
 *    `profile_links_taps` → clicks (total_value per day). The day is the
 *    Pacific day Meta buckets by: for a time series, the day ending at
 *    `end_time`; for total_value, the day that was asked for.
 *  - followers: the user node's `followers_count` (not the `follower_count`
 *    insight, which is a daily gain).
 *  - media type: REELS → reel, STORY → story, CAROUSEL_ALBUM → carousel,
 *    IMAGE → image, other VIDEO → video.
 */
import { hashtagsFrom } from '../../analytics/hashtags.js';
import type {
  AccountDailyObservation,
  AccountMetricObservation,
  PostMetricObservation,
  PostObservation,
} from '../../ingest/observations.js';
import type { AccountDailyMetric, MediaType, PostMetric } from '../../analytics/catalog.js';
import { PACIFIC, dateInZone } from '../time.js';
import type { AccountProfile } from '../types.js';
import type { IgInsight, IgMedia, IgUser } from './parse.js';

const MEDIA_INSIGHT_METRICS: Record<string, PostMetric> = { views: 'views', reach: 'reach', saved: 'saves', shares: 'shares' };
const ACCOUNT_INSIGHT_METRICS: Record<string, AccountDailyMetric> = { reach: 'reach', profile_views: 'profile_views', profile_links_taps: 'clicks' };

export function userProfile(user: IgUser): AccountProfile {
  return { externalId: user.id, handle: user.username, displayName: user.name ?? user.username };
}

export function userGauges(user: IgUser, observedAt: Date): AccountMetricObservation[] {
  return user.followersCount === undefined ? [] : [{ metric: 'followers', value: user.followersCount, observedAt }];
}

function mediaType(media: IgMedia): MediaType {
  if (media.mediaProductType === 'REELS') return 'reel';
  if (media.mediaProductType === 'STORY') return 'story';
  if (media.mediaType === 'CAROUSEL_ALBUM') return 'carousel';
  if (media.mediaType === 'IMAGE') return 'image';
  if (media.mediaType === 'VIDEO') return 'video';
  return 'other';
}

export function mediaPost(media: IgMedia): PostObservation {
  return {
    platformPostId: media.id,
    publishedAt: media.timestamp,
    url: media.permalink ?? null,
    title: null,
    caption: media.caption ?? null,
    hashtags: hashtagsFrom(media.caption),
    mediaType: mediaType(media),
    durationSeconds: null,
  };
}

export function mediaFieldCounters(media: IgMedia, observedAt: Date): PostMetricObservation[] {
  const out: PostMetricObservation[] = [];
  if (media.likeCount !== undefined) out.push({ platformPostId: media.id, metric: 'likes', value: media.likeCount, observedAt });
  if (media.commentsCount !== undefined) out.push({ platformPostId: media.id, metric: 'comments', value: media.commentsCount, observedAt });
  return out;
}

export function mediaInsightCounters(mediaId: string, insights: IgInsight[], observedAt: Date): PostMetricObservation[] {
  return insights.flatMap((insight) => {
    const metric = MEDIA_INSIGHT_METRICS[insight.name];
    const value = insight.totalValue ?? insight.values[0]?.value;
    return metric === undefined || value === undefined ? [] : [{ platformPostId: mediaId, metric, value, observedAt }];
  });
}

/** Time-series insights: each value belongs to the Pacific day that ends at its end_time. */
export function accountSeriesDaily(insights: IgInsight[]): AccountDailyObservation[] {
  return insights.flatMap((insight) => {
    const metric = ACCOUNT_INSIGHT_METRICS[insight.name];
    if (metric === undefined || insight.period !== 'day') return [];
    return insight.values.flatMap((v) => (v.endTime ? [{ metric, day: dateInZone(new Date(v.endTime.getTime() - 1000), PACIFIC), value: v.value }] : []));
  });
}

/** total_value insights asked for exactly one day. */
export function accountTotalsForDay(insights: IgInsight[], day: string): AccountDailyObservation[] {
  return insights.flatMap((insight) => {
    const metric = ACCOUNT_INSIGHT_METRICS[insight.name];
    return metric === undefined || insight.totalValue === undefined ? [] : [{ metric, day, value: insight.totalValue }];
  });
}
