/** Reports as the API shows them: the stored record, a page of them, a share link, and the file itself. */
import { MEDIA_TYPES } from '../../../../analytics/catalog.js';
import { Type } from 'typebox';
import { ReportDataSchema } from '../../../../reports/report-schema.js';
import { Day, Instant, Nullable, PlatformName } from './common.js';
import { CONTENT_GROUPINGS, CUSTOM_METRICS, EXPORT_FORMATS, REPORT_TYPES } from '../../../../analytics/report-kinds.js';
import { Id } from './params.js';

export const ReportType = Type.Enum(REPORT_TYPES);
export const ExportFormat = Type.Enum(EXPORT_FORMATS);

/**
 * The platforms and filters a report or schedule request takes. Their rules
 * (known names, filters per report type) are checked by reports/request.ts,
 * which names the exact field; the schema types them only that far.
 */
export const PlatformsInput = Type.Optional(Type.Array(Type.String(), { minItems: 1, description: 'youtube, tiktok, instagram, twitter; missing: all' }));
export const FiltersInput = Type.Optional(
  Type.Record(Type.String(), Type.Unknown(), {
    description: `granularity (day|week|month, any type); performance only: group (${CONTENT_GROUPINGS.join('|')}: rank posts or content items); custom only: metrics (${CUSTOM_METRICS.join(', ')}), content_types (${MEDIA_TYPES.join(', ')}), hashtags, min_views, search`,
  }),
);

/** The filters a report was made with, as normalized when it was created (reports/request.ts parseFilters). */
export const ReportFilters = Type.Object(
  {
    granularity: Type.Optional(Type.Enum(['day', 'week', 'month'], { description: 'Series buckets' })),
    group: Type.Optional(Type.Enum(CONTENT_GROUPINGS, { description: 'Performance reports: post ranks posts (the default), content ranks content items' })),
    metrics: Type.Optional(Type.Array(Type.Enum(CUSTOM_METRICS))),
    content_types: Type.Optional(Type.Array(Type.String(), { description: `Any of ${MEDIA_TYPES.join(', ')}` })),
    hashtags: Type.Optional(Type.Array(Type.String({ description: 'Lower case, without #' }))),
    min_views: Type.Optional(Type.Integer({ minimum: 0 })),
    search: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const ReportRecord = Type.Object({
  id: Id('report'),
  report_name: Type.String(),
  report_type: ReportType,
  export_format: ExportFormat,
  date_range_start: Day,
  date_range_end: Day,
  platforms: Type.Array(PlatformName),
  filters: ReportFilters,
  status: Type.Enum(['completed', 'expired'], { description: 'completed, or expired once expires_at has passed' }),
  generated_at: Type.String({ format: 'date-time', description: 'When the numbers were taken' }),
  expires_at: Instant,
  created_at: Instant,
  generation_ms: Nullable(Type.Integer({ description: 'Time it took to compute' })),
  schedule_id: Nullable(Id('schedule'), { description: 'The schedule that made it, if any' }),
  download_url: Type.String({ description: 'GET it with your bearer token; absolute when PUBLIC_URL is set' }),
});

export const ReportPage = Type.Object({
  items: Type.Array(ReportRecord),
  next_cursor: Nullable(Type.String({ description: 'Pass as cursor for the next page; null on the last one' })),
});

export const ShareLink = Type.Object({
  id: Id('share'),
  report_id: Id('report'),
  url: Type.String({ description: 'Opens the report without login; absolute when PUBLIC_URL is set' }),
  token: Type.String({ description: 'The secret part of the URL; shown once, stored only as its hash' }),
  created_at: Instant,
  expires_at: Instant,
});

export const FileQuery = Type.Object({
  format: Type.Optional(Type.Enum(EXPORT_FORMATS, { description: "Re-render the same frozen data in another format (default: the report's own)" })),
  page_size: Type.Optional(Type.Enum(['A4', 'LETTER', 'a4', 'letter'], { description: 'PDF page size (default A4)' })),
});

/**
 * The file, rendered from the frozen document in the asked format. Sent as
 * bytes (the PDF a Buffer, CSV and JSON a string), so no serializer touches it;
 * these schemas are what the OpenAPI document says each media type holds.
 */
export const ReportFileResponse = {
  description: 'The report file; Content-Disposition names it',
  content: {
    // The document's own $id left out: it names the stored document, not this response.
    'application/json': { schema: Type.Object(ReportDataSchema.properties, { additionalProperties: false, description: 'The frozen report document' }) },
    'text/csv': { schema: Type.String({ description: 'One table with a section column (src/reports/README.md)' }) },
    'application/pdf': { schema: Type.String({ format: 'binary' }) },
  },
};
