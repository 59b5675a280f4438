/**
 * runDueSchedules(services, now): the job system calls this periodically.
 * For each due schedule it
 *   1. claims the run by moving next_run_at to the next occurrence (so a
 *      second worker, or the next tick, does not run it again; a run missed
 *      while the server was down is made once, not once per missed period);
 *   2. creates a normal report for the last full week (Mon–Sun) or calendar
 *      month in the schedule's time zone, exactly as POST /reports would;
 *   3. creates a share link that lives as long as the report, so a webhook
 *      receiver can fetch the file without a login;
 *   4. POSTs {report id, download URL, share URL} (public ids) to each webhook, mails the
 *      report file to each e-mail recipient (email.ts, through SMTP_URL), and
 *      records every delivery. A failed delivery is recorded, never retried
 *      here and never undoes the report.
 * Returns how many reports it created.
 */
import type { Platform } from '../../analytics/catalog.js';
import { daysBetween } from '../../analytics/period.js';
import { claimSchedule, dueSchedules, insertDelivery, recordRun, type Recipient, type ScheduleRow } from '../../db/repositories/report-schedules.js';
import { findUser } from '../../db/repositories/users.js';
import type { Services } from '../../services.js';
import { generateReport } from '../generate.js';
import { parseFilters, parseReportType, parseExportFormat, type ReportSpec } from '../request.js';
import { recordOut } from '../store/records.js';
import { reportFile } from '../store/files.js';
import { createShare } from '../store/shares.js';
import { createMailer, type Mailer, type ReportMail } from './email.js';
import { lastFullPeriod, nextRunAfter } from './calendar.js';
import { postWebhook, WEBHOOK_TIMEOUT_MS, type DeliveryOutcome } from './webhook.js';

const BATCH = 50;

export interface RunOptions {
  webhookTimeoutMs?: number;
  smtpTimeoutMs?: number;
}

export async function runDueSchedules(services: Services, now: Date = new Date(), options: RunOptions = {}): Promise<number> {
  let created = 0;
  const seen = new Set<number>();
  // Connects only when a mail is sent; one transport for the whole pass.
  const mailer = services.config.smtp ? createMailer(services.config.smtp, options.smtpTimeoutMs) : null;
  try {
    for (;;) {
      const due = (await dueSchedules(services.db, now, BATCH)).filter((s) => !seen.has(s.id));
      if (due.length === 0) return created;
      for (const schedule of due) {
        seen.add(schedule.id);
        if (await runOne(services, mailer, schedule, now, options)) created += 1;
      }
    }
  } finally {
    mailer?.close();
  }
}

function specOf(s: ScheduleRow, now: Date): ReportSpec {
  const { from, to } = lastFullPeriod(s.frequency, s.time_zone, now);
  const type = parseReportType(s.report_type);
  return {
    name: s.report_name,
    type,
    format: parseExportFormat(s.export_format),
    period: { from, to, tz: s.time_zone, platforms: s.platforms as Platform[], days: daysBetween(from, to) + 1 },
    filters: parseFilters(s.filters, type),
  };
}

async function runOne(services: Services, mailer: Mailer | null, s: ScheduleRow, now: Date, options: RunOptions): Promise<boolean> {
  const { db, config } = services;
  if (!(await claimSchedule(db, s, now, nextRunAfter(s.frequency, s.time_zone, now)))) return false;
  const user = await findUser(db, s.user_id);
  if (!user) return false;
  let report;
  try {
    report = await generateReport(services, user.id, user.timezone, specOf(s, now), { scheduleId: s.id, now });
  } catch (err) {
    await recordRun(db, user.id, s.id, { at: now, status: 'failed', error: (err as Error).message.slice(0, 500), reportId: null });
    return false;
  }
  const record = recordOut(report, config.publicUrl, now);
  const hoursLeft = Math.max(1, Math.floor((report.expires_at.getTime() - now.getTime()) / 3_600_000));
  const share = await createShare(db, report, hoursLeft, config.publicUrl, now);
  const payload = {
    event: 'report.generated',
    // Written by the server itself (no translation at the edge), so the public ids here.
    schedule_id: s.public_id,
    report_id: report.public_id,
    report_name: report.report_name,
    report_type: report.report_type,
    date_range_start: report.date_range_start,
    date_range_end: report.date_range_end,
    export_format: report.export_format,
    generated_at: record.generated_at,
    expires_at: record.expires_at,
    download_url: record.download_url,
    share_url: share.url,
  };
  // The file is rendered once, and only when someone gets it by mail.
  let mail: Promise<ReportMail> | null = null;
  const mailOf = async (): Promise<ReportMail> => {
    const file = await reportFile(report.report_data, report.export_format, {});
    return { data: report.report_data, file, shareUrl: share.url, downloadUrl: record.download_url, expiresAt: record.expires_at };
  };
  const deliver = async (r: Recipient): Promise<DeliveryOutcome> => {
    if ('webhook_url' in r) return postWebhook(r.webhook_url, payload, options.webhookTimeoutMs ?? WEBHOOK_TIMEOUT_MS);
    if (!mailer) return { status: 'failed', httpStatus: null, smtpCode: null, error: 'e-mail is not configured on this server (SMTP_URL)' };
    return mailer.send(r.email, await (mail ??= mailOf()));
  };
  const outcomes = await Promise.all(
    s.recipients.map(async (recipient) => {
      const outcome = await deliver(recipient);
      await insertDelivery(db, user.id, { scheduleId: s.id, reportId: report.id, recipient, ...outcome });
      return outcome;
    }),
  );
  const failed = outcomes.filter((o) => o.status === 'failed').length;
  await recordRun(db, user.id, s.id, {
    at: now,
    status: failed === 0 ? 'completed' : 'completed_with_failed_deliveries',
    error: failed === 0 ? null : `${failed} of ${outcomes.length} deliveries failed`,
    reportId: report.id,
  });
  return true;
}
