/**
 * HTTP client for the Instagram Graph API with Instagram Login
 * (https://graph.instagram.com/<version>). The token goes in the
 * Authorization header so it never appears in URLs. Pagination uses
 * `paging.cursors.after` against our configured origin instead of following
 * `paging.next` verbatim, which would send the token wherever the response
 * points.
 */
import { DEFAULT_TIMEOUT_MS, decode, httpCall, type HttpCall } from '../http.js';
import type { CallContext } from '../types.js';
import { classifyGraphFailure } from './failures.js';
import { parseInsights, parseMediaPage, parseUser, type IgInsight, type IgMediaPage, type IgUser } from './parse.js';
import { parseFollowerDemographics, type DemographicBreakdown, type IgDemographics } from './parse-demographics.js';

export const INSTAGRAM_MEDIA_FIELDS = ['id', 'caption', 'media_type', 'media_product_type', 'timestamp', 'permalink', 'like_count', 'comments_count'];
export const INSTAGRAM_PAGE_SIZE = 25;

export interface InstagramClientConfig {
  /** Default https://graph.instagram.com */
  origin?: string;
  /** Pinned Graph API version. Default v22.0 (the views/impressions cutover version). */
  version?: string;
  timeoutMs?: number;
  now?: () => Date;
}

export interface AccountInsightsQuery {
  metrics: string[];
  period: 'day' | 'week' | 'days_28' | 'lifetime';
  metricType: 'time_series' | 'total_value';
  since: Date;
  until: Date;
}

export class InstagramClient {
  private readonly origin: string;
  private readonly version: string;
  private readonly timeoutMs: number;
  private readonly now: () => Date;

  constructor(config: InstagramClientConfig = {}) {
    this.origin = config.origin ?? 'https://graph.instagram.com';
    this.version = config.version ?? 'v22.0';
    this.timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.now = config.now ?? (() => new Date());
  }

  async me(token: string, ctx?: CallContext): Promise<IgUser> {
    const res = await this.get('/me', '/me', token, ctx, { fields: 'id,username,name,followers_count,follows_count,media_count' });
    return res.parse(parseUser);
  }

  async media(token: string, userId: string, after: string | undefined, ctx?: CallContext): Promise<IgMediaPage> {
    const query: Record<string, string> = { fields: INSTAGRAM_MEDIA_FIELDS.join(','), limit: String(INSTAGRAM_PAGE_SIZE) };
    if (after) query['after'] = after;
    const res = await this.get(`/${userId}/media`, '/:ig-user-id/media', token, ctx, query);
    return res.parse(parseMediaPage);
  }

  async mediaInsights(token: string, mediaId: string, metrics: string[], ctx?: CallContext): Promise<IgInsight[]> {
    const res = await this.get(`/${mediaId}/insights`, '/:ig-media-id/insights', token, ctx, { metric: metrics.join(',') });
    return res.parse(parseInsights);
  }

  async accountInsights(token: string, userId: string, q: AccountInsightsQuery, ctx?: CallContext): Promise<IgInsight[]> {
    const res = await this.get(`/${userId}/insights`, '/:ig-user-id/insights', token, ctx, {
      metric: q.metrics.join(','),
      period: q.period,
      metric_type: q.metricType,
      since: String(Math.floor(q.since.getTime() / 1000)),
      until: String(Math.floor(q.until.getTime() / 1000)),
    });
    return res.parse(parseInsights);
  }

  /** Lifetime follower counts by one breakdown (age, gender, country or city); parsed in demographics.ts. */
  async followerDemographics(token: string, userId: string, breakdown: DemographicBreakdown, ctx?: CallContext): Promise<IgDemographics> {
    const res = await this.get(`/${userId}/insights`, '/:ig-user-id/insights', token, ctx, {
      metric: 'follower_demographics',
      period: 'lifetime',
      metric_type: 'total_value',
      breakdown,
    });
    return res.parse(parseFollowerDemographics);
  }

  private async get(path: string, template: string, token: string, ctx: CallContext | undefined, query: Record<string, string>) {
    const url = new URL(`/${this.version}${path}`, this.origin);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const call: HttpCall = {
      info: { platform: 'instagram', api: 'instagram', endpoint: `GET ${template}`, cost: 1 },
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      timeoutMs: this.timeoutMs,
      now: this.now,
      ctx,
    };
    const result = await httpCall(call);
    if (result.status < 200 || result.status >= 300 || (result.json !== null && typeof result.json === 'object' && 'error' in result.json)) {
      throw classifyGraphFailure(call, result, this.now());
    }
    return { parse: <T>(parser: (json: unknown) => T): T => decode(call, result.status, () => parser(result.json)) };
  }
}
