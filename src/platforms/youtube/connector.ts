/**
 * The YouTube connector: Data API for the channel, uploads and lifetime
 * counters; Analytics for per-day subscriber movement and per-video shares,
 * watch time and dislikes.
 *
 * Quota per full page of 50 uploads: 1 unit playlistItems + 1 unit videos on
 * the Data API, plus 1 Analytics call. Backfill reads daily values from the
 * channel's creation in one Analytics call; recent mode re-reads the last
 * `dailyLookbackDays` (default 7: Analytics days stay incomplete for a few
 * days) and only uploads younger than `postMaxAgeDays`, relying on the uploads
 * playlist being newest first.
 *
 * Discover reads the uploads playlist's first page (1 unit) and, only when it
 * holds uploads newer than the newest stored one, their counters (1 unit).
 * A refresh of known posts reads them by id, 50 per videos.list unit. Both
 * leave the per-video Analytics report (shares, watch time) to the tiers.
 */
import { PermanentError } from '../errors.js';
import { DEFAULT_POST_MAX_AGE_DAYS, refreshStep, runSteps, type StepPage, type SyncStep } from '../sync-steps.js';
import { DAY_MS, PACIFIC, addDays, dateInZone } from '../time.js';
import type { AccountProfile, CallContext, ConnectorBaseConfig, PlatformConnector, SyncRequest } from '../types.js';
import { YOUTUBE_PAGE_SIZE, YouTubeClient, type YouTubeOrigins } from './client.js';
import { VIDEO_REPORT_METRICS, channelDaily, channelGauges, channelProfile, videoAnalyticsCounters, videoCounters, videoPost } from './mapper.js';
import type { YtChannel } from './parse.js';
import { GoogleTokens } from './tokens.js';
import { youtubeDemographicsStep } from './demographics.js';
import { revenueStep } from './revenue.js';

export interface YouTubeConnectorConfig extends ConnectorBaseConfig, YouTubeOrigins {
  /** Default https://oauth2.googleapis.com */
  oauthOrigin?: string;
  authorizeOrigin?: string;
}

export const YOUTUBE_RECENT_DAILY_DAYS = 7;

