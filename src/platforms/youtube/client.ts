/**
 * HTTP client for the YouTube Data API v3 and YouTube Analytics API v2. One
 * method per call; each returns parsed platform shapes or throws a typed
 * error. Every Data API call here is a list call costing 1 quota unit;
 * Analytics calls are reported under their own budget ('youtube-analytics').
 */
import { DEFAULT_TIMEOUT_MS, decode, httpCall, type HttpCall } from '../http.js';
import type { CallContext, RequestApi } from '../types.js';
import { classifyGoogleFailure, classifyReportErrors } from './failures.js';
import {
  parseChannelList,
  parsePlaylistItems,
  parseReport,
  parseVideoList,
  reportErrors,
  type YtChannel,
  type YtPlaylistPage,
  type YtReport,
  type YtVideo,
} from './parse.js';

export interface YouTubeOrigins {
  /** Default https://www.googleapis.com */
  dataOrigin?: string;
  /** Default https://youtubeanalytics.googleapis.com */
  analyticsOrigin?: string;
}

export interface YouTubeClientConfig extends YouTubeOrigins {
  timeoutMs?: number;
  now?: () => Date;
}

export interface ReportQuery {
  startDate: string;
  endDate: string;
  metrics: string[];
  dimensions?: string[];
  filters?: string;
  sort?: string;
  maxResults?: number;
  /** ISO 4217 code for currency metrics such as estimatedRevenue (YouTube's default: USD). */
  currency?: string;
}

/** The Data API answers at most 50 ids or items per call. */
export const YOUTUBE_PAGE_SIZE = 50;

export class YouTubeClient {
  private readonly dataOrigin: string;
  private readonly analyticsOrigin: string;
  private readonly timeoutMs: number;
  private readonly now: () => Date;

  constructor(config: YouTubeClientConfig = {}) {
    this.dataOrigin = config.dataOrigin ?? 'https://www.googleapis.com';
    this.analyticsOrigin = config.analyticsOrigin ?? 'https://youtubeanalytics.googleapis.com';
    this.timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.now = config.now ?? (() => new Date());
  }

  async myChannel(token: string, ctx?: CallContext): Promise<YtChannel | undefined> {
    const json = await this.get('youtube-data', '/youtube/v3/channels', this.dataOrigin, token, ctx, {
      part: 'snippet,contentDetails,statistics',
      mine: 'true',
    });
    return json.parse(parseChannelList)[0];
  }

  async playlistItems(token: string, playlistId: string, pageToken: string | undefined, ctx?: CallContext): Promise<YtPlaylistPage> {
    const query: Record<string, string> = { part: 'contentDetails', playlistId, maxResults: String(YOUTUBE_PAGE_SIZE) };
    if (pageToken) query['pageToken'] = pageToken;
    const json = await this.get('youtube-data', '/youtube/v3/playlistItems', this.dataOrigin, token, ctx, query);
    return json.parse(parsePlaylistItems);
  }

  async videos(token: string, ids: string[], ctx?: CallContext): Promise<YtVideo[]> {
    if (ids.length === 0) return [];
    const json = await this.get('youtube-data', '/youtube/v3/videos', this.dataOrigin, token, ctx, {
      part: 'snippet,contentDetails,statistics',
      id: ids.join(','),
      maxResults: String(YOUTUBE_PAGE_SIZE),
    });
    return json.parse(parseVideoList);
  }

  async report(token: string, q: ReportQuery, ctx?: CallContext): Promise<YtReport> {
    const query: Record<string, string> = { ids: 'channel==MINE', startDate: q.startDate, endDate: q.endDate, metrics: q.metrics.join(',') };
    if (q.dimensions) query['dimensions'] = q.dimensions.join(',');
    if (q.filters) query['filters'] = q.filters;
    if (q.sort) query['sort'] = q.sort;
    if (q.maxResults) query['maxResults'] = String(q.maxResults);
    if (q.currency) query['currency'] = q.currency;
    const json = await this.get('youtube-analytics', '/v2/reports', this.analyticsOrigin, token, ctx, query);
    const inBody = json.parse(reportErrors);
    if (inBody) throw classifyReportErrors(json.call, inBody, this.now());
    return json.parse(parseReport);
  }

  private async get(api: RequestApi, path: string, origin: string, token: string, ctx: CallContext | undefined, query: Record<string, string>) {
    const url = new URL(path, origin);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const call: HttpCall = {
      info: { platform: 'youtube', api, endpoint: `GET ${path}`, cost: 1 },
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      timeoutMs: this.timeoutMs,
      now: this.now,
      ctx,
    };
    const result = await httpCall(call);
    if (result.status < 200 || result.status >= 300) throw classifyGoogleFailure(call, result, this.now());
    return { call, parse: <T>(parser: (json: unknown) => T): T => decode(call, result.status, () => parser(result.json)) };
  }
}
