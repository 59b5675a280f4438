/**
 * TikTok Display API v2 and its token endpoint: the `{ data, error }`
 * envelope with error.code "ok" on success, string video ids, create_time in
 * seconds and the paging cursor in milliseconds, pages that can be shorter
 * than max_count while has_more is true, only the requested fields, and 600
 * requests per endpoint per sliding minute with 429 rate_limit_exceeded.
 */
import { countersAt } from './counters.js';
import { SlidingWindow } from './limits.js';
import { oauthError } from './oauth-google.js';
import { rngFor } from './random.js';
import { bearer, json, requestedFields, type PlatformModule, type Route, type SimReply, type SimRequest, type SimState } from './types.js';
import type { SimAccount, SimPost } from './world-types.js';

const USER_FIELDS = new Set(['open_id', 'union_id', 'avatar_url', 'avatar_url_100', 'avatar_large_url', 'display_name', 'bio_description', 'profile_deep_link', 'is_verified', 'username', 'follower_count', 'following_count', 'likes_count', 'video_count']);
const VIDEO_FIELDS = new Set(['id', 'create_time', 'title', 'video_description', 'duration', 'cover_image_url', 'share_url', 'embed_html', 'embed_link', 'height', 'width', 'view_count', 'like_count', 'comment_count', 'share_count']);

let logSerial = 0;
function logId(): string {
  return `2025SIM${String(++logSerial).padStart(10, '0')}`;
}

export function tiktokEnvelope(status: number, data: unknown, code = 'ok', message = ''): SimReply {
  return json(status, { data, error: { code, message, log_id: logId() } });
}

