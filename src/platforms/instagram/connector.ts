/**
 * The Instagram connector (Instagram Login, Graph API v22+).
 *
 * Budget: 1 call for the profile, 1 per 25 media, 1 insights call per media
 * item, and for daily values one time-series call per 30 days (reach) plus one
 * total_value call per day (profile views, link taps: Meta only gives those as
 * totals). Per-media insights dominate, so recent mode re-reads only media
 * younger than `postMaxAgeDays`. Daily values: the last `dailyLookbackDays`
 * complete Pacific days (default 3 in recent mode, 30 in backfill; one call
 * per day, so a long backfill is expensive under 200 calls/hour).
 *
 * Discover reads the media edge's first page (one call: the 25 newest with
 * their like and comment counts) and the insights of new media only. Meta has
 * no batch insights call, so a refresh of known posts reads their insights
 * one media at a time, youngest first, for as long as the budget allows (the
 * gate defers the rest).
 */
import type { AccountDailyObservation } from '../../ingest/observations.js';
import { DEFAULT_POST_MAX_AGE_DAYS, refreshStep, runSteps, type StepPage, type SyncStep } from '../sync-steps.js';
import { DAY_MS, PACIFIC, addDays, dateInZone, startOfDayInZone } from '../time.js';
import type { ConnectorBaseConfig, PlatformConnector, SyncRequest } from '../types.js';
import { InstagramClient } from './client.js';
import { accountSeriesDaily, accountTotalsForDay, mediaFieldCounters, mediaInsightCounters, mediaPost, userGauges, userProfile } from './mapper.js';
import { InstagramTokens } from './tokens.js';
import { instagramDemographicsStep } from './demographics.js';

export interface InstagramConnectorConfig extends ConnectorBaseConfig {
  /** Graph host. Default https://graph.instagram.com */
  origin?: string;
  /** Code exchange host. Default https://api.instagram.com */
  oauthOrigin?: string;
  authorizeOrigin?: string;
  version?: string;
  /**
   * Account metrics read as one total per day. `profile_views` was removed
   * from the documented set in v21 yet still answers for some apps; drop it
   * here if Meta refuses it (the whole call fails on one bad metric).
   */
  dailyTotalMetrics?: string[];
}

export const INSTAGRAM_RECENT_DAILY_DAYS = 3;
export const INSTAGRAM_BACKFILL_DAILY_DAYS = 30;
/**
 * Meta allows at most 30 days (2,592,000 s) between since and until. Windows
 * are whole Pacific days, and a window across the end of daylight saving time
 * is an hour longer than its days, so a window holds at most 29 of them.
 */
const MAX_RANGE_DAYS = 29;
/** Metrics valid for FEED and REELS media after the v22 cutover (no impressions/plays). */
const MEDIA_METRICS = ['views', 'reach', 'saved', 'shares'];

