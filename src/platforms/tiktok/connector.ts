/**
 * The TikTok connector: user/info for the profile and followers, then
 * video/list pages (20 per page, newest first, cursor in ms). TikTok has no
 * per-day account values in the Display API. Recent mode stops paging at the
 * first video older than `postMaxAgeDays`. A short page does not mean the end:
 * TikTok may filter items out of a page; only `has_more` ends the listing.
 * Discover reads the first page (the 20 newest, one request); a refresh of
 * known posts reads them by id, 20 per video/query request.
 */
import { DEFAULT_POST_MAX_AGE_DAYS, refreshStep, runSteps, type StepPage, type SyncStep } from '../sync-steps.js';
import { DAY_MS } from '../time.js';
import type { ConnectorBaseConfig, PlatformConnector, SyncRequest } from '../types.js';
import { TIKTOK_PAGE_SIZE, TikTokClient } from './client.js';
import { userGauges, userProfile, videoCounters, videoPost } from './mapper.js';
import { TikTokTokens } from './tokens.js';

export interface TikTokConnectorConfig extends ConnectorBaseConfig {
  /** Default https://open.tiktokapis.com (API and token endpoint). */
  origin?: string;
  authorizeOrigin?: string;
}

export function createTikTokConnector(config: TikTokConnectorConfig): PlatformConnector {
  const now = config.now ?? (() => new Date());
  const client = new TikTokClient({ ...config, now });
  const tokens = new TikTokTokens({ ...config, now });

  return {
    platform: 'tiktok',
    verify: async (accessToken, ctx) => userProfile(await client.userInfo(accessToken, ctx)),
    refresh: (refreshToken, ctx) => tokens.refresh(refreshToken, ctx),
    authorizeUrl: (input) => tokens.authorizeUrl(input),
    exchangeCode: (code, pending, ctx) => tokens.exchangeCode(code, pending, ctx),

    sync(request: SyncRequest) {
      const { accessToken: token, options } = request;
      const cutoffMs = options.mode === 'recent' ? now().getTime() - (options.postMaxAgeDays ?? DEFAULT_POST_MAX_AGE_DAYS) * DAY_MS : -Infinity;

      const profile: SyncStep = {
        name: 'profile',
        async *run() {
          const user = await client.userInfo(token, request);
          yield { body: { accountMetrics: userGauges(user, now()) }, more: null };
        },
      };

      const posts: SyncStep = {
        name: 'posts',
        async *run(cursor): AsyncGenerator<StepPage> {
          let next = cursor === undefined ? undefined : Number(cursor);
          for (;;) {
            const observedAt = now();
            const page = await client.videoList(token, next, request);
            const fresh = page.videos.filter((v) => v.createTimeSeconds * 1000 >= cutoffMs);
            const done = !page.hasMore || page.cursor === undefined || fresh.length < page.videos.length;
            next = page.cursor;
            yield {
              body: { posts: fresh.map(videoPost), postMetrics: fresh.flatMap((v) => videoCounters(v, observedAt)) },
              more: done ? null : String(next),
            };
            if (done) return;
          }
        },
      };

      // The newest page with its counters, all of it: the same request refreshes the newest posts too.
      const discover: SyncStep = {
        name: 'discover',
        async *run() {
          const observedAt = now();
          const page = await client.videoList(token, undefined, request);
          yield { body: { posts: page.videos.map(videoPost), postMetrics: page.videos.flatMap((v) => videoCounters(v, observedAt)) }, more: null };
        },
      };
      if (options.mode === 'discover') return runSteps('tiktok_api', [discover], request.resumeFrom);

      const refresh = refreshStep(options.refreshPostIds ?? [], TIKTOK_PAGE_SIZE, async (ids) => {
        const page = await client.videoQuery(token, ids, request);
        const observedAt = now();
        return { posts: page.videos.map(videoPost), postMetrics: page.videos.flatMap((v) => videoCounters(v, observedAt)) };
      });
      return runSteps('tiktok_api', options.postsOnly ? [posts, refresh] : [profile, posts, refresh], request.resumeFrom);
    },
  };
}
