/** Report schedules as the API shows them, with their recent deliveries. */
import { Type } from 'typebox';
import { FREQUENCIES, RUN_HOUR } from '../../../../reports/schedules/calendar.js';
import { Instant, Nullable, PlatformName } from './common.js';
import { ExportFormat, ReportFilters, ReportType } from './report.js';

export const Recipient = Type.Union([
  Type.Object({ webhook_url: Type.String({ description: 'POSTed {event, report_id, download_url, share_url, …} after each run' }) }, { additionalProperties: false }),
  Type.Object({ email: Type.String({ description: 'Mailed the report file and its share link' }) }, { additionalProperties: false }),
]);

export const Schedule = Type.Object({
  id: Type.Integer(),
  report_name: Type.String(),
  report_type: ReportType,
  platforms: Type.Array(PlatformName),
  filters: ReportFilters,
  export_format: ExportFormat,
  frequency: Type.Enum(FREQUENCIES),
  time_zone: Type.String({ description: 'IANA zone the run time and the covered period are in' }),
  run_at_local_hour: Type.Integer({ description: `Hour of the run in time_zone (${RUN_HOUR})` }),
  recipients: Type.Array(Recipient),
  next_run_at: Instant,
  last_run_at: Nullable(Instant),
  last_status: Nullable(Type.String({ description: 'Outcome of the last run' })),
  last_error: Nullable(Type.String()),
  last_report_url: Nullable(Type.String({ description: 'Download URL of the last report it made' })),
  created_at: Instant,
});

export const SchedulePage = Type.Object({
  items: Type.Array(Schedule),
  next_cursor: Nullable(Type.String({ description: 'Pass as cursor for the next page; null on the last one' })),
});

/** One attempt to hand a scheduled report to a recipient: exactly one of webhook_url and email is set. */
export const Delivery = Type.Object({
  id: Type.Integer(),
  schedule_id: Type.Integer(),
  report_id: Nullable(Type.Integer()),
  webhook_url: Nullable(Type.String()),
  email: Nullable(Type.String()),
  status: Type.Enum(['delivered', 'failed']),
  http_status: Nullable(Type.Integer({ description: "The webhook's HTTP answer" })),
  smtp_code: Nullable(Type.Integer({ description: "The SMTP server's reply code" })),
  error: Nullable(Type.String()),
  attempted_at: Instant,
});

export const ScheduleWithDeliveries = Type.Object({
  ...Schedule.properties,
  deliveries: Type.Array(Delivery, { description: 'The 20 most recent, newest first' }),
});