export function createYouTubeConnector(config: YouTubeConnectorConfig): PlatformConnector {
  const now = config.now ?? (() => new Date());
  const client = new YouTubeClient({ ...config, now });
  const tokens = new GoogleTokens({ ...config, now });

  async function channelOf(token: string, ctx: CallContext): Promise<YtChannel> {
    const channel = await client.myChannel(token, ctx);
    if (!channel) {
      throw new PermanentError({ platform: 'youtube', endpoint: 'GET /youtube/v3/channels', status: 200, reason: 'no channel for this account' });
    }
    return channel;
  }

  /** Channel id → uploads playlist id: it never changes, and asking for it again would double discover's cost. */
  const uploadsOf = new Map<string, string>();

  return {
    platform: 'youtube',
    async verify(accessToken, ctx = {}): Promise<AccountProfile> {
      return channelProfile(await channelOf(accessToken, ctx));
    },
    refresh: (refreshToken, ctx) => tokens.refresh(refreshToken, ctx),
    authorizeUrl: (input) => tokens.authorizeUrl(input),
    exchangeCode: (code, pending, ctx) => tokens.exchangeCode(code, pending, ctx),

    sync(request: SyncRequest) {
      const { accessToken: token, options } = request;
      const ctx: CallContext = request;
      let channel: Promise<YtChannel> | undefined;
      const getChannel = (): Promise<YtChannel> =>
        (channel ??= channelOf(token, ctx).then((ch) => {
          if (ch.uploadsPlaylistId) uploadsOf.set(request.externalId, ch.uploadsPlaylistId);
          return ch;
        }));
      const today = dateInZone(now(), PACIFIC);
      /** First day of the per-day reports: the channel's creation (backfill) or the recent lookback. */
      const dailyStart = (ch: YtChannel): string => {
        const lookback = options.dailyLookbackDays ?? (options.mode === 'recent' ? YOUTUBE_RECENT_DAILY_DAYS : undefined);
        const created = dateInZone(ch.publishedAt, PACIFIC);
        const wanted = lookback === undefined ? created : addDays(today, -lookback);
        return wanted < created ? created : wanted;
      };
      const postCutoff = options.mode === 'recent' ? now().getTime() - (options.postMaxAgeDays ?? DEFAULT_POST_MAX_AGE_DAYS) * DAY_MS : -Infinity;

      const profile: SyncStep = {
        name: 'profile',
        async *run() {
          const observedAt = now();
          yield { body: { accountMetrics: channelGauges(await getChannel(), observedAt) }, more: null };
        },
      };

      const daily: SyncStep = {
        name: 'daily',
        async *run() {
          const ch = await getChannel();
          const startDate = dailyStart(ch);
          const report = await client.report(token, { startDate, endDate: today, dimensions: ['day'], metrics: ['subscribersGained', 'subscribersLost'], sort: 'day' }, ctx);
          yield { body: { accountDaily: channelDaily(report) }, more: null };
        },
      };

      const posts: SyncStep = {
        name: 'posts',
        async *run(cursor): AsyncGenerator<StepPage> {
          const ch = await getChannel();
          if (!ch.uploadsPlaylistId) return;
          let pageToken = cursor;
          do {
            const page = await client.playlistItems(token, ch.uploadsPlaylistId, pageToken, ctx);
            const fresh = page.items.filter((item) => item.videoPublishedAt !== undefined && item.videoPublishedAt.getTime() >= postCutoff);
            const reachedCutoff = fresh.length < page.items.length && options.mode === 'recent';
            const videos = await client.videos(token, fresh.map((i) => i.videoId), ctx);
            const observedAt = now();
            const postMetrics = videos.flatMap((v) => videoCounters(v, observedAt));
            if (videos.length > 0) {
              const earliest = Math.min(...videos.map((v) => v.publishedAt.getTime()));
              const report = await client.report(
                token,
                {
                  startDate: dateInZone(new Date(earliest), PACIFIC),
                  endDate: today,
                  dimensions: ['video'],
                  metrics: VIDEO_REPORT_METRICS,
                  filters: `video==${videos.map((v) => v.id).join(',')}`,
                  sort: '-shares',
                  maxResults: videos.length,
                },
                ctx,
              );
              postMetrics.push(...videoAnalyticsCounters(report, observedAt));
            }
            pageToken = reachedCutoff ? undefined : page.nextPageToken;
            yield { body: { posts: videos.map(videoPost), postMetrics }, more: pageToken ?? null };
          } while (pageToken);
        },
      };

      /** Counters of the given videos: one videos.list unit per 50 ids. */
      const counters = async (ids: string[]) => {
        const videos = await client.videos(token, ids, ctx);
        const observedAt = now();
        return { posts: videos.map(videoPost), postMetrics: videos.flatMap((v) => videoCounters(v, observedAt)) };
      };

      const discover: SyncStep = {
        name: 'discover',
        async *run() {
          const uploads = uploadsOf.get(request.externalId) ?? (await getChannel()).uploadsPlaylistId;
          if (!uploads) return;
          const page = await client.playlistItems(token, uploads, undefined, ctx);
          const known = options.newestKnown?.publishedAt.getTime() ?? -Infinity;
          const fresh = page.items.filter((i) => i.videoPublishedAt !== undefined && i.videoPublishedAt.getTime() > known && i.videoId !== options.newestKnown?.platformPostId);
          if (fresh.length > 0) yield { body: await counters(fresh.map((i) => i.videoId)), more: null };
        },
      };
      if (options.mode === 'discover') return runSteps('youtube_api', [discover], request.resumeFrom);

      const refresh = refreshStep(options.refreshPostIds ?? [], YOUTUBE_PAGE_SIZE, counters);
      const demographics = options.demographics ? [youtubeDemographicsStep(client, token, ctx, now)] : [];
      // Revenue after the tier's reads: a channel without it (no monetary scope, not monetized) skips it without failing the rest.
      // Refresh last (REFRESH_STEP): a budget that runs out there has left everything else done.
      const revenue = revenueStep({ client, token, ctx, days: async () => ({ startDate: dailyStart(await getChannel()), endDate: today }) });
      return runSteps('youtube_api', options.postsOnly ? [posts, refresh] : [profile, daily, posts, ...demographics, revenue, refresh], request.resumeFrom);
    },
  };
}
