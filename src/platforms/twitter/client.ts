/**
 * HTTP client for X API v2 (https://api.x.com/2). User context (OAuth 2.0
 * user token), which non-public metrics need.
 */
import { DEFAULT_TIMEOUT_MS, decode, httpCall, type HttpCall } from '../http.js';
import { isRecord } from '../json.js';
import type { CallContext } from '../types.js';
import { classifyXFailure } from './failures.js';
import { parseTimeline, parseUser, type XTimelinePage, type XUser } from './parse.js';

/** X allows 5..100 per timeline page. */
export const X_PAGE_SIZE = 100;
/** GET /2/tweets takes at most 100 ids. */
export const X_LOOKUP_SIZE = 100;

export interface TwitterClientConfig {
  /** Default https://api.x.com */
  origin?: string;
  timeoutMs?: number;
  now?: () => Date;
}

export interface TimelineQuery {
  paginationToken?: string | undefined;
  startTime?: Date | undefined;
  /** Only posts newer than this id (discover: the newest stored post). */
  sinceId?: string | undefined;
  /** Ask for non_public_metrics: X then narrows the answer to the last 30 days. */
  nonPublic?: boolean;
}

export class TwitterClient {
  private readonly origin: string;
  private readonly timeoutMs: number;
  private readonly now: () => Date;

  constructor(config: TwitterClientConfig = {}) {
    this.origin = config.origin ?? 'https://api.x.com';
    this.timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.now = config.now ?? (() => new Date());
  }

  /** /2/users/me: 75 calls per 15 min per user, so only for verifying a token. */
  async me(token: string, ctx?: CallContext): Promise<XUser> {
    const res = await this.get('/2/users/me', '/2/users/me', token, ctx, { 'user.fields': 'public_metrics,created_at,username' });
    return res.parse(parseUser);
  }

  /** /2/users/:id: 900 per 15 min per user. */
  async user(token: string, userId: string, ctx?: CallContext): Promise<XUser> {
    const res = await this.get(`/2/users/${userId}`, '/2/users/:id', token, ctx, { 'user.fields': 'public_metrics,created_at,username' });
    return res.parse(parseUser);
  }

  async timeline(token: string, userId: string, q: TimelineQuery, ctx?: CallContext): Promise<XTimelinePage> {
    const query: Record<string, string> = {
      max_results: String(X_PAGE_SIZE),
      exclude: 'retweets', // a repost's counters belong to someone else's post
      // attachments in both passes: the non-public pass re-sends posts too, and their media type must not change.
      'tweet.fields': q.nonPublic ? 'created_at,attachments,non_public_metrics' : 'created_at,attachments,public_metrics',
    };
    if (q.paginationToken) query['pagination_token'] = q.paginationToken;
    if (q.startTime) query['start_time'] = q.startTime.toISOString();
    if (q.sinceId) query['since_id'] = q.sinceId;
    const res = await this.get(`/2/users/${userId}/tweets`, '/2/users/:id/tweets', token, ctx, query);
    return res.parse(parseTimeline);
  }

  /**
   * GET /2/tweets?ids=…: public metrics of known posts, up to 100 per request
   * (900 per 15 min per user). Deleted or hidden posts come back as `errors`
   * beside the others, or alone when every id is gone: that is an answer, not a failure.
   */
  async tweets(token: string, ids: string[], ctx?: CallContext): Promise<XTimelinePage> {
    const query = { ids: ids.slice(0, X_LOOKUP_SIZE).join(','), 'tweet.fields': 'created_at,attachments,public_metrics' };
    const res = await this.get('/2/tweets', '/2/tweets', token, ctx, query, { errorsOnlyIsAnswer: true });
    return res.parse(parseTimeline);
  }

  private async get(path: string, template: string, token: string, ctx: CallContext | undefined, query: Record<string, string>, o: { errorsOnlyIsAnswer?: boolean } = {}) {
    const url = new URL(path, this.origin);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const call: HttpCall = {
      info: { platform: 'twitter', api: 'x', endpoint: `GET ${template}`, cost: 1 },
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      timeoutMs: this.timeoutMs,
      now: this.now,
      ctx,
    };
    const result = await httpCall(call);
    const errorsOnly = !o.errorsOnlyIsAnswer && isRecord(result.json) && result.json['data'] === undefined && Array.isArray(result.json['errors']);
    if (result.status < 200 || result.status >= 300 || errorsOnly) throw classifyXFailure(call, result, this.now());
    return { parse: <T>(parser: (json: unknown) => T): T => decode(call, result.status, () => parser(result.json)) };
  }
}
