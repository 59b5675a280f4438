/**
 * Query strings and path parameters of the analytics read API. The period
 * parts (from, to, tz, platforms) are plain strings here on purpose: their
 * rules (calendar dates, range length, known zone, platform list) belong to
 * parsePeriod, which reports and export share, so every API says the same
 * thing about a bad range. Everything else is checked here; Fastify's Ajv
 * coerces query strings (src/http/validation.ts), so `limit` arrives a number.
 */
import { Type } from 'typebox';
import { DEFAULT_GRANULARITY, GRANULARITIES } from '../../../../analytics/buckets.js';
import { DEFAULT_RANGE_DAYS, EARLIEST_DAY, MAX_YEARS_AHEAD, RANGE_PRESETS } from '../../../../analytics/period.js';
import { SORTABLE } from '../../../../db/repositories/content.js';
import { CONTENT_GROUPINGS } from '../../../../analytics/report-kinds.js';
import { DEFAULT_LIMIT, DEFAULT_ORDER, DEFAULT_SORT, MAX_LIMIT } from '../../../../query/views/performance.js';
import { PlatformName } from './common.js';
import { Id } from './params.js';

const tz = Type.Optional(Type.String({ description: 'IANA time zone of the day boundaries, e.g. Europe/Berlin (default: yours)', examples: ['Europe/Berlin'] }));

/** from, to, tz, platforms: the period every analytics endpoint and the export take. */
export const periodQueryFields = () => ({
  from: Type.Optional(Type.String({ description: `First day, YYYY-MM-DD, ${EARLIEST_DAY} or later (default: ${DEFAULT_RANGE_DAYS - 1} days before \`to\`)`, examples: ['2026-05-01'] })),
  to: Type.Optional(Type.String({ description: `Last day, YYYY-MM-DD, inclusive, at most ${MAX_YEARS_AHEAD} year after today in \`tz\` (default: today); any length after \`from\``, examples: ['2026-05-31'] })),
  range: Type.Optional(
    Type.Enum(RANGE_PRESETS, { description: 'A preset instead of `from`/`to` (not with them): `all` is from your earliest data (first publish day or snapshot, in `tz`; today when there is none) to today' }),
  ),
  tz,
  platforms: Type.Optional(Type.String({ description: 'Comma list of youtube, tiktok, instagram, twitter (default: all)', examples: ['youtube,tiktok'] })),
});

export const PeriodQuery = Type.Object(periodQueryFields());

export const Granularity = Type.Enum(GRANULARITIES, { default: DEFAULT_GRANULARITY, description: 'Series buckets: day, ISO week (from Monday) or calendar month' });

export const GranularQuery = Type.Object({ ...periodQueryFields(), granularity: Type.Optional(Granularity) });

export const PerformanceQuery = Type.Object({
  ...periodQueryFields(),
  sort: Type.Optional(Type.Enum(SORTABLE, { default: DEFAULT_SORT, description: 'Sort key: a lifetime metric, published_at or performance_score' })),
  order: Type.Optional(Type.Enum(['asc', 'desc'], { default: DEFAULT_ORDER, description: 'Sort order; nulls come last either way' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT, description: 'Items per page' })),
  cursor: Type.Optional(Type.String({ description: 'next_cursor of the previous page (same sort)' })),
  group: Type.Optional(
    Type.Enum(CONTENT_GROUPINGS, {
      default: 'post',
      description: 'post: one row per post; content: one row per content item (content_items), combining its posts published in the window on the chosen platforms, sorted by the combined value',
    }),
  ),
});

export const PlatformParams = Type.Object({ platform: PlatformName });

export const ContentParams = Type.Object({
  id: Id('content', { description: 'Content id (content_id of a performance item)' }),
});

/** The content view is lifetime numbers: only the zone of its daily series is asked for. */
export const ContentQuery = Type.Object({ tz });
