/**
 * TikTok (Display API v2) → common model. Mapping choices, stated once:
 *  - views/likes/comments/shares: `view_count`/`like_count`/`comment_count`/
 *    `share_count`, lifetime counters; a field TikTok leaves out stays absent.
 *  - saves, reach, clicks, impressions, watch time: the Display API has none: absent.
 *  - followers: `follower_count`. The user's `likes_count` (all likes ever
 *    received, private and deleted videos included) is not a per-period metric
 *    and is not mapped.
 *  - publishedAt: `create_time` is Unix seconds (the paging cursor is ms).
 *  - caption: `video_description`; hashtags from title and description.
 */
import { hashtagsFrom } from '../../analytics/hashtags.js';
import type { AccountMetricObservation, PostMetricObservation, PostObservation } from '../../ingest/observations.js';
import type { AccountProfile } from '../types.js';
import type { TikTokUser, TikTokVideo } from './parse.js';

export function userProfile(user: TikTokUser): AccountProfile {
  const displayName = user.displayName ?? user.username ?? user.openId;
  return { externalId: user.openId, handle: user.username ?? displayName, displayName };
}

export function userGauges(user: TikTokUser, observedAt: Date): AccountMetricObservation[] {
  return user.followerCount === undefined ? [] : [{ metric: 'followers', value: user.followerCount, observedAt }];
}

export function videoPost(video: TikTokVideo): PostObservation {
  return {
    platformPostId: video.id,
    publishedAt: new Date(video.createTimeSeconds * 1000),
    url: video.shareUrl ?? null,
    title: video.title ?? null,
    caption: video.description ?? null,
    hashtags: hashtagsFrom(`${video.title ?? ''}\n${video.description ?? ''}`),
    mediaType: 'video',
    durationSeconds: video.durationSeconds ?? null,
  };
}

export function videoCounters(video: TikTokVideo, observedAt: Date): PostMetricObservation[] {
  const pairs: [PostMetricObservation['metric'], number | undefined][] = [
    ['views', video.viewCount],
    ['likes', video.likeCount],
    ['comments', video.commentCount],
    ['shares', video.shareCount],
  ];
  return pairs.flatMap(([metric, value]) => (value === undefined ? [] : [{ platformPostId: video.id, metric, value, observedAt }]));
}