export function createTikTokModule(state: SimState): PlatformModule {
  const perEndpoint = new SlidingWindow(state.limits.tiktokPerMinute, 60_000, state.now);

  function guarded(endpoint: string, req: SimRequest, body: (account: SimAccount) => SimReply): SimReply {
    const decision = perEndpoint.take(endpoint);
    const counted = { limiter: 'tiktok-endpoint-minute', key: endpoint, decision };
    if (!decision.ok) {
      return { ...tiktokEnvelope(429, {}, 'rate_limit_exceeded', 'The API rate limit was exceeded. Please try again later.'), limited: true, counted };
    }
    const check = state.tokens.checkAccess('tiktok', bearer(req));
    if (!check.ok) {
      return { ...tiktokEnvelope(401, {}, 'access_token_invalid', 'The access token is invalid or not found in the request.'), counted };
    }
    return { ...body(state.account('tiktok', check.accountIndex)), counted };
  }

  function fieldsOf(req: SimRequest, allowed: Set<string>): string[] | SimReply {
    const fields = requestedFields(req.query.get('fields'));
    const bad = fields.find((f) => !allowed.has(f));
    if (fields.length === 0 || bad) return tiktokEnvelope(400, {}, 'invalid_params', `Invalid fields: ${bad ?? '(none)'}`);
    return fields;
  }

  function videoObject(post: SimPost, account: SimAccount, fields: string[]): Record<string, unknown> {
    const c = countersAt(post, state.now())!;
    const all: Record<string, unknown> = {
      id: post.id,
      create_time: Math.floor(post.publishedAt.getTime() / 1000),
      title: post.title.slice(0, 150),
      video_description: post.caption.slice(0, 150),
      duration: post.durationSeconds,
      cover_image_url: `https://p16-sign.tiktokcdn.com/sim/${post.id}.jpeg?x-expires=${Math.floor(state.now().getTime() / 1000) + 6 * 3600}`,
      share_url: `https://www.tiktok.com/@${account.handle}/video/${post.id}`,
      embed_link: `https://www.tiktok.com/player/v1/${post.id}`,
      height: 1920,
      width: 1080,
      view_count: c.views,
      like_count: c.likes,
      comment_count: c.comments,
      share_count: c.shares,
    };
    return Object.fromEntries(fields.map((f) => [f, all[f]]));
  }

  const userInfo: Route = {
    method: 'GET',
    pattern: /^\/v2\/user\/info\/$/,
    endpoint: 'GET /v2/user/info/',
    handle: (req) =>
      guarded('GET /v2/user/info/', req, (account) => {
        const fields = fieldsOf(req, USER_FIELDS);
        if (!Array.isArray(fields)) return fields;
        const all: Record<string, unknown> = {
          open_id: account.externalId,
          union_id: `u${account.externalId.slice(4)}`,
          avatar_url: `https://p16-sign.tiktokcdn.com/sim/avatar${account.index}.jpeg`,
          display_name: account.displayName,
          username: account.handle,
          bio_description: '',
          is_verified: false,
          follower_count: state.series(account).followersAt(state.now()),
          following_count: 100 + account.index,
          // All likes ever received, private and removed videos included: deliberately larger than the sum over listed videos.
          likes_count: state.visiblePosts(account).reduce((sum, p) => sum + countersAt(p, state.now())!.likes, 0) + 1000,
          video_count: state.visiblePosts(account).length,
        };
        return tiktokEnvelope(200, { user: Object.fromEntries(fields.map((f) => [f, all[f]])) });
      }),
  };

  const videoList: Route = {
    method: 'POST',
    pattern: /^\/v2\/video\/list\/$/,
    endpoint: 'POST /v2/video/list/',
    handle: (req) =>
      guarded('POST /v2/video/list/', req, (account) => {
        const fields = fieldsOf(req, VIDEO_FIELDS);
        if (!Array.isArray(fields)) return fields;
        const body = (req.json ?? {}) as { cursor?: unknown; max_count?: unknown };
        const max = body.max_count === undefined ? 10 : body.max_count;
        if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 20) return tiktokEnvelope(400, {}, 'invalid_params', 'max_count must be between 1 and 20');
        if (body.cursor !== undefined && typeof body.cursor !== 'number') return tiktokEnvelope(400, {}, 'invalid_params', 'cursor must be a number');
        const before = body.cursor ?? Number.MAX_SAFE_INTEGER;
        const older = state.visiblePosts(account).filter((p) => p.publishedAt.getTime() < before);
        // Trust-and-safety filtering: some pages come back short although more exist.
        const shortBy = rngFor(state.seed, 'tiktok-short', account.index, before).chance(0.2) ? 3 : 0;
        const page = older.slice(0, Math.max(1, max - shortBy));
        const last = page[page.length - 1];
        return tiktokEnvelope(200, {
          videos: page.map((p) => videoObject(p, account, fields)),
          cursor: last ? last.publishedAt.getTime() : before === Number.MAX_SAFE_INTEGER ? state.now().getTime() : before,
          has_more: older.length > page.length,
        });
      }),
  };

  const videoQuery: Route = {
    method: 'POST',
    pattern: /^\/v2\/video\/query\/$/,
    endpoint: 'POST /v2/video/query/',
    handle: (req) =>
      guarded('POST /v2/video/query/', req, (account) => {
        const fields = fieldsOf(req, VIDEO_FIELDS);
        if (!Array.isArray(fields)) return fields;
        const filters = (req.json as { filters?: { video_ids?: unknown } } | undefined)?.filters;
        const ids = filters?.video_ids;
        if (!Array.isArray(ids) || ids.length === 0 || ids.length > 20 || !ids.every((i) => typeof i === 'string')) {
          return tiktokEnvelope(400, {}, 'invalid_params', 'filters.video_ids must hold 1 to 20 ids');
        }
        const own = new Map(state.visiblePosts(account).map((p) => [p.id, p]));
        const videos = ids.flatMap((i) => (own.has(i) ? [videoObject(own.get(i)!, account, fields)] : []));
        return tiktokEnvelope(200, { videos, cursor: 0, has_more: false });
      }),
  };

  const token: Route = {
    method: 'POST',
    pattern: /^\/v2\/oauth\/token\/$/,
    endpoint: 'POST /v2/oauth/token/',
    handle(req) {
      const form = req.form;
      if (!form.get('client_key') || !form.get('client_secret')) return oauthError(401, 'invalid_client', 'Client key or secret is incorrect.');
      const grant = form.get('grant_type');
      const issued =
        grant === 'refresh_token'
          ? state.tokens.refresh('tiktok', form.get('refresh_token') ?? undefined)
          : grant === 'authorization_code'
            ? state.tokens.redeemCode('tiktok', form.get('code') ?? undefined, form.get('redirect_uri') ?? undefined, form.get('code_verifier') ?? undefined)
            : undefined;
      if (issued === undefined) return oauthError(400, 'unsupported_grant_type', 'Unsupported grant type.');
      if (!issued.ok) return json(400, { error: 'invalid_grant', error_description: 'Refresh token is invalid or expired.', log_id: logId() });
      const { tokens } = issued;
      const openId = state.account('tiktok', issued.accountIndex).externalId;
      return json(200, {
        access_token: tokens.accessToken,
        expires_in: tokens.expiresIn,
        open_id: openId,
        refresh_expires_in: 31_536_000,
        refresh_token: tokens.refreshToken,
        scope: 'user.info.basic,user.info.profile,user.info.stats,video.list',
        token_type: 'Bearer',
      });
    },
  };

  return {
    platform: 'tiktok',
    routes: [userInfo, videoList, videoQuery, token],
    limiters: { 'tiktok-endpoint-minute': perEndpoint },
    faultReply(kind, _route, status) {
      if (kind === 'rate_limit') return tiktokEnvelope(429, {}, 'rate_limit_exceeded', 'The API rate limit was exceeded.');
      if (kind === 'error_in_200') return tiktokEnvelope(200, {}, 'internal_error', 'Something went wrong. Please try again later.');
      return tiktokEnvelope(status, {}, 'internal_error', 'Internal error');
    },
  };
}
