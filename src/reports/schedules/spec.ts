/** A schedule request, validated field by field (400 naming the field), and its API shape. */
import { isEmailAddress } from '../../email-address.js';
import { ValidationError } from '../../errors.js';
import type { Recipient, ScheduleRow } from '../../db/repositories/report-schedules.js';
import { parseExportFormat, parseFilters, parsePlatformList, parseReportName, parseReportType, parseTimeZone } from '../request.js';
import type { Platform } from '../../analytics/catalog.js';
import { FREQUENCIES, RUN_HOUR, type Frequency } from './calendar.js';
import { publicLink, reportPath } from '../store/records.js';
import type { ExportFormat, ReportFilters, ReportType } from '../../analytics/report-kinds.js';

export const MAX_RECIPIENTS = 10;

export interface ScheduleSpec {
  name: string;
  type: ReportType;
  format: ExportFormat;
  platforms: Platform[];
  filters: ReportFilters;
  frequency: Frequency;
  timeZone: string;
  recipients: Recipient[];
}

export interface ScheduleBody {
  report_name?: unknown;
  report_type?: unknown;
  platforms?: unknown;
  filters?: unknown;
  export_format?: unknown;
  frequency?: unknown;
  time_zone?: unknown;
  recipients?: unknown;
}

export function parseWebhookUrl(raw: unknown, field: string): string {
  if (typeof raw !== 'string' || raw.length > 2000) throw new ValidationError(field, 'must be an http(s) URL of at most 2000 characters');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ValidationError(field, 'is not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ValidationError(field, 'must use http or https');
  if (url.username || url.password) throw new ValidationError(field, 'must not carry credentials; put a secret in the path or query instead');
  return url.toString();
}

/** A plain address (no display name): what a relay is handed as the envelope recipient. */
export function parseEmail(raw: unknown, field: string): string {
  const address = typeof raw === 'string' ? raw.trim() : '';
  if (!isEmailAddress(address)) throw new ValidationError(field, 'must be an e-mail address like name@example.com (at most 254 characters)');
  return address;
}

function parseRecipients(raw: unknown, emailAvailable: boolean): Recipient[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new ValidationError('recipients', 'must be a list of {webhook_url} or {email}');
  // An empty list is not "no recipients" (that is the field left out): it is refused rather than read one way or the other.
  if (raw.length === 0) throw new ValidationError('recipients', 'must name at least one recipient; leave it out to only store the reports');
  if (raw.length > MAX_RECIPIENTS) throw new ValidationError('recipients', `may hold at most ${MAX_RECIPIENTS} entries`);
  return raw.map((r: unknown, i): Recipient => {
    if (typeof r !== 'object' || r === null || Array.isArray(r)) throw new ValidationError(`recipients[${i}]`, 'must be an object {webhook_url} or {email}');
    const entry = r as Record<string, unknown>;
    const keys = Object.keys(entry);
    for (const key of keys) {
      if (key !== 'webhook_url' && key !== 'email') throw new ValidationError(`recipients[${i}].${key}`, 'is not a recipient field; use webhook_url or email');
    }
    if ('email' in entry && !emailAvailable) {
      throw new ValidationError(`recipients[${i}].email`, 'e-mail delivery needs SMTP_URL and SMTP_FROM configured on this server; use webhook_url');
    }
    if (keys.length !== 1) throw new ValidationError(`recipients[${i}]`, 'must have exactly one of webhook_url or email');
    if ('email' in entry) {
      return { email: parseEmail(entry.email, `recipients[${i}].email`) };
    }
    return { webhook_url: parseWebhookUrl(entry.webhook_url, `recipients[${i}].webhook_url`) };
  });
}

export function parseScheduleRequest(body: ScheduleBody, userTz: string, emailAvailable: boolean): ScheduleSpec {
  const name = parseReportName(body.report_name);
  const type = parseReportType(body.report_type);
  const platforms = parsePlatformList(body.platforms);
  const filters = parseFilters(body.filters, type);
  const format = parseExportFormat(body.export_format);
  if (typeof body.frequency !== 'string' || !(FREQUENCIES as readonly string[]).includes(body.frequency)) {
    throw new ValidationError('frequency', `must be one of ${FREQUENCIES.join(', ')}`);
  }
  const timeZone = parseTimeZone(body.time_zone, userTz);
  return { name, type, format, platforms, filters, frequency: body.frequency as Frequency, timeZone, recipients: parseRecipients(body.recipients, emailAvailable) };
}

export function scheduleOut(row: ScheduleRow, publicUrl: string | null) {
  return {
    id: row.id,
    report_name: row.report_name,
    report_type: row.report_type,
    platforms: row.platforms,
    filters: row.filters,
    export_format: row.export_format,
    frequency: row.frequency,
    time_zone: row.time_zone,
    run_at_local_hour: RUN_HOUR,
    recipients: row.recipients,
    next_run_at: row.next_run_at.toISOString(),
    last_run_at: row.last_run_at ? row.last_run_at.toISOString() : null,
    last_status: row.last_status,
    last_error: row.last_error,
    // Null also once that report is gone: there is no public id left to link to.
    last_report_url: row.last_report_public_id === null ? null : publicLink(publicUrl, reportPath(row.last_report_public_id)),
    created_at: row.created_at.toISOString(),
  };
}
