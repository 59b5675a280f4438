/**
 * A report request, checked field by field: every problem is a 400 that names
 * the field (date_range_start, filters.min_views, …), never a silent default.
 * The result is normalized, so the stored `filters` say exactly what was applied.
 */
import { parseGranularity, type Granularity } from '../analytics/buckets.js';
import { MEDIA_TYPES, type Platform } from '../analytics/catalog.js';
import { REPORT_PERIOD_FIELDS, parsePeriod, parsePlatforms, parseTimeZone as parseZone, type Period } from '../analytics/period.js';
import { ValidationError } from '../errors.js';
import { CONTENT_GROUPINGS, CUSTOM_METRICS, EXPORT_FORMATS, REPORT_TYPES, type ExportFormat, type ReportFilters, type ReportType } from '../analytics/report-kinds.js';

const CONTENT_FILTER_KEYS = ['metrics', 'content_types', 'hashtags', 'min_views', 'search'] as const;
const FILTER_KEYS = ['granularity', 'group', ...CONTENT_FILTER_KEYS] as const;

export interface ReportRequestBody {
  report_name?: unknown;
  report_type?: unknown;
  date_range_start?: unknown;
  date_range_end?: unknown;
  platforms?: unknown;
  filters?: unknown;
  export_format?: unknown;
  time_zone?: unknown;
}

export interface ReportSpec {
  name: string;
  type: ReportType;
  format: ExportFormat;
  period: Period;
  filters: ReportFilters;
}

export function parseReportName(raw: unknown, field = 'report_name'): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw new ValidationError(field, 'is required: a non-empty name');
  const name = raw.trim();
  if (name.length > 200) throw new ValidationError(field, 'must be at most 200 characters');
  return name;
}

/** Whether `value` is one of `options`, as a type guard, so untyped input is narrowed instead of cast. */
function isOneOf<T extends string>(options: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (options as readonly string[]).includes(value);
}

export function parseReportType(raw: unknown, field = 'report_type'): ReportType {
  if (!isOneOf(REPORT_TYPES, raw)) throw new ValidationError(field, `must be one of ${REPORT_TYPES.join(', ')}`);
  return raw;
}

export function parseExportFormat(raw: unknown, field = 'export_format', fallback?: ExportFormat): ExportFormat {
  if (raw === undefined && fallback) return fallback;
  if (!isOneOf(EXPORT_FORMATS, raw)) throw new ValidationError(field, `must be one of ${EXPORT_FORMATS.join(', ')}`);
  return raw;
}

/** A report's or schedule's platforms, by the one rule of parsePeriod (missing or empty: all four). */
export function parsePlatformList(raw: unknown, field = 'platforms'): Platform[] {
  return parsePlatforms(raw, field);
}

/** A report's or schedule's time zone, by the one rule of parsePeriod (missing: the user's). */
export function parseTimeZone(raw: unknown, fallback: string, field = 'time_zone'): string {
  return parseZone(raw, fallback, field);
}

export function parseReportRequest(body: ReportRequestBody, userTz: string): ReportSpec {
  const name = parseReportName(body.report_name);
  const type = parseReportType(body.report_type);
  const period = parsePeriod(
    { from: body.date_range_start, to: body.date_range_end, tz: body.time_zone, platforms: body.platforms },
    userTz,
    { fields: REPORT_PERIOD_FIELDS, datesRequired: true },
  );
  const filters = parseFilters(body.filters, type);
  const format = parseExportFormat(body.export_format);
  return { name, type, format, period, filters };
}

function stringList(raw: unknown, field: string, max: number): string[] {
  if (!Array.isArray(raw) || raw.length === 0) throw new ValidationError(field, 'must be a non-empty list of strings');
  if (raw.length > max) throw new ValidationError(field, `may hold at most ${max} entries`);
  return raw.map((v, i) => {
    if (typeof v !== 'string' || v.trim() === '') throw new ValidationError(`${field}[${i}]`, 'must be a non-empty string');
    return v.trim();
  });
}

/** filters: granularity for every type; group for performance reports; metrics and the content filters only for custom reports. */
export function parseFilters(raw: unknown, type: ReportType): ReportFilters {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ValidationError('filters', 'must be an object');
  const input: Partial<Record<string, unknown>> = Object.fromEntries(Object.entries(raw));
  const out: ReportFilters = {};
  for (const key of Object.keys(input)) {
    if (key === 'platforms') throw new ValidationError('filters.platforms', 'platforms are chosen with the top-level platforms field');
    if (!(FILTER_KEYS as readonly string[]).includes(key)) throw new ValidationError(`filters.${key}`, `is not a filter; known filters: ${FILTER_KEYS.join(', ')}`);
    if (type !== 'custom' && (CONTENT_FILTER_KEYS as readonly string[]).includes(key)) {
      throw new ValidationError(`filters.${key}`, 'only custom reports take metrics and content filters');
    }
  }
  if (input.granularity !== undefined) out.granularity = parseGranularity(String(input.granularity), 'filters.granularity');
  if (input.group !== undefined) {
    if (type !== 'performance') throw new ValidationError('filters.group', 'only performance reports group their content ranking');
    if (!isOneOf(CONTENT_GROUPINGS, input.group)) throw new ValidationError('filters.group', `must be one of ${CONTENT_GROUPINGS.join(', ')}`);
    out.group = input.group;
  }
  if (input.metrics !== undefined) {
    const metrics = stringList(input.metrics, 'filters.metrics', CUSTOM_METRICS.length);
    const known = metrics.map((m, i) => {
      if (!isOneOf(CUSTOM_METRICS, m)) throw new ValidationError(`filters.metrics[${i}]`, `unknown metric "${m.slice(0, 40)}"; expected any of ${CUSTOM_METRICS.join(', ')}`);
      return m;
    });
    out.metrics = [...new Set(known)];
  }
  if (input.content_types !== undefined) {
    const types = stringList(input.content_types, 'filters.content_types', MEDIA_TYPES.length).map((t) => t.toLowerCase());
    types.forEach((t, i) => {
      if (!(MEDIA_TYPES as readonly string[]).includes(t)) throw new ValidationError(`filters.content_types[${i}]`, `unknown content type "${t.slice(0, 40)}"; expected any of ${MEDIA_TYPES.join(', ')}`);
    });
    out.content_types = [...new Set(types)];
  }
  if (input.hashtags !== undefined) {
    const tags = stringList(input.hashtags, 'filters.hashtags', 50).map((t) => t.replace(/^#/, '').toLowerCase());
    tags.forEach((t, i) => {
      if (!/^[\p{L}\p{N}_]{1,100}$/u.test(t)) throw new ValidationError(`filters.hashtags[${i}]`, 'must be one hashtag: letters, digits and _, with or without a leading #');
    });
    out.hashtags = [...new Set(tags)];
  }
  if (input.min_views !== undefined) {
    const v = input.min_views;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new ValidationError('filters.min_views', 'must be a whole number ≥ 0');
    out.min_views = v;
  }
  if (input.search !== undefined) {
    if (typeof input.search !== 'string' || input.search.trim() === '') throw new ValidationError('filters.search', 'must be a non-empty string');
    if (input.search.length > 200) throw new ValidationError('filters.search', 'must be at most 200 characters');
    out.search = input.search.trim();
  }
  return out;
}

/** Granularity of the report's series: as asked, else by range length (about 7–60 points; daily rates over a quarter are mostly noise). */
export function granularityFor(filters: ReportFilters, days: number): Granularity {
  if (filters.granularity) return filters.granularity;
  if (days <= 45) return 'day';
  if (days <= 400) return 'week';
  return 'month';
}
