/**
 * YouTube Data API v3, YouTube Analytics v2 and Google's token endpoint, as
 * the connectors see them: string-encoded counts, subscriberCount rounded to
 * three significant figures, favoriteCount always "0", likeCount/commentCount
 * left out when disabled, page tokens with no nextPageToken on the last page,
 * Analytics `rows` left out when empty and recent days still "processing",
 * per-video Analytics `dislikes` (the Data API's dislikeCount is hidden),
 * 10,000 quota units per Pacific day with 403 quotaExceeded.
 */
import { countersAt, dayFromString, dayNumber, dayString } from './counters.js';
import { DailyQuota } from './limits.js';
import { DEMOGRAPHIC_DIMENSIONS, audienceProfile, windowViews, youtubeDemographicRows } from './demographics.js';
import { googleTokenRoute } from './oauth-google.js';
import { bearer, json, type PlatformModule, type Route, type SimReply, type SimRequest, type SimState } from './types.js';
import type { SimAccount, SimPost } from './world-types.js';

const DAY_MS = 86_400_000;
/** Analytics has complete data up to two days ago; later days are left out. */
const ANALYTICS_LAG_DAYS = 2;

export function googleError(status: number, reason: string, message: string, domain = 'global'): SimReply {
  return json(status, { error: { code: status, message, errors: [{ message, domain, reason }] } });
}

function roundThreeSignificant(n: number): number {
  if (n < 1000) return n;
  const magnitude = Math.pow(10, Math.floor(Math.log10(n)) - 2);
  return Math.floor(n / magnitude) * magnitude;
}

function encodePageToken(offset: number): string {
  return Buffer.from(`CD:${offset}`).toString('base64url');
}

function decodePageToken(token: string | null): number | undefined {
  if (token === null) return 0;
  const match = /^CD:(\d+)$/.exec(Buffer.from(token, 'base64url').toString());
  return match ? Number(match[1]) : undefined;
}

/**
 * estimatedRevenue. Channels differ by index, so every case is reachable:
 * index % 3 == 0 is monetized and granted the monetary scope; 1 did not grant
 * the scope (403 insufficientPermissions, Google's answer to a token without
 * it); 2 granted it but is not in the Partner Program (403 forbidden).
 * Revenue per day is a deterministic USD figure with 3 decimals (a weekly
 * swing around a per-channel base), converted at fixed rates when `currency`
 * asks for another one.
 */
export const REVENUE_RATES: Record<string, number> = { USD: 1, EUR: 0.92, GBP: 0.79, JPY: 150 };

export type RevenueAccess = 'monetized' | 'no_scope' | 'not_monetized';

export function revenueAccessOf(accountIndex: number): RevenueAccess {
  return (['monetized', 'no_scope', 'not_monetized'] as const)[accountIndex % 3]!;
}

/** The channel's estimatedRevenue on day number `day` (days since the epoch, Pacific days as the simulator counts them). */
export function dailyRevenue(account: SimAccount, day: number, rate: number): number {
  const base = 2 + (account.index % 5) * 1.5;
  const usd = base * (1 + 0.25 * Math.sin((2 * Math.PI * day) / 7));
  return Math.round(usd * rate * 1000) / 1000;
}

function revenueAccess(account: SimAccount, currency: string | null): { ok: true; rate: number } | { ok: false; reply: SimReply } {
  const access = revenueAccessOf(account.index);
  if (access === 'no_scope') return { ok: false, reply: googleError(403, 'insufficientPermissions', 'Request had insufficient authentication scopes.') };
  if (access === 'not_monetized') return { ok: false, reply: googleError(403, 'forbidden', 'Forbidden') };
  const rate = REVENUE_RATES[currency ?? 'USD'];
  if (rate === undefined) return { ok: false, reply: googleError(400, 'badRequest', `Invalid value '${currency}'. Values must match the following regular expression: '[A-Z]{3}'`) };
  return { ok: true, rate };
}

/**
 * A video's lifetime dislikes when it has `likes` likes: a fixed share of the
 * likes per video (1 % to 4.9 %, from its id), so the count only grows, as a
 * lifetime counter does. Analytics `dislikes` of a window is the growth in it.
 */
export function dislikesOf(post: SimPost, likes: number): number {
  let hash = 0;
  for (const ch of post.id) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return Math.floor((likes * (10 + (hash % 40))) / 1000);
}

