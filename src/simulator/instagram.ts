/**
 * Instagram Graph API (Instagram Login) and its token endpoints: string ids,
 * "+0000" timestamps, only the requested fields, cursor paging with no
 * `paging.next` on the last page, media insights that come back empty for some
 * media, `impressions`/`plays`/`video_views` refused after the v22 cutover,
 * account insights as time series (reach, at most 30 days) or per-day totals,
 * 200 calls per user per rolling hour with X-App-Usage and
 * X-Business-Use-Case-Usage headers and error code 17 when exceeded.
 */
import { PACIFIC, dateInZone, startOfDayInZone } from '../platforms/time.js';
import { countersAt, dayFromString, dayNumber, dayString } from './counters.js';
import { SlidingWindow, type LimitDecision } from './limits.js';
import { IG_MIN_FOLLOWERS, audienceProfile, instagramDemographicResults } from './demographics.js';
import { bearer, json, requestedFields, type PlatformModule, type Route, type SimReply, type SimRequest, type SimState } from './types.js';
import type { SimAccount, SimPost } from './world-types.js';

const V = String.raw`\/v\d+\.\d+`;
const MEDIA_METRICS = new Set(['views', 'reach', 'saved', 'shares', 'likes', 'comments', 'total_interactions', 'follows', 'profile_visits']);
const DEPRECATED_MEDIA = new Set(['impressions', 'plays', 'video_views', 'clips_replays_count', 'ig_reels_aggregated_all_plays_count']);
const ACCOUNT_SERIES = new Set(['reach', 'follower_count']);
const ACCOUNT_TOTALS = new Set(['reach', 'views', 'profile_views', 'profile_links_taps', 'accounts_engaged', 'total_interactions']);
const MAX_RANGE_S = 30 * 86_400;

let trace = 0;
export function graphError(status: number, code: number, message: string, subcode?: number, type = 'OAuthException'): SimReply {
  const error: Record<string, unknown> = { message, type, code, fbtrace_id: `Sim${++trace}` };
  if (subcode !== undefined) error['error_subcode'] = subcode;
  return json(status, { error });
}

function graphTime(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, '+0000');
}

