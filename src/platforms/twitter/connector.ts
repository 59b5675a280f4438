/**
 * The X connector. verify() uses /2/users/me (75 per 15 min); sync uses
 * /2/users/:id (900) and the user timeline (900 per 15 min, 100 per page,
 * reaching back to the 3,200 most recent posts). Two timeline passes: public
 * metrics over the whole history (or since the recent-mode cutoff, via
 * start_time), then non-public metrics (link clicks) for the last 30 days,
 * the only window X gives them for. The monthly read cap is the binding
 * constraint on X, so recent mode matters more here than anywhere.
 * Discover asks the timeline only for posts newer than the newest stored one
 * (since_id): one request, and usually no post read. A refresh of known posts
 * reads them by id, 100 per tweets lookup.
 */
import { DEFAULT_POST_MAX_AGE_DAYS, refreshStep, runSteps, type StepPage, type SyncStep } from '../sync-steps.js';
import { DAY_MS } from '../time.js';
import type { ConnectorBaseConfig, PlatformConnector, SyncRequest } from '../types.js';
import { TwitterClient, X_LOOKUP_SIZE } from './client.js';
import { tweetClickCounters, tweetPost, tweetPublicCounters, userGauges, userProfile } from './mapper.js';
import { XTokens } from './tokens.js';

export interface TwitterConnectorConfig extends ConnectorBaseConfig {
  /** Default https://api.x.com (API and token endpoint). */
  origin?: string;
  authorizeOrigin?: string;
}

const NON_PUBLIC_DAYS = 30;

export function createTwitterConnector(config: TwitterConnectorConfig): PlatformConnector {
  const now = config.now ?? (() => new Date());
  const client = new TwitterClient({ ...config, now });
  const tokens = new XTokens({ ...config, now });

  return {
    platform: 'twitter',
    verify: async (accessToken, ctx) => userProfile(await client.me(accessToken, ctx)),
    refresh: (refreshToken, ctx) => tokens.refresh(refreshToken, ctx),
    authorizeUrl: (input) => tokens.authorizeUrl(input),
    exchangeCode: (code, pending, ctx) => tokens.exchangeCode(code, pending, ctx),

    sync(request: SyncRequest) {
      const { accessToken: token, options, externalId: userId } = request;
      const nowMs = now().getTime();
      const since = options.mode === 'recent' ? new Date(nowMs - (options.postMaxAgeDays ?? DEFAULT_POST_MAX_AGE_DAYS) * DAY_MS) : undefined;
      const nonPublicSince = new Date(Math.max(nowMs - NON_PUBLIC_DAYS * DAY_MS + 60_000, since?.getTime() ?? 0));

      const profile: SyncStep = {
        name: 'profile',
        async *run() {
          const user = await client.user(token, userId, request);
          yield { body: { accountMetrics: userGauges(user, now()) }, more: null };
        },
      };

      const posts: SyncStep = {
        name: 'posts',
        async *run(cursor): AsyncGenerator<StepPage> {
          let next = cursor;
          do {
            const page = await client.timeline(token, userId, { paginationToken: next, startTime: since }, request);
            const observedAt = now();
            next = page.nextToken;
            yield {
              body: { posts: page.tweets.map(tweetPost), postMetrics: page.tweets.flatMap((t) => tweetPublicCounters(t, observedAt)), warnings: page.partialErrors },
              more: next ?? null,
            };
          } while (next);
        },
      };

      const clicks: SyncStep = {
        name: 'clicks',
        async *run(cursor): AsyncGenerator<StepPage> {
          let next = cursor;
          do {
            const page = await client.timeline(token, userId, { paginationToken: next, startTime: nonPublicSince, nonPublic: true }, request);
            const observedAt = now();
            next = page.nextToken;
            // The posts go along with their metrics: a tweet published after the `posts` step ran
            // (a sync resumed from a checkpoint, minutes later) must not arrive as metrics of an unknown post.
            yield {
              body: { posts: page.tweets.map(tweetPost), postMetrics: page.tweets.flatMap((t) => tweetClickCounters(t, observedAt)), warnings: page.partialErrors },
              more: next ?? null,
            };
          } while (next);
        },
      };

      const discover: SyncStep = {
        name: 'discover',
        async *run() {
          const page = await client.timeline(token, userId, { sinceId: options.newestKnown?.platformPostId }, request);
          const observedAt = now();
          yield { body: { posts: page.tweets.map(tweetPost), postMetrics: page.tweets.flatMap((t) => tweetPublicCounters(t, observedAt)), warnings: page.partialErrors }, more: null };
        },
      };
      if (options.mode === 'discover') return runSteps('x_api', [discover], request.resumeFrom);

      const refresh = refreshStep(options.refreshPostIds ?? [], X_LOOKUP_SIZE, async (ids) => {
        const page = await client.tweets(token, ids, request);
        const observedAt = now();
        return { posts: page.tweets.map(tweetPost), postMetrics: page.tweets.flatMap((t) => tweetPublicCounters(t, observedAt)), warnings: page.partialErrors };
      });
      return runSteps('x_api', options.postsOnly ? [posts, clicks, refresh] : [profile, posts, clicks, refresh], request.resumeFrom);
    },
  };
}
