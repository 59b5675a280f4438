/**
 * Validating parsers for TikTok Display API v2. Every response sits in the
 * envelope `{ data, error: { code, message, log_id } }`, and `error.code` is
 * the string "ok" on success, so the envelope is read before anything else,
 * whatever the HTTP status. Video ids are strings (19 digits, beyond 2^53);
 * `create_time` is Unix seconds while the paging `cursor` is milliseconds.
 */
import { MalformedResponse, bool, count, id, isRecord, optArray, optCount, optRecord, optStr, record } from '../json.js';

export interface TikTokEnvelope {
  data: unknown;
  error: { code: string; message: string; logId: string | undefined };
}

export interface TikTokUser {
  openId: string;
  displayName: string | undefined;
  username: string | undefined;
  followerCount: number | undefined;
  followingCount: number | undefined;
  likesCount: number | undefined;
  videoCount: number | undefined;
}

export interface TikTokVideo {
  id: string;
  createTimeSeconds: number;
  title: string | undefined;
  description: string | undefined;
  durationSeconds: number | undefined;
  shareUrl: string | undefined;
  viewCount: number | undefined;
  likeCount: number | undefined;
  commentCount: number | undefined;
  shareCount: number | undefined;
}

export interface TikTokVideoPage {
  videos: TikTokVideo[];
  /** Milliseconds; pass back as the next request's cursor. */
  cursor: number | undefined;
  hasMore: boolean;
}

/** Reads the envelope, or undefined when the body is not one (an HTML error page, a proxy's 502). */
export function readEnvelope(json: unknown): TikTokEnvelope | undefined {
  if (!isRecord(json) || !isRecord(json['error'])) return undefined;
  const error = json['error'];
  if (typeof error['code'] !== 'string') return undefined;
  return {
    data: json['data'],
    error: {
      code: error['code'],
      message: typeof error['message'] === 'string' ? error['message'] : '',
      logId: typeof error['log_id'] === 'string' ? error['log_id'] : undefined,
    },
  };
}

export function parseUser(data: unknown): TikTokUser {
  const user = record(record(data, 'data')['user'], 'data.user');
  return {
    openId: id(user['open_id'], 'user.open_id'),
    displayName: optStr(user['display_name'], 'user.display_name'),
    username: optStr(user['username'], 'user.username'),
    followerCount: optCount(user['follower_count'], 'user.follower_count'),
    followingCount: optCount(user['following_count'], 'user.following_count'),
    likesCount: optCount(user['likes_count'], 'user.likes_count'),
    videoCount: optCount(user['video_count'], 'user.video_count'),
  };
}

function parseVideo(raw: unknown, path: string): TikTokVideo {
  const v = record(raw, path);
  const created = count(v['create_time'], `${path}.create_time`);
  if (created > 1e11) throw new MalformedResponse(`${path}.create_time`, 'Unix seconds');
  return {
    id: id(v['id'], `${path}.id`),
    createTimeSeconds: created,
    title: optStr(v['title'], `${path}.title`),
    description: optStr(v['video_description'], `${path}.video_description`),
    durationSeconds: optCount(v['duration'], `${path}.duration`),
    shareUrl: optStr(v['share_url'], `${path}.share_url`),
    viewCount: optCount(v['view_count'], `${path}.view_count`),
    likeCount: optCount(v['like_count'], `${path}.like_count`),
    commentCount: optCount(v['comment_count'], `${path}.comment_count`),
    shareCount: optCount(v['share_count'], `${path}.share_count`),
  };
}

export function parseVideoPage(data: unknown): TikTokVideoPage {
  const body = optRecord(data, 'data') ?? {};
  return {
    videos: optArray(body['videos'], 'data.videos').map((v, i) => parseVideo(v, `data.videos[${i}]`)),
    cursor: optCount(body['cursor'], 'data.cursor'),
    hasMore: bool(body['has_more'], 'data.has_more') ?? false,
  };
}
