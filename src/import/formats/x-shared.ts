/**
 * Rules every X export shares, consistent with the X mapper
 * (platforms/twitter/mapper.ts):
 *  - views and impressions are both X's impressions (copied, never added);
 *  - comments = replies, likes = likes, saves = bookmarks, clicks = URL clicks;
 *  - shares are NOT imported. The mapper's shares are reposts + quotes. The
 *    exports have reposts but no quotes, so reposts alone would understate
 *    shares and disagree with synced numbers; and the export's `Shares` column
 *    counts shares by DM or link, a different thing from reposts (reference §6
 *    trap 3).
 */
import type { PostObservation } from '../../ingest/observations.js';
import { tweetPost } from '../../platforms/twitter/mapper.js';
import type { XTweet } from '../../platforms/twitter/parse.js';

export const REPOSTS_REASON = "X shares are reposts + quotes (the X connector's rule); the export has no quotes, so reposts alone would disagree with synced shares: not imported";
export const CSV_SHARES_REASON = "X's Shares column counts shares by DM or link, not reposts: it is not the catalog's shares and is not imported";
export const ENGAGEMENTS_REASON = "X's own total of every interaction (clicks and expands included); engagement is computed from likes, comments, shares and saves";

/** The X connector's post, with what the export cannot tell left unset. */
export function exportedPost(tweet: XTweet, hasText: boolean): PostObservation {
  return { ...tweetPost(tweet), caption: hasText ? tweet.text : null, mediaType: null };
}

/** `https://x.com/<handle>/status/<id>` (or twitter.com) → the handle. */
export function handleFromLink(link: string | undefined): string | undefined {
  const m = link ? /^https?:\/\/(?:www\.|mobile\.)?(?:x|twitter)\.com\/([A-Za-z0-9_]{1,15})\/status\//i.exec(link) : null;
  return m && m[1]!.toLowerCase() !== 'i' ? m[1] : undefined;
}

export function tweetOf(fields: Pick<XTweet, 'id' | 'text' | 'createdAt'> & Partial<XTweet>): XTweet {
  return {
    hasMedia: false,
    retweetCount: undefined,
    replyCount: undefined,
    likeCount: undefined,
    quoteCount: undefined,
    bookmarkCount: undefined,
    impressionCount: undefined,
    urlLinkClicks: undefined,
    userProfileClicks: undefined,
    ...fields,
  };
}
