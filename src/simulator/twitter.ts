/**
 * X API v2 and its OAuth 2.0 token endpoint: string snowflake ids, RFC 7807
 * problems, x-rate-limit-limit/remaining/reset (epoch seconds) on every
 * response, per-user 15-minute windows per endpoint (users/me 75, users/:id
 * 900, timeline 900, tweets lookup 900) with 429 and no Retry-After,
 * timelines capped at the 3,200 most recent posts, since_id on the timeline,
 * lookup of up to 100 ids with missing ones as `errors` beside the data, non-public metrics only for the last 30 days,
 * `meta.next_token` left out on the last page, and rotating refresh tokens.
 */
import { countersAt } from './counters.js';
import { FixedWindow, type LimitDecision } from './limits.js';
import { oauthError } from './oauth-google.js';
import { bearer, json, requestedFields, type PlatformModule, type Route, type SimReply, type SimRequest, type SimState } from './types.js';
import type { SimAccount, SimPost } from './world-types.js';

const WINDOW_MS = 15 * 60_000;
const TIMELINE_CAP = 3200;
const NON_PUBLIC_DAYS = 30;

export function problem(status: number, title: string, detail: string, type = 'about:blank', extra: Record<string, unknown> = {}): SimReply {
  return json(status, { title, detail, type, status, ...extra });
}

function encodeToken(id: string): string {
  return `7140${BigInt(id).toString(36)}`;
}

function decodeToken(token: string): bigint | undefined {
  if (!/^7140[0-9a-z]+$/.test(token)) return undefined;
  let n = 0n;
  for (const ch of token.slice(4)) n = n * 36n + BigInt(parseInt(ch, 36));
  return n;
}

