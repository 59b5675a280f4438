/**
 * YouTube → common model. Mapping choices, stated once:
 *  - views/likes/comments: Data API lifetime `viewCount`/`likeCount`/`commentCount`
 *    (strings parsed to numbers). A count YouTube leaves out (likes or comments
 *    disabled) is absent, not 0.
 *  - shares and watch_time_minutes: the Data API has neither, so they come from
 *    YouTube Analytics (`shares`, `estimatedMinutesWatched` with dimension
 *    `video`, summed from publish day to today). Analytics lags a few days, so
 *    these trail the Data API counters a little; a video with no Analytics row
 *    yet gets no shares/watch time rather than 0.
 *  - dislikes: the Data API's `dislikeCount` is hidden since 2021, but
 *    Analytics still gives the channel owner `dislikes` per video (same report
 *    as shares), summed from the publish day like shares.
 *  - saves, reach, clicks, impressions: YouTube's APIs do not report them:
 *    absent (impressions come only from Studio exports, see import/).
 *    `favoriteCount` is always "0" and is ignored.
 *  - followers: `subscriberCount`, which YouTube rounds to three significant
 *    figures; skipped when `hiddenSubscriberCount` is true. Real daily movement
 *    comes from Analytics `subscribersGained`/`subscribersLost` per day
 *    (followers_gained / followers_lost), whose days are Pacific days and are
 *    passed through as the platform's day.
 *  - media type: always 'video'; the API does not say whether an upload is a Short.
 *  - hashtags: from title and description.
 */
import { hashtagsFrom } from '../../analytics/hashtags.js';
import type {
  AccountDailyObservation,
  AccountMetricObservation,
  PostMetricObservation,
  PostObservation,
} from '../../ingest/observations.js';
import type { AccountProfile } from '../types.js';
import type { YtChannel, YtReport, YtVideo } from './parse.js';

export function channelProfile(channel: YtChannel): AccountProfile {
  return { externalId: channel.id, handle: channel.customUrl ?? channel.title, displayName: channel.title };
}

export function channelGauges(channel: YtChannel, observedAt: Date): AccountMetricObservation[] {
  if (channel.hiddenSubscriberCount || channel.subscriberCount === undefined) return [];
  return [{ metric: 'followers', value: channel.subscriberCount, observedAt }];
}

export function videoPost(video: YtVideo): PostObservation {
  return {
    platformPostId: video.id,
    publishedAt: video.publishedAt,
    url: `https://www.youtube.com/watch?v=${video.id}`,
    title: video.title,
    caption: video.description ?? null,
    hashtags: hashtagsFrom(`${video.title}\n${video.description ?? ''}`),
    mediaType: 'video',
    durationSeconds: video.durationSeconds ?? null,
  };
}

export function videoCounters(video: Pick<YtVideo, 'id' | 'viewCount' | 'likeCount' | 'commentCount'>, observedAt: Date): PostMetricObservation[] {
  const out: PostMetricObservation[] = [];
  const push = (metric: PostMetricObservation['metric'], value: number | undefined): void => {
    if (value !== undefined) out.push({ platformPostId: video.id, metric, value, observedAt });
  };
  push('views', video.viewCount);
  push('likes', video.likeCount);
  push('comments', video.commentCount);
  return out;
}

function columnIndex(report: YtReport, name: string): number | undefined {
  const i = report.columns.findIndex((c) => c.name === name);
  return i < 0 ? undefined : i;
}

function numberAt(row: (string | number | null)[], index: number | undefined): number | undefined {
  if (index === undefined) return undefined;
  const cell = row[index];
  return typeof cell === 'number' && Number.isFinite(cell) ? cell : undefined;
}

/** Analytics metric → catalog counter, for the per-video report (VIDEO_REPORT_METRICS asks for them). */
const VIDEO_REPORT_COUNTERS = { shares: 'shares', estimatedMinutesWatched: 'watch_time_minutes', dislikes: 'dislikes' } as const;
export const VIDEO_REPORT_METRICS = Object.keys(VIDEO_REPORT_COUNTERS) as (keyof typeof VIDEO_REPORT_COUNTERS)[];

/** Rows of a `dimensions=video` report with VIDEO_REPORT_METRICS; a column the report lacks gives no value. */
export function videoAnalyticsCounters(report: YtReport, observedAt: Date): PostMetricObservation[] {
  const videoCol = columnIndex(report, 'video');
  if (videoCol === undefined) return [];
  const columns = VIDEO_REPORT_METRICS.map((name) => ({ metric: VIDEO_REPORT_COUNTERS[name], index: columnIndex(report, name) }));
  const out: PostMetricObservation[] = [];
  for (const row of report.rows) {
    const videoId = row[videoCol];
    if (typeof videoId !== 'string') continue;
    for (const { metric, index } of columns) {
      const value = numberAt(row, index);
      if (value !== undefined) out.push({ platformPostId: videoId, metric, value, observedAt });
    }
  }
  return out;
}

/** Rows of a `dimensions=day` report with `subscribersGained,subscribersLost`. Missing rows stay missing. */
export function channelDaily(report: YtReport): AccountDailyObservation[] {
  const dayCol = columnIndex(report, 'day');
  if (dayCol === undefined) return [];
  const gainedCol = columnIndex(report, 'subscribersGained');
  const lostCol = columnIndex(report, 'subscribersLost');
  const out: AccountDailyObservation[] = [];
  for (const row of report.rows) {
    const day = row[dayCol];
    if (typeof day !== 'string') continue;
    const gained = numberAt(row, gainedCol);
    const lost = numberAt(row, lostCol);
    if (gained !== undefined) out.push({ metric: 'followers_gained', day, value: gained });
    if (lost !== undefined) out.push({ metric: 'followers_lost', day, value: lost });
  }
  return out;
}