export function createInstagramConnector(config: InstagramConnectorConfig): PlatformConnector {
  const now = config.now ?? (() => new Date());
  const client = new InstagramClient({ ...config, now });
  const tokens = new InstagramTokens({ ...config, now });
  const totalMetrics = config.dailyTotalMetrics ?? ['profile_views', 'profile_links_taps'];

  return {
    platform: 'instagram',
    verify: async (accessToken, ctx) => userProfile(await client.me(accessToken, ctx)),
    refresh: (refreshToken, ctx) => tokens.refresh(refreshToken, ctx),
    authorizeUrl: (input) => tokens.authorizeUrl(input),
    exchangeCode: (code, pending, ctx) => tokens.exchangeCode(code, pending, ctx),

    sync(request: SyncRequest) {
      const { accessToken: token, options, externalId: userId } = request;
      const cutoffMs = options.mode === 'recent' ? now().getTime() - (options.postMaxAgeDays ?? DEFAULT_POST_MAX_AGE_DAYS) * DAY_MS : -Infinity;
      const lookback = options.dailyLookbackDays ?? (options.mode === 'recent' ? INSTAGRAM_RECENT_DAILY_DAYS : INSTAGRAM_BACKFILL_DAILY_DAYS);
      const yesterday = addDays(dateInZone(now(), PACIFIC), -1);
      const firstDay = addDays(yesterday, -(lookback - 1));

      const profile: SyncStep = {
        name: 'profile',
        async *run() {
          const user = await client.me(token, request);
          yield { body: { accountMetrics: userGauges(user, now()) }, more: null };
        },
      };

      // Cursor: the first day not yet read.
      const daily: SyncStep = {
        name: 'daily',
        async *run(cursor): AsyncGenerator<StepPage> {
          for (let from = cursor ?? firstDay; from <= yesterday; ) {
            const candidate = addDays(from, MAX_RANGE_DAYS - 1);
            const to = candidate < yesterday ? candidate : yesterday;
            const accountDaily: AccountDailyObservation[] = [];
            const series = await client.accountInsights(
              token,
              userId,
              { metrics: ['reach'], period: 'day', metricType: 'time_series', since: startOfDayInZone(from, PACIFIC), until: startOfDayInZone(addDays(to, 1), PACIFIC) },
              request,
            );
            accountDaily.push(...accountSeriesDaily(series));
            for (let day = from; day <= to && totalMetrics.length > 0; day = addDays(day, 1)) {
              const totals = await client.accountInsights(
                token,
                userId,
                { metrics: totalMetrics, period: 'day', metricType: 'total_value', since: startOfDayInZone(day, PACIFIC), until: startOfDayInZone(addDays(day, 1), PACIFIC) },
                request,
              );
              accountDaily.push(...accountTotalsForDay(totals, day));
            }
            from = addDays(to, 1);
            yield { body: { accountDaily }, more: from <= yesterday ? from : null };
          }
        },
      };

      const posts: SyncStep = {
        name: 'posts',
        async *run(cursor): AsyncGenerator<StepPage> {
          let after = cursor;
          do {
            const page = await client.media(token, userId, after, request);
            const fresh = page.media.filter((m) => m.timestamp.getTime() >= cutoffMs);
            const observedAt = now();
            const postMetrics = fresh.flatMap((m) => mediaFieldCounters(m, observedAt));
            for (const m of fresh) {
              // Album children have no insights; the album itself does. Stories only live 24 h and are not listed here.
              postMetrics.push(...mediaInsightCounters(m.id, await client.mediaInsights(token, m.id, MEDIA_METRICS, request), now()));
            }
            after = fresh.length < page.media.length ? undefined : page.after;
            yield { body: { posts: fresh.map(mediaPost), postMetrics }, more: after ?? null };
          } while (after);
        },
      };

      const discover: SyncStep = {
        name: 'discover',
        async *run() {
          const page = await client.media(token, userId, undefined, request);
          const known = options.newestKnown?.publishedAt.getTime() ?? -Infinity;
          const observedAt = now();
          const postMetrics = page.media.flatMap((m) => mediaFieldCounters(m, observedAt));
          for (const m of page.media) {
            if (m.timestamp.getTime() <= known || m.id === options.newestKnown?.platformPostId) continue;
            postMetrics.push(...mediaInsightCounters(m.id, await client.mediaInsights(token, m.id, MEDIA_METRICS, request), now()));
          }
          yield { body: { posts: page.media.map(mediaPost), postMetrics }, more: null };
        },
      };
      if (options.mode === 'discover') return runSteps('instagram_api', [discover], request.resumeFrom);

      // Meta has no batch read: one insights call per media, by id. Likes and comments of media older than
      // the listing window come with the daily full sync's listing (25 per call).
      const refresh = refreshStep(options.refreshPostIds ?? [], 1, async ([id]) => ({
        postMetrics: mediaInsightCounters(id!, await client.mediaInsights(token, id!, MEDIA_METRICS, request), now()),
      }));

      const demographics = options.demographics ? [instagramDemographicsStep(client, token, userId, request, now)] : [];
      return runSteps('instagram_api', options.postsOnly ? [posts, refresh] : [profile, daily, posts, ...demographics, refresh], request.resumeFrom);
    },
  };
}
