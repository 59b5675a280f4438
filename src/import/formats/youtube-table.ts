/**
 * YouTube Studio "Table data.csv" grouped by Content: one row per video.
 * Rules are the YouTube connector's (platforms/youtube/mapper.ts): views,
 * likes and comments ("Comments added") as lifetime counters; shares and
 * watch time ("Watch time (hours)" → minutes) as YouTube Analytics reports
 * them. Impressions are not mapped for YouTube (the connector does not
 * either: Studio's thumbnail impressions are a different number from views).
 *
 * The table holds the numbers of the date range selected in Studio. They are
 * lifetime counters only when that range is "Lifetime"; the file does not say
 * which range it is, so the README asks for a Lifetime export.
 */
import { videoCounters, videoPost } from '../../platforms/youtube/mapper.js';
import type { YtVideo } from '../../platforms/youtube/parse.js';
import { count, number, text } from '../cells.js';
import { CellError } from '../errors.js';
import { MappingOutput } from './output.js';
import { readInstant } from './read.js';
import { Columns, eachRow, type ImportFormat } from './types.js';
import { durationSeconds, isTotalRow, videoId } from './youtube-shared.js';

const COLUMNS = {
  content: ['Content'],
  title: ['Video title'],
  publishTime: ['Video publish time'],
  duration: ['Duration'],
  views: ['Views'],
  watchHours: ['Watch time (hours)'],
  likes: ['Likes'],
  comments: ['Comments added', 'Comments'],
  shares: ['Shares'],
} as const;

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
    out.ignore(h, ['Impressions'], "Studio's thumbnail impressions: the catalog has no YouTube impressions (the connector does not map any)");
    for (const col of ['Subscribers', 'Subscribers gained', 'Subscribers lost']) out.ignore(h, [col], 'per-video subscriber changes: followers are kept per account, not per video');
    eachRow(table, (row) => {
      if (isTotalRow(row.cells[0])) {
        out.skip(row, 'the Total row');
        return;
      }
      const hours = number(c.cell(row, 'watchHours'), c.name('watchHours'));
      if (hours !== undefined && hours < 0) throw new CellError(c.name('watchHours'), `"${hours}" is negative`);
      const video: YtVideo = {
        id: videoId(c.cell(row, 'content'), c.name('content')),
        publishedAt: readInstant(c.cell(row, 'publishTime'), c.name('publishTime'), ctx),
        title: text(c.cell(row, 'title')) ?? '',
        description: undefined,
        durationSeconds: durationSeconds(c.cell(row, 'duration'), c.name('duration')),
        viewCount: count(c.cell(row, 'views'), c.name('views')),
        likeCount: count(c.cell(row, 'likes'), c.name('likes')),
        commentCount: count(c.cell(row, 'comments'), c.name('comments')),
      };
      const shares = count(c.cell(row, 'shares'), c.name('shares'));
      const metrics = videoCounters(video, ctx.observedAt);
      if (shares !== undefined) metrics.push({ platformPostId: video.id, metric: 'shares', value: shares, observedAt: ctx.observedAt });
      if (hours !== undefined) metrics.push({ platformPostId: video.id, metric: 'watch_time_minutes', value: Math.round(hours * 60 * 1e6) / 1e6, observedAt: ctx.observedAt });
      const post = videoPost(video);
      out.post(row, { ...post, title: post.title || null }, metrics);
    });
    return out.result(h);
  },
};
