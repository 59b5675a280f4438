/**
 * HTTP client for TikTok Display API v2 (https://open.tiktokapis.com). The
 * field list goes in the query string; video paging goes in a JSON body.
 */
import { DEFAULT_TIMEOUT_MS, decode, httpCall, type HttpCall } from '../http.js';
import type { CallContext } from '../types.js';
import { classifyTikTokFailure } from './failures.js';
import { parseUser, parseVideoPage, readEnvelope, type TikTokUser, type TikTokVideoPage } from './parse.js';

export const TIKTOK_USER_FIELDS = ['open_id', 'union_id', 'avatar_url', 'display_name', 'username', 'follower_count', 'following_count', 'likes_count', 'video_count'];
export const TIKTOK_VIDEO_FIELDS = ['id', 'create_time', 'title', 'video_description', 'duration', 'cover_image_url', 'share_url', 'view_count', 'like_count', 'comment_count', 'share_count'];
/** The documented maximum of `max_count`. */
export const TIKTOK_PAGE_SIZE = 20;

export interface TikTokClientConfig {
  /** Default https://open.tiktokapis.com */
  origin?: string;
  timeoutMs?: number;
  now?: () => Date;
}

export class TikTokClient {
  private readonly origin: string;
  private readonly timeoutMs: number;
  private readonly now: () => Date;

  constructor(config: TikTokClientConfig = {}) {
    this.origin = config.origin ?? 'https://open.tiktokapis.com';
    this.timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.now = config.now ?? (() => new Date());
  }

  async userInfo(token: string, ctx?: CallContext, fields = TIKTOK_USER_FIELDS): Promise<TikTokUser> {
    const data = await this.call('GET', '/v2/user/info/', token, fields, undefined, ctx);
    return data.parse(parseUser);
  }

  /** One page of the user's public videos, newest first; `cursor` (ms) asks for videos before it. */
  async videoList(token: string, cursor: number | undefined, ctx?: CallContext): Promise<TikTokVideoPage> {
    const body: Record<string, number> = { max_count: TIKTOK_PAGE_SIZE };
    if (cursor !== undefined) body['cursor'] = cursor;
    const data = await this.call('POST', '/v2/video/list/', token, TIKTOK_VIDEO_FIELDS, body, ctx);
    return data.parse(parseVideoPage);
  }

  /** Re-reads counters of known videos (at most 20 ids, owned by the user). */
  async videoQuery(token: string, ids: string[], ctx?: CallContext): Promise<TikTokVideoPage> {
    const data = await this.call('POST', '/v2/video/query/', token, TIKTOK_VIDEO_FIELDS, { filters: { video_ids: ids.slice(0, TIKTOK_PAGE_SIZE) } }, ctx);
    return data.parse(parseVideoPage);
  }

  private async call(method: 'GET' | 'POST', path: string, token: string, fields: string[], body: unknown, ctx: CallContext | undefined) {
    const url = new URL(path, this.origin);
    url.searchParams.set('fields', fields.join(','));
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    const call: HttpCall = { info: { platform: 'tiktok', api: 'tiktok', endpoint: `${method} ${path}`, cost: 1 }, method, url, headers, timeoutMs: this.timeoutMs, now: this.now, ctx };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      call.body = JSON.stringify(body);
    }
    const result = await httpCall(call);
    const envelope = readEnvelope(result.json);
    // Success needs both a 2xx and error.code "ok": TikTok reports some errors inside a 200.
    if (result.status < 200 || result.status >= 300 || envelope?.error.code !== 'ok') {
      throw classifyTikTokFailure(call, result, envelope, this.now());
    }
    return { parse: <T>(parser: (data: unknown) => T): T => decode(call, result.status, () => parser(envelope.data)) };
  }
}
