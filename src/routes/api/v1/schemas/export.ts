/**
 * GET /analytics/export: its query (the period, format, granularity) and the
 * rows it streams (db/repositories/bulk-export.ts), described field by field
 * for the OpenAPI document. The body itself is a stream and never goes
 * through a serializer.
 */
import { Type } from 'typebox';
import { EXPORT_COLUMNS } from '../../../../reports/export-stream.js';
import { Day, Instant, PlatformName } from './common.js';
import { periodQueryFields } from './analytics-query.js';
import { metric } from './metric.js';
import { PublicId } from '../../../../ids/entity-id.js';

export const ExportQuery = Type.Object({
  ...periodQueryFields(),
  format: Type.Optional(Type.Enum(['csv', 'json'], { default: 'csv', description: 'csv: a header row then one line per row; json: one array of row objects' })),
  granularity: Type.Optional(
    Type.Enum(['raw', 'day'], { default: 'raw', description: 'raw: every stored post snapshot; day: activity per post per day in `tz`' }),
  ),
});

const postFields = () => ({
  platform: PlatformName,
  platform_post_id: Type.String({ description: 'The platform\'s own id of the post' }),
  // The stream is written by the export itself (no translation at the edge): its rows hold the public ids.
  post_id: PublicId('post', { description: 'Pulseboard\'s id of the post (UUID)' }),
});

export const RawExportRow = Type.Object(
  {
    ...postFields(),
    metric: Type.String({ description: 'The catalog metric observed: views, likes, shares, comments, saves, clicks, impressions, watch_time_minutes, reach' }),
    observed_at: Instant,
    value: Type.Number({ description: 'The lifetime value observed at that instant' }),
    source: Type.String({ description: 'Where it came from: a sync (the platform) or import:<format>' }),
  },
  { description: 'granularity=raw: one post snapshot' },
);

const activity = 'Activity of the post on the day; null where the platform does not report it';

export const DayExportRow = Type.Object(
  {
    day: Day,
    ...postFields(),
    views: metric('views', activity),
    likes: metric('likes', activity),
    shares: metric('shares', activity),
    comments: metric('comments', activity),
    saves: metric('saves', activity),
    clicks: metric('clicks', activity),
    impressions: metric('impressions', activity),
    watch_time_minutes: metric('watch_time_minutes', activity),
    estimated: Type.Boolean({ description: 'True on the publish day when it holds what the post had gathered before it was first seen' }),
  },
  { description: 'granularity=day: one post on one day' },
);

const columns = (g: keyof typeof EXPORT_COLUMNS) => EXPORT_COLUMNS[g].map((c) => c.key).join(', ');

/** The 200 answer in both media types; the format query parameter picks one. */
export const ExportOk = {
  description: 'Every data point of the range, streamed',
  content: {
    'text/csv': {
      schema: Type.String({
        description: `format=csv (RFC 4180, CRLF, header row). Columns for granularity=raw: ${columns('raw')}; for granularity=day: ${columns('day')}. Empty cell: not reported`,
      }),
    },
    'application/json': {
      schema: Type.Array(Type.Union([RawExportRow, DayExportRow]), { description: 'format=json: one array of rows, all of the granularity asked for' }),
    },
  },
};
