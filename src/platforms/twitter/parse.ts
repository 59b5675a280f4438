/**
 * Validating parsers for X API v2. Ids are strings of up to 19 digits.
 * `public_metrics` fields beyond the four original ones (bookmark_count,
 * impression_count) are optional. A 200 can carry `data` and an `errors`
 * array side by side (partial errors); the last page has no
 * `meta.next_token`.
 */
import { count, id, isRecord, isoDate, optArray, optCount, optRecord, optStr, record, str } from '../json.js';

export interface XUser {
  id: string;
  name: string;
  username: string;
  followersCount: number | undefined;
}

export interface XTweet {
  id: string;
  text: string;
  createdAt: Date;
  hasMedia: boolean;
  retweetCount: number | undefined;
  replyCount: number | undefined;
  likeCount: number | undefined;
  quoteCount: number | undefined;
  bookmarkCount: number | undefined;
  impressionCount: number | undefined;
  /** Only with user-context auth, for the author's posts of the last 30 days. */
  urlLinkClicks: number | undefined;
  userProfileClicks: number | undefined;
}

export interface XTimelinePage {
  tweets: XTweet[];
  nextToken: string | undefined;
  /** Partial errors returned next to data, as readable lines. */
  partialErrors: string[];
}

export interface XProblem {
  title: string;
  type: string;
  detail: string;
}

/** `errors: [{ title, detail, type, ... }]` inside a 200, as readable lines. */
export function partialErrors(json: unknown): string[] {
  if (!isRecord(json)) return [];
  return optArray(json['errors'], 'errors').map((e) => {
    if (!isRecord(e)) return 'unknown error';
    const parts = [e['title'], e['detail'] ?? e['message']].filter((p): p is string => typeof p === 'string');
    return parts.join(': ') || 'unknown error';
  });
}

export function parseUser(json: unknown): XUser {
  const data = record(record(json, 'user')['data'], 'data');
  const metrics = optRecord(data['public_metrics'], 'data.public_metrics');
  return {
    id: id(data['id'], 'data.id'),
    name: str(data['name'], 'data.name'),
    username: str(data['username'], 'data.username'),
    followersCount: optCount(metrics?.['followers_count'], 'public_metrics.followers_count'),
  };
}

export function parseTimeline(json: unknown): XTimelinePage {
  const body = record(json, 'timeline');
  const tweets = optArray(body['data'], 'data').map((raw, i) => {
    const t = record(raw, `data[${i}]`);
    const pub = optRecord(t['public_metrics'], `data[${i}].public_metrics`) ?? {};
    const priv = optRecord(t['non_public_metrics'], `data[${i}].non_public_metrics`) ?? {};
    const attachments = optRecord(t['attachments'], `data[${i}].attachments`);
    return {
      id: id(t['id'], `data[${i}].id`),
      text: str(t['text'], `data[${i}].text`),
      createdAt: isoDate(t['created_at'], `data[${i}].created_at`),
      hasMedia: optArray(attachments?.['media_keys'], 'attachments.media_keys').length > 0,
      retweetCount: optCount(pub['retweet_count'], 'retweet_count'),
      replyCount: optCount(pub['reply_count'], 'reply_count'),
      likeCount: optCount(pub['like_count'], 'like_count'),
      quoteCount: optCount(pub['quote_count'], 'quote_count'),
      bookmarkCount: optCount(pub['bookmark_count'], 'bookmark_count'),
      impressionCount: optCount(pub['impression_count'], 'impression_count') ?? optCount(priv['impression_count'], 'non_public_metrics.impression_count'),
      urlLinkClicks: optCount(priv['url_link_clicks'], 'url_link_clicks'),
      userProfileClicks: optCount(priv['user_profile_clicks'], 'user_profile_clicks'),
    };
  });
  const meta = optRecord(body['meta'], 'meta');
  if (meta) count(meta['result_count'] ?? 0, 'meta.result_count');
  return { tweets, nextToken: optStr(meta?.['next_token'], 'meta.next_token'), partialErrors: partialErrors(json) };
}

/** RFC 7807 problem (`title`, `type`, `detail`) or the legacy `{ errors: [{ code, message }] }`. */
export function readProblem(json: unknown): XProblem | undefined {
  if (!isRecord(json)) return undefined;
  if (typeof json['title'] === 'string' || typeof json['type'] === 'string') {
    return {
      title: typeof json['title'] === 'string' ? json['title'] : '',
      type: typeof json['type'] === 'string' ? json['type'] : '',
      detail: typeof json['detail'] === 'string' ? json['detail'] : '',
    };
  }
  const first = Array.isArray(json['errors']) ? json['errors'][0] : undefined;
  if (isRecord(first) && typeof first['message'] === 'string') {
    return { title: String(first['code'] ?? ''), type: '', detail: first['message'] };
  }
  return undefined;
}