export function createYouTubeModule(state: SimState): PlatformModule {
  const quota = new DailyQuota(state.limits.youtubeUnitsPerDay, state.now);
  const analyticsQuota = new DailyQuota(state.limits.youtubeAnalyticsPerDay, state.now);
  const accounts = (): SimAccount[] => state.world.youtube;

  /** Quota first (invalid calls cost units too), then the token. */
  function guarded(limiter: 'youtube-data' | 'youtube-analytics', units: number, req: SimRequest, body: (account: SimAccount) => SimReply): SimReply {
    const decision = (limiter === 'youtube-data' ? quota : analyticsQuota).take('project', units);
    const counted = { limiter, key: 'project', decision };
    if (!decision.ok) {
      const reply = googleError(403, 'quotaExceeded', 'The request cannot be completed because you have exceeded your quota.', 'youtube.quota');
      return { ...reply, limited: true, counted };
    }
    const check = state.tokens.checkAccess('youtube', bearer(req));
    if (!check.ok) {
      return { ...googleError(401, 'authError', 'Request had invalid authentication credentials. Expected OAuth 2 access token.'), counted };
    }
    return { ...body(state.account('youtube', check.accountIndex)), counted };
  }

  function videoResource(post: SimPost, parts: Set<string>): Record<string, unknown> {
    const c = countersAt(post, state.now())!;
    const item: Record<string, unknown> = { kind: 'youtube#video', etag: `e${post.id}`, id: post.id };
    if (parts.has('snippet')) {
      item['snippet'] = {
        publishedAt: post.publishedAt.toISOString().replace('.000Z', 'Z'),
        channelId: state.world.youtube[post.accountIndex]!.externalId,
        title: post.title,
        description: post.caption,
      };
    }
    if (parts.has('contentDetails')) item['contentDetails'] = { duration: `PT${Math.floor((post.durationSeconds ?? 0) / 60)}M${(post.durationSeconds ?? 0) % 60}S` };
    if (parts.has('statistics')) {
      const stats: Record<string, string> = { viewCount: String(c.views), favoriteCount: '0' };
      if (!post.likesHidden) stats['likeCount'] = String(c.likes);
      if (!post.commentsHidden) stats['commentCount'] = String(c.comments);
      item['statistics'] = stats;
    }
    return item;
  }

  const channels: Route = {
    method: 'GET',
    pattern: /^\/youtube\/v3\/channels$/,
    endpoint: 'GET /youtube/v3/channels',
    handle: (req) =>
      guarded('youtube-data', 1, req, (account) => {
        if (req.query.get('mine') !== 'true' && !req.query.get('id')) {
          return googleError(400, 'missingRequiredParameter', 'No filter selected. Expected one of: mine, id, forHandle.');
        }
        const wanted = req.query.get('mine') === 'true' ? [account] : accounts().filter((a) => req.query.get('id')?.split(',').includes(a.externalId));
        const parts = new Set((req.query.get('part') ?? '').split(','));
        const items = wanted.map((a) => {
          const posts = state.visiblePosts(a);
          const item: Record<string, unknown> = { kind: 'youtube#channel', etag: `c${a.index}`, id: a.externalId };
          if (parts.has('snippet')) item['snippet'] = { title: a.displayName, description: '', customUrl: a.handle, publishedAt: a.createdAt.toISOString() };
          if (parts.has('contentDetails')) item['contentDetails'] = { relatedPlaylists: { likes: '', uploads: a.uploadsPlaylistId } };
          if (parts.has('statistics')) {
            item['statistics'] = {
              viewCount: String(posts.reduce((sum, p) => sum + (countersAt(p, state.now())?.views ?? 0), 0)),
              subscriberCount: String(roundThreeSignificant(state.series(a).followersAt(state.now()))),
              hiddenSubscriberCount: false,
              videoCount: String(posts.length),
            };
          }
          return item;
        });
        return json(200, { kind: 'youtube#channelListResponse', etag: 'ch', pageInfo: { totalResults: items.length, resultsPerPage: 5 }, items });
      }),
  };

  const playlistItems: Route = {
    method: 'GET',
    pattern: /^\/youtube\/v3\/playlistItems$/,
    endpoint: 'GET /youtube/v3/playlistItems',
    handle: (req) =>
      guarded('youtube-data', 1, req, () => {
        const owner = accounts().find((a) => a.uploadsPlaylistId === req.query.get('playlistId'));
        if (!owner) return googleError(404, 'playlistNotFound', 'The playlist identified with the request\'s playlistId parameter cannot be found.');
        const offset = decodePageToken(req.query.get('pageToken'));
        if (offset === undefined) return googleError(400, 'invalidPageToken', 'The request specifies an invalid page token.');
        const size = Math.min(50, Math.max(0, Number(req.query.get('maxResults') ?? 5)));
        const posts = state.visiblePosts(owner);
        const page = posts.slice(offset, offset + size);
        const body: Record<string, unknown> = {
          kind: 'youtube#playlistItemListResponse',
          etag: 'pl',
          pageInfo: { totalResults: posts.length, resultsPerPage: size },
          items: page.map((p) => ({
            kind: 'youtube#playlistItem',
            etag: `pi${p.id}`,
            id: Buffer.from(`${owner.uploadsPlaylistId}.${p.id}`).toString('base64url'),
            contentDetails: { videoId: p.id, videoPublishedAt: p.publishedAt.toISOString().replace('.000Z', 'Z') },
          })),
        };
        if (offset + size < posts.length) body['nextPageToken'] = encodePageToken(offset + size);
        if (offset > 0) body['prevPageToken'] = encodePageToken(Math.max(0, offset - size));
        return json(200, body);
      }),
  };

  const videos: Route = {
    method: 'GET',
    pattern: /^\/youtube\/v3\/videos$/,
    endpoint: 'GET /youtube/v3/videos',
    handle: (req) =>
      guarded('youtube-data', 1, req, () => {
        const ids = (req.query.get('id') ?? '').split(',').filter(Boolean);
        if (ids.length === 0) return googleError(400, 'missingRequiredParameter', 'No filter selected. Expected one of: id, chart, myRating.');
        if (ids.length > 50) return googleError(400, 'badRequest', 'Too many video ids: at most 50.');
        const parts = new Set((req.query.get('part') ?? '').split(','));
        const byId = new Map(accounts().flatMap((a) => state.visiblePosts(a)).map((p) => [p.id, p]));
        const items = ids.flatMap((id) => {
          const post = byId.get(id);
          return post ? [videoResource(post, parts)] : [];
        });
        return json(200, { kind: 'youtube#videoListResponse', etag: 'v', pageInfo: { totalResults: items.length, resultsPerPage: items.length }, items });
      }),
  };

  const reports: Route = {
    method: 'GET',
    pattern: /^\/v2\/reports$/,
    endpoint: 'GET /v2/reports',
    handle: (req) => guarded('youtube-analytics', 1, req, (account) => analyticsReport(req, account)),
  };

  function analyticsReport(req: SimRequest, account: SimAccount): SimReply {
    const q = req.query;
    for (const name of ['ids', 'startDate', 'endDate', 'metrics']) {
      if (!q.get(name)) return googleError(400, 'required', `Required parameter: ${name}`);
    }
    const ids = q.get('ids')!;
    if (ids !== 'channel==MINE' && ids !== `channel==${account.externalId}`) return googleError(403, 'forbidden', 'Forbidden');
    const start = dayFromString(q.get('startDate')!);
    const end = dayFromString(q.get('endDate')!);
    if (Number.isNaN(start) || Number.isNaN(end) || end < start) return googleError(400, 'badRequest', 'Invalid date range.');
    const metrics = q.get('metrics')!.split(',');
    const dimension = q.get('dimensions') ?? '';
    const lastComplete = dayNumber(state.now()) - ANALYTICS_LAG_DAYS;
    if (DEMOGRAPHIC_DIMENSIONS.has(dimension)) return demographicsReport(q, account, metrics, start, end, lastComplete);
    const supported = dimension === 'day' ? ['subscribersGained', 'subscribersLost', 'estimatedRevenue'] : ['views', 'likes', 'dislikes', 'comments', 'shares', 'estimatedMinutesWatched'];
    const unknown = metrics.find((m) => !supported.includes(m));
    if (unknown) return googleError(400, 'badRequest', `Unknown identifier (${unknown}) given in field parameters.metrics.`);
    if (dimension !== 'day' && dimension !== 'video') return googleError(400, 'badRequest', 'The query is not supported.');
    const revenue = metrics.includes('estimatedRevenue') ? revenueAccess(account, q.get('currency')) : undefined;
    if (revenue && !revenue.ok) return revenue.reply;

    const columnHeaders = [
      { name: dimension, columnType: 'DIMENSION', dataType: 'STRING' },
      ...metrics.map((name) => ({ name, columnType: 'METRIC', dataType: name === 'averageViewPercentage' ? 'FLOAT' : name === 'estimatedRevenue' ? 'CURRENCY' : 'INTEGER' })),
    ];
    const rows: (string | number)[][] = [];
    if (dimension === 'day') {
      const series = state.series(account);
      for (let d = start; d <= Math.min(end, lastComplete); d++) {
        if (d < dayNumber(account.createdAt)) continue;
        const m = series.movement(d);
        const value = (name: string): number => (name === 'subscribersGained' ? m.gained : name === 'estimatedRevenue' ? dailyRevenue(account, d, revenue?.ok ? revenue.rate : 1) : m.lost);
        rows.push([dayString(d), ...metrics.map(value)]);
      }
    } else {
      const filter = q.get('filters');
      const wanted = filter?.startsWith('video==') ? new Set(filter.slice('video=='.length).split(',')) : undefined;
      // Values as of the end of the last complete day; a video newer than that has no row yet.
      const asOf = new Date(Math.min((end + 1) * DAY_MS, (lastComplete + 1) * DAY_MS));
      const from = new Date(start * DAY_MS);
      for (const post of state.visiblePosts(account)) {
        if (wanted && !wanted.has(post.id)) continue;
        const upTo = countersAt(post, asOf);
        if (!upTo) continue;
        const before = countersAt(post, from);
        const value = (name: string): number => {
          if (name === 'dislikes') return dislikesOf(post, upTo.likes) - dislikesOf(post, before?.likes ?? 0);
          const key = name === 'estimatedMinutesWatched' ? 'watchMinutes' : (name as 'views' | 'likes' | 'comments' | 'shares');
          return upTo[key] - (before?.[key] ?? 0);
        };
        rows.push([post.id, ...metrics.map(value)]);
      }
      const sort = q.get('sort');
      const sortIndex = sort ? 1 + metrics.indexOf(sort.replace(/^-/, '')) : 0;
      if (sortIndex > 0) rows.sort((a, b) => (sort!.startsWith('-') ? -1 : 1) * (Number(a[sortIndex]) - Number(b[sortIndex])));
      const max = Number(q.get('maxResults') ?? 200);
      rows.splice(max);
    }
    const body: Record<string, unknown> = { kind: 'youtubeAnalytics#resultTable', columnHeaders };
    // No data: `rows` is left out, not sent as [].
    if (rows.length > 0) body['rows'] = rows;
    return json(200, body);
  }

  /** ageGroup / gender (viewerPercentage) and country (views) tables: see demographics.ts. */
  function demographicsReport(q: URLSearchParams, account: SimAccount, metrics: string[], start: number, end: number, lastComplete: number): SimReply {
    const dimensions = q.get('dimensions')!.split(',');
    const rows = youtubeDemographicRows(audienceProfile(account), dimensions, metrics, windowViews(state.visiblePosts(account), start, end, lastComplete));
    if (typeof rows === 'string') return googleError(400, 'badRequest', rows);
    if (q.get('sort')?.startsWith('-')) rows.sort((a, b) => Number(b[b.length - 1]) - Number(a[a.length - 1]));
    const columnHeaders = [
      ...dimensions.map((name) => ({ name, columnType: 'DIMENSION', dataType: 'STRING' })),
      ...metrics.map((name) => ({ name, columnType: 'METRIC', dataType: name === 'viewerPercentage' ? 'FLOAT' : 'INTEGER' })),
    ];
    // Below the privacy threshold there is no `rows` at all.
    return json(200, rows.length > 0 ? { kind: 'youtubeAnalytics#resultTable', columnHeaders, rows } : { kind: 'youtubeAnalytics#resultTable', columnHeaders });
  }

  return {
    platform: 'youtube',
    routes: [channels, playlistItems, videos, reports, googleTokenRoute(state)],
    limiters: { 'youtube-data': quota, 'youtube-analytics': analyticsQuota },
    faultReply(kind, route, status) {
      if (kind === 'rate_limit') {
        return { ...googleError(429, 'rateLimitExceeded', 'Rate Limit Exceeded', 'usageLimits'), headers: { 'retry-after': '30' } };
      }
      if (kind === 'error_in_200' && route.endpoint === 'GET /v2/reports') {
        return json(200, {
          kind: 'youtubeAnalytics#resultTable',
          columnHeaders: [],
          errors: { code: 'INTERNAL_ERROR', requestId: 'sim', error: [{ domain: 'global', reason: 'internalError', code: 'INTERNAL_ERROR' }] },
        });
      }
      return googleError(status, 'backendError', 'Backend Error');
    },
  };
}
