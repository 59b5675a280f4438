/** Report schedules as the API takes and shows them, with their recent deliveries. */
import { Type } from 'typebox';
import { SCHEDULE_RUN_STATUSES } from '../../../../db/repositories/report-schedules.js';
import { FREQUENCIES, RUN_HOUR } from '../../../../reports/schedules/calendar.js';
import { MAX_RECIPIENTS } from '../../../../reports/schedules/spec.js';
import { Instant, Nullable, PlatformName } from './common.js';
import { ExportFormat, FiltersInput, PlatformsInput, ReportFilters, ReportType } from './report.js';
import { Id } from './params.js';

const FREQUENCY_MEANING = `weekly: Mondays ${RUN_HOUR}:00 for the previous Mon–Sun; monthly: the 1st ${RUN_HOUR}:00 for the previous month (local time in time_zone)`;

/**
 * One recipient as sent. Both keys are optional here on purpose: "exactly one
 * of them", the URL and the address are checked by reports/schedules/spec.ts,
 * which names the field (recipients[0].email) the way the API always has,
 * including "e-mail is not configured on this server" before "exactly one".
 * An unknown key fails here, named recipients[i].<key>.
 */
const RecipientInput = Type.Object(
  {
    webhook_url: Type.Optional(Type.String({ description: 'http(s) URL POSTed {event, report_id, download_url, share_url, …} after each run' })),
    email: Type.Optional(Type.String({ description: 'Mailed the report file and its share link (only when the server has SMTP_URL and SMTP_FROM)' })),
  },
  { additionalProperties: false, description: 'Exactly one of webhook_url or email' },
);

/**
 * POST /analytics/report-schedules. Fields are checked by spec.ts (through
 * reports/request.ts), which keeps JSON types strict and names the exact field;
 * the schema types them only as far as that stays true, as for POST /analytics/reports.
 */
export const ScheduleBody = Type.Object(
  {
    report_name: Type.String({ description: '1–200 characters' }),
    report_type: ReportType,
    platforms: PlatformsInput,
    filters: FiltersInput,
    export_format: ExportFormat,
    frequency: Type.Enum(FREQUENCIES, { description: FREQUENCY_MEANING }),
    time_zone: Type.Optional(Type.String({ description: 'IANA zone of the run time and the covered period (default: yours)' })),
    recipients: Type.Optional(Type.Array(RecipientInput, { minItems: 1, maxItems: MAX_RECIPIENTS, description: `1 to ${MAX_RECIPIENTS}; missing: the reports are only stored` })),
  },
  { additionalProperties: false },
);

export const ScheduleListQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  cursor: Type.Optional(Type.String({ description: 'next_cursor of the previous page' })),
});

/** A recipient as stored: exactly one key, as spec.ts normalized it (the URL as the URL parser writes it, the address trimmed). */
export const Recipient = Type.Union([
  Type.Object({ webhook_url: Type.String({ description: 'POSTed {event, report_id, download_url, share_url, …} after each run' }) }, { additionalProperties: false }),
  Type.Object({ email: Type.String({ description: 'Mailed the report file and its share link' }) }, { additionalProperties: false }),
]);

export const Schedule = Type.Object({
  id: Id('schedule'),
  report_name: Type.String(),
  report_type: ReportType,
  platforms: Type.Array(PlatformName, { description: 'Empty: all platforms' }),
  filters: ReportFilters,
  export_format: ExportFormat,
  frequency: Type.Enum(FREQUENCIES, { description: FREQUENCY_MEANING }),
  time_zone: Type.String({ description: 'IANA zone the run time and the covered period are in' }),
  run_at_local_hour: Type.Integer({ description: `Hour of the run in time_zone (${RUN_HOUR})` }),
  recipients: Type.Array(Recipient),
  next_run_at: Instant,
  last_run_at: Nullable(Instant, { description: 'null until it has run' }),
  last_status: Nullable(Type.Enum(SCHEDULE_RUN_STATUSES), {
    description: 'Outcome of the last run: completed, completed_with_failed_deliveries (the report exists, a recipient was not reached) or failed (no report); null until it has run',
  }),
  last_error: Nullable(Type.String(), { description: 'Why the last run failed or which deliveries failed' }),
  last_report_url: Nullable(Type.String(), { description: 'Download URL of the last report it made; absolute when PUBLIC_URL is set' }),
  created_at: Instant,
});

export const SchedulePage = Type.Object({
  items: Type.Array(Schedule),
  next_cursor: Nullable(Type.String(), { description: 'Pass as cursor for the next page; null on the last one' }),
});

/** One attempt to hand a scheduled report to a recipient: exactly one of webhook_url and email is set. */
export const Delivery = Type.Object({
  id: Id('delivery'),
  schedule_id: Id('schedule'),
  report_id: Nullable(Id('report')),
  webhook_url: Nullable(Type.String()),
  email: Nullable(Type.String()),
  status: Type.Enum(['delivered', 'failed']),
  http_status: Nullable(Type.Integer(), { description: "The webhook's HTTP answer; null for e-mail or when it was not reached" }),
  smtp_code: Nullable(Type.Integer(), { description: "The SMTP server's reply code; null for webhooks or when it was not reached" }),
  error: Nullable(Type.String()),
  attempted_at: Instant,
});

export const ScheduleWithDeliveries = Type.Object({
  ...Schedule.properties,
  deliveries: Type.Array(Delivery, { description: 'The 20 most recent, newest first' }),
});
