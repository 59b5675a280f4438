/**
 * YouTube Studio "Table data.csv" grouped by Content: one row per video.
 * Rules are the YouTube connector's (platforms/youtube/mapper.ts): views,
 * likes and comments ("Comments added") as lifetime counters; shares, watch
 * time ("Watch time (hours)" → minutes) and dislikes as YouTube Analytics
 * reports them. Studio's own impressions ("Thumbnail impressions" since 2025,
 * "Impressions" before) are the catalog's `impressions`, and its
 * click-through rate becomes `impression_clicks` = impressions × rate / 100,
 * a count, so that rates over several videos are computed from sums
 * (analytics/catalog.ts clickThroughRate) instead of averaging percentages.
 *
 * Studio leaves "Video publish time" empty for private and unlisted videos.
 * Such a row is not a broken file: it is kept aside as an undated post and
 * import.ts imports its counters when the video is already stored, else
 * reports it as skipped (no post is stored without its publish time).
 *
 * The table holds the numbers of the date range selected in Studio. They are
 * lifetime counters only when that range is "Lifetime"; the file does not say
 * which range it is, so the README asks for a Lifetime export.
 */
import type { PostMetric } from '../../analytics/catalog.js';
import type { PostMetricObservation } from '../../ingest/observations.js';
import { videoCounters, videoPost } from '../../platforms/youtube/mapper.js';
import type { YtVideo } from '../../platforms/youtube/parse.js';
import { count, number, text } from '../cells.js';
import { CellError } from '../errors.js';
import { MappingOutput } from './output.js';
import { readInstant } from './read.js';
import { Columns, eachRow, type DataRow, type ImportContext, type ImportFormat } from './types.js';
import { durationSeconds, isTotalRow, videoId } from './youtube-shared.js';

/** Each key's names, the current (2025) name first. */
const COLUMNS = {
  content: ['Content'],
  title: ['Video title'],
  publishTime: ['Video publish time'],
  duration: ['Duration'],
  views: ['Views'],
  watchHours: ['Watch time (hours)'],
  likes: ['Likes'],
  dislikes: ['Dislikes'],
  comments: ['Comments added', 'Comments'],
  shares: ['Shares'],
  impressions: ['Thumbnail impressions', 'Impressions'],
  ctr: ['Thumbnail click-through rate (%)', 'Impressions click-through rate (%)'],
} as const;
type Key = keyof typeof COLUMNS;

const NO_PUBLISH_TIME = 'YouTube Studio leaves it empty for private and unlisted videos';

export const youtubeTable: ImportFormat = {
  id: 'youtube_studio_table',
  platform: 'youtube',
  label: 'YouTube Studio Table data.csv (grouped by Content)',
  header: ['Content', 'Video title', 'Video publish time', 'Duration', 'Views', 'Watch time (hours)', 'Likes', 'Comments added', 'Shares', '…'],
  detect: (h) => h.has('Content') && h.has('Video title', 'Video publish time') && !h.has('Date'),
  map(table, ctx) {
    const h = table.header;
    const c = new Columns(h, COLUMNS);
    c.require('content', 'publishTime');
    const out = new MappingOutput();
    for (const col of ['Subscribers', 'Subscribers gained', 'Subscribers lost']) out.ignore(h, [col], 'per-video subscriber changes: followers are kept per account, not per video');
    out.ignore(h, ['Likes (vs. dislikes) (%)'], 'a ratio of Likes and Dislikes, which are imported as counts');
    eachRow(table, (row) => {
      if (isTotalRow(row.cells[0])) {
        out.skip(row, 'the Total row');
        return;
      }
      const id = videoId(c.cell(row, 'content'), c.name('content'));
      const metrics = counters(c, row, id, ctx);
      if (text(c.cell(row, 'publishTime')) === undefined) {
        out.undatedPost(row, id, metrics, `"${c.name('publishTime')}" is empty (${NO_PUBLISH_TIME})`);
        return;
      }
      const video: YtVideo = {
        id,
        publishedAt: readInstant(c.cell(row, 'publishTime'), c.name('publishTime'), ctx),
        title: text(c.cell(row, 'title')) ?? '',
        description: undefined,
        durationSeconds: durationSeconds(c.cell(row, 'duration'), c.name('duration')),
        viewCount: undefined,
        likeCount: undefined,
        commentCount: undefined,
      };
      const post = videoPost(video);
      out.post(row, { ...post, title: post.title || null }, metrics);
    });
    return out.result(h);
  },
};

/** The row's lifetime counters; an absent cell is no value (never 0). */
function counters(c: Columns<Key>, row: DataRow, id: string, ctx: ImportContext): PostMetricObservation[] {
  const read = (key: Key): number | undefined => count(c.cell(row, key), c.name(key));
  const metrics = videoCounters({ id, viewCount: read('views'), likeCount: read('likes'), commentCount: read('comments') }, ctx.observedAt);
  const push = (metric: PostMetric, value: number | undefined): void => {
    if (value !== undefined) metrics.push({ platformPostId: id, metric, value, observedAt: ctx.observedAt });
  };
  push('shares', read('shares'));
  const hours = number(c.cell(row, 'watchHours'), c.name('watchHours'));
  if (hours !== undefined && hours < 0) throw new CellError(c.name('watchHours'), `"${hours}" is negative`);
  push('watch_time_minutes', hours === undefined ? undefined : Math.round(hours * 60 * 1e6) / 1e6);
  push('dislikes', read('dislikes'));
  const impressions = read('impressions');
  push('impressions', impressions);
  const ctr = number(c.cell(row, 'ctr'), c.name('ctr'));
  if (ctr !== undefined && (ctr < 0 || ctr > 100)) throw new CellError(c.name('ctr'), `"${ctr}" is not a percentage from 0 to 100`);
  // Studio rounds the rate to 2 decimals: the clicks are exact to ±0.005 % of the impressions.
  // It leaves the rate empty when there were no impressions: then there were no clicks either.
  if (impressions !== undefined && ctr !== undefined) push('impression_clicks', Math.round((impressions * ctr) / 100));
  else if (impressions === 0 && c.has('ctr')) push('impression_clicks', 0);
  return metrics;
}