export function createTwitterModule(state: SimState): PlatformModule {
  const windows = {
    me: new FixedWindow(state.limits.xUsersMePer15Min, WINDOW_MS, state.now),
    user: new FixedWindow(state.limits.xUserLookupPer15Min, WINDOW_MS, state.now),
    timeline: new FixedWindow(state.limits.xTimelinePer15Min, WINDOW_MS, state.now),
    lookup: new FixedWindow(state.limits.xTweetLookupPer15Min, WINDOW_MS, state.now),
  };

  function rateHeaders(d: LimitDecision): Record<string, string> {
    return { 'x-rate-limit-limit': String(d.limit), 'x-rate-limit-remaining': String(d.remaining), 'x-rate-limit-reset': String(Math.floor(d.resetAt.getTime() / 1000)) };
  }

  function guarded(window: keyof typeof windows, req: SimRequest, body: (account: SimAccount) => SimReply): SimReply {
    const check = state.tokens.checkAccess('twitter', bearer(req));
    if (!check.ok) return problem(401, 'Unauthorized', 'Unauthorized');
    const account = state.account('twitter', check.accountIndex);
    const decision = windows[window].take(account.externalId);
    const counted = { limiter: `x-${window}-15min`, key: account.externalId, decision };
    const headers = rateHeaders(decision);
    if (!decision.ok) return { ...problem(429, 'Too Many Requests', 'Too Many Requests'), headers, limited: true, counted };
    const reply = body(account);
    return { ...reply, headers: { ...headers, ...reply.headers }, counted };
  }

  function userObject(account: SimAccount): Record<string, unknown> {
    const posts = state.visiblePosts(account);
    return {
      id: account.externalId,
      name: account.displayName,
      username: account.handle,
      created_at: account.createdAt.toISOString(),
      public_metrics: { followers_count: state.series(account).followersAt(state.now()), following_count: 200 + account.index, tweet_count: posts.length, listed_count: 3, like_count: 1234 },
    };
  }

  function tweetObject(post: SimPost, fields: Set<string>, nonPublic: boolean): Record<string, unknown> {
    const c = countersAt(post, state.now())!;
    const tweet: Record<string, unknown> = { id: post.id, text: post.caption, edit_history_tweet_ids: [post.id] };
    if (fields.has('created_at')) tweet['created_at'] = post.publishedAt.toISOString();
    if (fields.has('attachments') && post.kind === 'image') tweet['attachments'] = { media_keys: [`3_${post.id}`] };
    if (fields.has('public_metrics')) {
      tweet['public_metrics'] = { retweet_count: c.shares, reply_count: c.comments, like_count: c.likes, quote_count: c.quotes, bookmark_count: c.saves, impression_count: c.views };
    }
    if (nonPublic) tweet['non_public_metrics'] = { impression_count: c.views, url_link_clicks: c.linkClicks, user_profile_clicks: c.profileClicks };
    return tweet;
  }

  function timeline(req: SimRequest, userId: string | undefined, account: SimAccount): SimReply {
    const owner = state.world.twitter.find((a) => a.externalId === userId);
    if (!owner) return json(200, { errors: [{ value: userId, detail: `Could not find user with id: [${userId}].`, title: 'Not Found Error', resource_type: 'user', parameter: 'id', resource_id: userId, type: 'https://api.x.com/2/problems/resource-not-found' }] });
    const max = Number(req.query.get('max_results') ?? 10);
    if (!Number.isInteger(max) || max < 5 || max > 100) {
      return problem(400, 'Invalid Request', 'One or more parameters to your request was invalid.', 'https://api.x.com/2/problems/invalid-request', {
        errors: [{ message: `The \`max_results\` query parameter value [${req.query.get('max_results')}] is not between 5 and 100`, parameters: { max_results: [String(req.query.get('max_results'))] } }],
      });
    }
    const fields = new Set(requestedFields(req.query.get('tweet.fields')));
    const nonPublic = fields.has('non_public_metrics') || fields.has('organic_metrics');
    if (nonPublic && owner !== account) {
      return json(200, { errors: [{ title: 'Authorization Error', detail: 'Sorry, you are not authorized to access non_public_metrics on this Tweet.', type: 'https://api.x.com/2/problems/not-authorized-for-field' }] });
    }
    let earliest = req.query.get('start_time') ? Date.parse(req.query.get('start_time')!) : -Infinity;
    if (nonPublic) earliest = Math.max(earliest, state.now().getTime() - NON_PUBLIC_DAYS * 86_400_000);
    const latest = req.query.get('end_time') ? Date.parse(req.query.get('end_time')!) : Infinity;
    const sinceRaw = req.query.get('since_id');
    if (sinceRaw !== null && !/^\d{1,19}$/.test(sinceRaw)) {
      return problem(400, 'Invalid Request', `The \`since_id\` query parameter value [${sinceRaw}] is not valid`, 'https://api.x.com/2/problems/invalid-request');
    }
    const since = sinceRaw === null ? undefined : BigInt(sinceRaw);
    const token = req.query.get('pagination_token');
    const below = token === null ? undefined : decodeToken(token);
    if (token !== null && below === undefined) {
      return problem(400, 'Invalid Request', `The \`pagination_token\` query parameter value [${token}] is not valid`, 'https://api.x.com/2/problems/invalid-request');
    }
    const candidates = state
      .visiblePosts(owner)
      .slice(0, TIMELINE_CAP)
      .filter((p) => p.publishedAt.getTime() >= earliest && p.publishedAt.getTime() <= latest && (below === undefined || BigInt(p.id) < below) && (since === undefined || BigInt(p.id) > since));
    const page = candidates.slice(0, max);
    const meta: Record<string, unknown> = { result_count: page.length };
    if (page.length > 0) {
      meta['newest_id'] = page[0]!.id;
      meta['oldest_id'] = page[page.length - 1]!.id;
    }
    if (candidates.length > page.length) meta['next_token'] = encodeToken(page[page.length - 1]!.id);
    const body: Record<string, unknown> = { meta };
    if (page.length > 0) body['data'] = page.map((p) => tweetObject(p, fields, nonPublic));
    return json(200, body);
  }

  /** GET /2/tweets?ids=: the caller's own posts get every field asked for; an id it cannot see is an error beside the data. */
  function lookup(req: SimRequest, account: SimAccount): SimReply {
    const raw = req.query.get('ids') ?? '';
    const ids = raw === '' ? [] : raw.split(',');
    if (ids.length === 0 || ids.length > 100 || !ids.every((i) => /^\d{1,19}$/.test(i))) {
      return problem(400, 'Invalid Request', 'One or more parameters to your request was invalid.', 'https://api.x.com/2/problems/invalid-request', {
        errors: [{ message: 'The `ids` query parameter value must hold 1 to 100 comma-separated ids', parameters: { ids: [raw] } }],
      });
    }
    const fields = new Set(requestedFields(req.query.get('tweet.fields')));
    const own = new Map(state.visiblePosts(account).map((p) => [p.id, p]));
    const found = ids.flatMap((i) => (own.has(i) ? [tweetObject(own.get(i)!, fields, false)] : []));
    const errors = ids
      .filter((i) => !own.has(i))
      .map((i) => ({ value: i, detail: `Could not find tweet with ids: [${i}].`, title: 'Not Found Error', resource_type: 'tweet', parameter: 'ids', resource_id: i, type: 'https://api.x.com/2/problems/resource-not-found' }));
    const body: Record<string, unknown> = {};
    if (found.length > 0) body['data'] = found;
    if (errors.length > 0) body['errors'] = errors;
    return json(200, body);
  }

  const tweetLookup: Route = {
    method: 'GET',
    pattern: /^\/2\/tweets$/,
    endpoint: 'GET /2/tweets',
    handle: (req) => guarded('lookup', req, (account) => lookup(req, account)),
  };

  const me: Route = {
    method: 'GET',
    pattern: /^\/2\/users\/me$/,
    endpoint: 'GET /2/users/me',
    handle: (req) => guarded('me', req, (account) => json(200, { data: userObject(account) })),
  };

  const tweets: Route = {
    method: 'GET',
    pattern: /^\/2\/users\/(\d+)\/tweets$/,
    endpoint: 'GET /2/users/:id/tweets',
    handle: (req, [id]) => guarded('timeline', req, (account) => timeline(req, id, account)),
  };

  const user: Route = {
    method: 'GET',
    pattern: /^\/2\/users\/(\d+)$/,
    endpoint: 'GET /2/users/:id',
    handle: (req, [id]) =>
      guarded('user', req, () => {
        const found = state.world.twitter.find((a) => a.externalId === id);
        if (!found) return json(200, { errors: [{ value: id, detail: `Could not find user with id: [${id}].`, title: 'Not Found Error', type: 'https://api.x.com/2/problems/resource-not-found' }] });
        return json(200, { data: userObject(found) });
      }),
  };

  const token: Route = {
    method: 'POST',
    pattern: /^\/2\/oauth2\/token$/,
    endpoint: 'POST /2/oauth2/token',
    handle(req) {
      const f = req.form;
      if (!f.get('client_id') && !req.headers.authorization) return oauthError(401, 'unauthorized_client', 'Missing valid authorization header');
      const grant = f.get('grant_type');
      const result =
        grant === 'refresh_token'
          ? state.tokens.refresh('twitter', f.get('refresh_token') ?? undefined)
          : grant === 'authorization_code'
            ? state.tokens.redeemCode('twitter', f.get('code') ?? undefined, f.get('redirect_uri') ?? undefined, f.get('code_verifier') ?? undefined)
            : undefined;
      if (!result) return oauthError(400, 'unsupported_grant_type', 'Unsupported grant type');
      if (!result.ok) return oauthError(400, 'invalid_request', 'Value passed for the token was invalid.');
      return json(200, { token_type: 'bearer', expires_in: result.tokens.expiresIn, access_token: result.tokens.accessToken, scope: 'tweet.read users.read offline.access', refresh_token: result.tokens.refreshToken });
    },
  };

  return {
    platform: 'twitter',
    routes: [me, tweets, tweetLookup, user, token],
    limiters: { 'x-me-15min': windows.me, 'x-user-15min': windows.user, 'x-timeline-15min': windows.timeline, 'x-lookup-15min': windows.lookup },
    faultReply(kind, route, status, req, params) {
      if (kind === 'rate_limit') {
        const reset = Math.floor((state.now().getTime() + WINDOW_MS) / 1000);
        return { ...problem(429, 'Too Many Requests', 'Too Many Requests'), headers: { 'x-rate-limit-limit': '900', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(reset) } };
      }
      if (kind === 'error_in_200') {
        // Partial failure: the normal answer plus an `errors` array.
        const normal = route.handle(req, params);
        const body = typeof normal.body === 'object' && normal.body !== null ? normal.body : {};
        const errors = [{ value: 'sim', detail: 'Could not find tweet with ids: [1].', title: 'Not Found Error', resource_type: 'tweet', parameter: 'ids', resource_id: '1', type: 'https://api.x.com/2/problems/resource-not-found' }];
        return { ...normal, body: { ...body, errors } };
      }
      return problem(status, 'Service Unavailable', 'Service Unavailable', 'about:blank');
    },
  };
}
