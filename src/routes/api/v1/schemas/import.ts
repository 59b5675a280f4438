/** POST /analytics/import: the multipart form it reads and the result it answers. */
import { Type } from 'typebox';
import { FORMATS } from '../../../../import/formats/index.js';
import { PLATFORMS } from '../../../../analytics/catalog.js';
import { EARLIEST_DAY } from '../../../../analytics/period.js';
import { Nullable, PlatformName } from './common.js';
import { Id } from './params.js';

/**
 * The form as OpenAPI shows it. Not what validates the upload: the parts are
 * streamed and checked one by one by the route (import.ts readForm), which
 * names the field of a bad value (400) and stops a file over the limit (413).
 */
export const ImportForm = Type.Object(
  {
    file: Type.String({
      format: 'binary',
      contentMediaType: 'text/csv',
      description: "The CSV as the platform's analytics UI exported it (up to 20 MB); recognised by its header row",
    }),
    account_id: Type.Optional(Id('account', { description: 'Your account it goes to (of the file’s platform); default: your account on that platform, else a new one' })),
    platform: Type.Optional(Type.Enum(PLATFORMS, { description: `A hint (one of ${PLATFORMS.join(', ')}): a file of another platform is a 400` })),
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100, description: 'For TikTok dates without a year: the year of the earliest row' })),
    as_of: Type.Optional(Type.String({ format: 'date-time', description: `When the export was made (ISO 8601); lifetime counters are stored as observed then. From ${EARLIEST_DAY} to now. Default: now` })),
  },
  { additionalProperties: false },
);

export const ImportResult = Type.Object({
  format: Type.String({ description: `Which export the header row identified: one of ${FORMATS.map((f) => f.id).join(', ')}` }),
  platform: PlatformName,
  account_id: Nullable(Id('account'), { description: 'The account the data went to; null when the file held nothing to store and you have no account on that platform' }),
  account_created: Type.Boolean({ description: 'A new account was made for the file' }),
  source: Type.String({ description: 'Recorded with every snapshot: import:<format>' }),
  observed_at: Type.String({ format: 'date-time', description: 'The instant (UTC) lifetime counters were stored at: as_of, else the upload time' }),
  rows: Type.Integer({ description: 'Data rows in the file' }),
  posts: Type.Integer({ description: 'Posts the file holds numbers for that are imported (a post without a publish time only when it is stored already)' }),
  new_posts: Type.Integer({ description: 'Of those, posts not stored before' }),
  post_metrics: Type.Integer({ description: 'Post counter values the file holds' }),
  account_metrics: Type.Integer({ description: 'Account gauge values (followers) the file holds' }),
  account_daily: Type.Integer({ description: 'Account per-day values the file holds' }),
  already_stored: Type.Integer({ description: 'Values identical to what was already stored at that time (not written again)' }),
  skipped: Type.Array(
    Type.Object({
      row: Type.Integer({ description: '1-based data row' }),
      line: Type.Integer({ description: '1-based line of the file the row starts on (a quoted title may span lines)' }),
      platform_post_id: Nullable(Type.String(), { description: 'The post the row is about, when it names one' }),
      reason: Type.String({
        description:
          'Why it is not imported. "publish time unknown: …" is a post the platform gives no publish time for (YouTube Studio: private and unlisted videos) and that is not stored yet; the rest of the file is imported',
      }),
    }),
    { description: 'The first 50 rows not imported, in file order, with the reason' },
  ),
  skipped_count: Type.Integer({ description: 'All rows not imported' }),
  ignored_columns: Type.Array(Type.Object({ column: Type.String(), reason: Type.String() }), { description: 'Columns of the file not imported, with the reason' }),
  changed: Type.Boolean({ description: 'Stored data changed (then the status is 201, else 200)' }),
});
