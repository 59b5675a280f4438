/**
 * X → common model. Mapping choices, stated once:
 *  - views AND impressions: both are `impression_count` (the UI labels it
 *    "Views"); the one number is copied to both and never added together.
 *    Absent when X does not send it.
 *  - shares = retweet_count + quote_count: both put the post in front of the
 *    sharer's followers ("Reposts + Quotes"). This is not the CSV export's
 *    `Shares` column (DM/link shares), which is a different thing.
 *  - comments = reply_count; likes = like_count; saves = bookmark_count.
 *  - clicks = non_public_metrics.url_link_clicks (link clicks out of the
 *    post; user_profile_clicks are not added). Only for the author's posts of
 *    the last 30 days, read in a separate pass.
 *  - followers = public_metrics.followers_count.
 *  - media type: 'text', or 'other' when the post has attachments (the type
 *    of the media is not requested).
 */
import { hashtagsFrom } from '../../analytics/hashtags.js';
import type { AccountMetricObservation, PostMetricObservation, PostObservation } from '../../ingest/observations.js';
import type { PostMetric } from '../../analytics/catalog.js';
import type { AccountProfile } from '../types.js';
import type { XTweet, XUser } from './parse.js';

export function userProfile(user: XUser): AccountProfile {
  return { externalId: user.id, handle: user.username, displayName: user.name };
}

export function userGauges(user: XUser, observedAt: Date): AccountMetricObservation[] {
  return user.followersCount === undefined ? [] : [{ metric: 'followers', value: user.followersCount, observedAt }];
}

export function tweetPost(tweet: XTweet): PostObservation {
  return {
    platformPostId: tweet.id,
    publishedAt: tweet.createdAt,
    url: `https://x.com/i/web/status/${tweet.id}`,
    title: null,
    caption: tweet.text,
    hashtags: hashtagsFrom(tweet.text),
    mediaType: tweet.hasMedia ? 'other' : 'text',
    durationSeconds: null,
  };
}

export function tweetPublicCounters(tweet: XTweet, observedAt: Date): PostMetricObservation[] {
  const shares = tweet.retweetCount === undefined ? undefined : tweet.retweetCount + (tweet.quoteCount ?? 0);
  const pairs: [PostMetric, number | undefined][] = [
    ['views', tweet.impressionCount],
    ['impressions', tweet.impressionCount],
    ['likes', tweet.likeCount],
    ['comments', tweet.replyCount],
    ['shares', shares],
    ['saves', tweet.bookmarkCount],
  ];
  return pairs.flatMap(([metric, value]) => (value === undefined ? [] : [{ platformPostId: tweet.id, metric, value, observedAt }]));
}

export function tweetClickCounters(tweet: XTweet, observedAt: Date): PostMetricObservation[] {
  return tweet.urlLinkClicks === undefined ? [] : [{ platformPostId: tweet.id, metric: 'clicks', value: tweet.urlLinkClicks, observedAt }];
}