export function createInstagramModule(state: SimState): PlatformModule {
  const perUser = new SlidingWindow(state.limits.instagramPerHour, 3_600_000, state.now);

  function usageHeaders(account: SimAccount, decision: LimitDecision): Record<string, string> {
    const pct = Math.min(100, Math.round((100 * decision.used) / decision.limit));
    const regain = decision.ok ? 0 : Math.max(1, Math.ceil((decision.resetAt.getTime() - state.now().getTime()) / 60_000));
    return {
      'x-app-usage': JSON.stringify({ call_count: pct, total_cputime: Math.round(pct / 3), total_time: Math.round(pct / 2) }),
      'x-business-use-case-usage': JSON.stringify({
        [account.externalId]: [{ type: 'instagram', call_count: pct, total_cputime: Math.round(pct / 3), total_time: Math.round(pct / 2), estimated_time_to_regain_access: regain }],
      }),
    };
  }

  /** Token first (the limit is per user), then the user's rolling hour. */
  function guarded(req: SimRequest, body: (account: SimAccount) => SimReply): SimReply {
    const token = bearer(req) ?? req.query.get('access_token') ?? undefined;
    const check = state.tokens.checkAccess('instagram', token);
    if (!check.ok) {
      return check.reason === 'expired'
        ? graphError(400, 190, 'Error validating access token: Session has expired.', 463)
        : graphError(400, 190, 'Error validating access token: The user has not authorized application.', 458);
    }
    const account = state.account('instagram', check.accountIndex);
    const decision = perUser.take(account.externalId);
    const counted = { limiter: 'instagram-user-hour', key: account.externalId, decision };
    const headers = usageHeaders(account, decision);
    if (!decision.ok) return { ...graphError(400, 17, '(#17) User request limit reached', 2207051, 'OAuthException'), headers, limited: true, counted };
    const reply = body(account);
    return { ...reply, headers: { ...headers, ...reply.headers }, counted };
  }

  function userNode(account: SimAccount, fields: string[]): Record<string, unknown> {
    const all: Record<string, unknown> = {
      id: account.externalId,
      user_id: account.externalId,
      username: account.handle,
      name: account.displayName,
      followers_count: state.series(account).followersAt(state.now()),
      follows_count: 300 + account.index,
      media_count: state.visiblePosts(account).length,
    };
    return Object.fromEntries(['id', ...fields.filter((f) => f !== 'id')].filter((f) => f in all).map((f) => [f, all[f]]));
  }

  function mediaNode(post: SimPost, fields: string[]): Record<string, unknown> {
    const c = countersAt(post, state.now())!;
    const kind = post.kind;
    const all: Record<string, unknown> = {
      id: post.id,
      caption: post.caption,
      media_type: kind === 'carousel' ? 'CAROUSEL_ALBUM' : kind === 'image' ? 'IMAGE' : 'VIDEO',
      media_product_type: kind === 'reel' ? 'REELS' : 'FEED',
      timestamp: graphTime(post.publishedAt),
      permalink: `https://www.instagram.com/${kind === 'reel' ? 'reel' : 'p'}/${Buffer.from(post.id).toString('base64url').slice(0, 11)}/`,
      like_count: c.likes,
      comments_count: c.comments,
    };
    return Object.fromEntries(['id', ...fields.filter((f) => f !== 'id')].filter((f) => f in all).map((f) => [f, all[f]]));
  }

  const me: Route = {
    method: 'GET',
    pattern: new RegExp(`^${V}\\/me$`),
    endpoint: 'GET /me',
    handle: (req) => guarded(req, (account) => json(200, userNode(account, requestedFields(req.query.get('fields'))))),
  };

  const media: Route = {
    method: 'GET',
    pattern: new RegExp(`^${V}\\/(\\d+)\\/media$`),
    endpoint: 'GET /:ig-user-id/media',
    handle: (req, [id]) =>
      guarded(req, (account) => {
        if (id !== account.externalId) return graphError(400, 100, 'Unsupported get request. Object does not exist or cannot be loaded due to missing permissions.', 33, 'GraphMethodException');
        const limit = Math.min(100, Number(req.query.get('limit') ?? 25));
        const posts = state.visiblePosts(account);
        const afterId = req.query.get('after') ? Buffer.from(req.query.get('after')!, 'base64url').toString() : undefined;
        const start = afterId === undefined ? 0 : posts.findIndex((p) => p.id === afterId) + 1;
        if (afterId !== undefined && start === 0) return graphError(400, 100, 'Invalid cursor', undefined, 'OAuthException');
        const page = posts.slice(start, start + limit);
        const fields = requestedFields(req.query.get('fields'));
        const cursor = (p: SimPost | undefined): string => Buffer.from(p?.id ?? '').toString('base64url');
        const paging: Record<string, unknown> = { cursors: { before: cursor(page[0]), after: cursor(page[page.length - 1]) } };
        if (start + limit < posts.length) {
          const next = new URL(req.path, req.origin);
          next.searchParams.set('fields', fields.join(','));
          next.searchParams.set('limit', String(limit));
          next.searchParams.set('after', cursor(page[page.length - 1]));
          paging['next'] = next.toString();
        }
        if (start > 0) paging['previous'] = `${req.origin}${req.path}?before=${cursor(page[0])}`;
        return json(200, { data: page.map((p) => mediaNode(p, fields)), paging });
      }),
  };

  function mediaInsights(req: SimRequest, post: SimPost): SimReply {
    const metrics = requestedFields(req.query.get('metric'));
    const deprecated = metrics.find((m) => DEPRECATED_MEDIA.has(m));
    if (deprecated) return graphError(400, 100, `(#100) Starting from v22.0, the ${deprecated} metric is no longer supported.`, undefined, 'OAuthException');
    const unknown = metrics.find((m) => !MEDIA_METRICS.has(m));
    if (metrics.length === 0 || unknown) return graphError(400, 100, `(#100) metric[0] must be one of the following values: ${[...MEDIA_METRICS].join(', ')}`, undefined, 'OAuthException');
    if (post.insightsUnavailable) return json(200, { data: [] });
    const c = countersAt(post, state.now())!;
    const value: Record<string, number> = {
      views: c.views,
      reach: c.reach,
      saved: c.saves,
      shares: c.shares,
      likes: c.likes,
      comments: c.comments,
      total_interactions: c.likes + c.saves + c.comments + c.shares,
      follows: Math.floor(c.profileClicks / 5),
      profile_visits: c.profileClicks,
    };
    return json(200, {
      data: metrics.map((name) => ({
        name,
        period: 'lifetime',
        values: [{ value: value[name] }],
        title: name,
        description: '',
        id: `${post.id}/insights/${name}/lifetime`,
      })),
    });
  }

  function accountInsights(req: SimRequest, account: SimAccount): SimReply {
    const metrics = requestedFields(req.query.get('metric'));
    const period = req.query.get('period');
    const type = req.query.get('metric_type') ?? 'time_series';
    if (metrics.includes('follower_demographics')) return followerDemographics(req, account, metrics, period, type);
    const since = Number(req.query.get('since'));
    const until = Number(req.query.get('until'));
    if (period !== 'day') return graphError(400, 100, '(#100) period must be one of the following values: day');
    if (!Number.isFinite(since) || !Number.isFinite(until) || until <= since) return graphError(400, 100, '(#100) since and until must be Unix timestamps, since < until');
    if (until - since > MAX_RANGE_S) return graphError(400, 100, '(#100) There cannot be more than 30 days (2592000 s) between since and until');
    const allowed = type === 'total_value' ? ACCOUNT_TOTALS : ACCOUNT_SERIES;
    const bad = metrics.find((m) => !allowed.has(m));
    if (metrics.length === 0 || bad) return graphError(400, 100, `(#100) metric ${bad ?? ''} is not supported with metric_type=${type}`);

    // Days are Pacific days; the latest complete one is yesterday.
    const firstDay = dayFromString(dateInZone(new Date(since * 1000), PACIFIC));
    const lastDay = Math.min(dayFromString(dateInZone(new Date(until * 1000 - 1), PACIFIC)), dayFromString(dateInZone(state.now(), PACIFIC)) - 1);
    const series = state.series(account);
    const valueOn = (name: string, day: number): number | undefined => {
      if (name === 'follower_count') return day < dayNumber(account.createdAt) ? undefined : series.movement(day).gained;
      const insights = series.insightsOn(day);
      if (!insights) return undefined;
      return name === 'reach' ? insights.reach : name === 'profile_views' ? insights.profileViews : name === 'profile_links_taps' ? insights.profileLinksTaps : Math.round(insights.reach * 1.4);
    };
    const data = metrics.map((name) => {
      const base = { name, period: 'day', title: name, description: '', id: `${account.externalId}/insights/${name}/day` };
      const days: number[] = [];
      for (let d = firstDay; d <= lastDay; d++) days.push(d);
      if (type === 'total_value') {
        const known = days.map((d) => valueOn(name, d)).filter((v): v is number => v !== undefined);
        return { ...base, total_value: { value: known.reduce((a, b) => a + b, 0) } };
      }
      const values = days.flatMap((d) => {
        const v = valueOn(name, d);
        return v === undefined ? [] : [{ value: v, end_time: graphTime(startOfDayInZone(dayString(d + 1), PACIFIC)) }];
      });
      return { ...base, values };
    });
    return json(200, { data });
  }

  /** follower_demographics: lifetime, total_value, one breakdown; an empty data set under 100 followers (demographics.ts). */
  function followerDemographics(req: SimRequest, account: SimAccount, metrics: string[], period: string | null, type: string): SimReply {
    if (metrics.length !== 1) return graphError(400, 100, '(#100) follower_demographics cannot be requested with other metrics');
    if (period !== 'lifetime') return graphError(400, 100, '(#100) Incompatible period: follower_demographics supports period=lifetime only');
    if (type !== 'total_value') return graphError(400, 100, '(#100) The following metrics (follower_demographics) should be specified with parameter metric_type=total_value');
    const breakdown = req.query.get('breakdown') ?? '';
    if (!['age', 'gender', 'country', 'city'].includes(breakdown)) return graphError(400, 100, '(#100) breakdown must be one of the following values: age, city, country, gender');
    const followers = state.series(account).followersAt(state.now());
    if (followers < IG_MIN_FOLLOWERS) return json(200, { data: [] });
    return json(200, {
      data: [{
        name: 'follower_demographics',
        period: 'lifetime',
        title: 'Follower demographics',
        description: 'The demographic characteristics of followers, including countries, cities and gender distribution.',
        total_value: { breakdowns: [{ dimension_keys: [breakdown], results: instagramDemographicResults(audienceProfile(account), breakdown, followers) }] },
        id: `${account.externalId}/insights/follower_demographics/lifetime`,
      }],
    });
  }

  const insights: Route = {
    method: 'GET',
    pattern: new RegExp(`^${V}\\/(\\d+)\\/insights$`),
    endpoint: 'GET /:id/insights',
    handle: (req, [id]) =>
      guarded(req, (account) => {
        if (id === account.externalId) return accountInsights(req, account);
        const post = state.visiblePosts(account).find((p) => p.id === id);
        if (!post) return graphError(400, 100, 'Unsupported get request. Object does not exist or cannot be loaded due to missing permissions.', 33, 'GraphMethodException');
        return mediaInsights(req, post);
      }),
  };

  const userById: Route = {
    method: 'GET',
    pattern: new RegExp(`^${V}\\/(\\d+)$`),
    endpoint: 'GET /:ig-user-id',
    handle: (req, [id]) =>
      guarded(req, (account) =>
        id === account.externalId ? json(200, userNode(account, requestedFields(req.query.get('fields')))) : graphError(400, 100, 'Unsupported get request.', 33, 'GraphMethodException'),
      ),
  };

  function longLived(grant: string | null, expectedGrant: string, token: string | null, needsSecret: boolean, req: SimRequest): SimReply {
    if (grant !== expectedGrant) return graphError(400, 100, `Unsupported grant_type: ${grant ?? ''}`, undefined, 'OAuthException');
    if (needsSecret && !req.query.get('client_secret')) return graphError(400, 101, 'Missing client_secret parameter.', undefined, 'OAuthException');
    const result = state.tokens.refresh('instagram', token ?? undefined);
    if (!result.ok) return graphError(400, 190, 'Error validating access token: Session has expired or the user has revoked access.', 460);
    return json(200, { access_token: result.tokens.accessToken, token_type: 'bearer', expires_in: result.tokens.expiresIn });
  }

  const refresh: Route = {
    method: 'GET',
    pattern: /^\/refresh_access_token$/,
    endpoint: 'GET /refresh_access_token',
    handle: (req) => longLived(req.query.get('grant_type'), 'ig_refresh_token', req.query.get('access_token'), false, req),
  };

  const exchange: Route = {
    method: 'GET',
    pattern: /^\/access_token$/,
    endpoint: 'GET /access_token',
    handle: (req) => longLived(req.query.get('grant_type'), 'ig_exchange_token', req.query.get('access_token'), true, req),
  };

  const code: Route = {
    method: 'POST',
    pattern: /^\/oauth\/access_token$/,
    endpoint: 'POST /oauth/access_token',
    handle(req) {
      const f = req.form;
      if (f.get('grant_type') !== 'authorization_code' || !f.get('client_id') || !f.get('client_secret')) {
        return json(400, { error_type: 'OAuthException', code: 400, error_message: 'Invalid request' });
      }
      const result = state.tokens.redeemCode('instagram', f.get('code') ?? undefined, f.get('redirect_uri') ?? undefined, undefined);
      if (!result.ok) return json(400, { error_type: 'OAuthException', code: 400, error_message: 'Invalid authorization code' });
      return json(200, { access_token: result.tokens.accessToken, user_id: state.account('instagram', result.accountIndex).externalId, permissions: 'instagram_business_basic,instagram_business_manage_insights' });
    },
  };

  return {
    platform: 'instagram',
    routes: [me, media, insights, userById, refresh, exchange, code],
    limiters: { 'instagram-user-hour': perUser },
    faultReply(kind, _route, status) {
      if (kind === 'rate_limit') {
        const headers = {
          'x-app-usage': JSON.stringify({ call_count: 100, total_cputime: 40, total_time: 60 }),
          'x-business-use-case-usage': JSON.stringify({ sim: [{ type: 'instagram', call_count: 100, total_cputime: 40, total_time: 60, estimated_time_to_regain_access: 12 }] }),
        };
        return { ...graphError(403, 4, '(#4) Application request limit reached', undefined, 'OAuthException'), headers };
      }
      if (kind === 'error_in_200') return json(200, { error: { message: 'An unexpected error has occurred. Please retry your request later.', type: 'OAuthException', code: 2, fbtrace_id: 'Sim' } });
      return graphError(status, 1, 'An unknown error occurred', undefined, 'OAuthException');
    },
  };
}
