/**
 * E-mail delivery of a scheduled report through the SMTP relay the operator
 * configured (SMTP_URL, SMTP_FROM), with nodemailer. The mail carries the
 * report file in its own format as an attachment, the headline figures with
 * their change against the previous period, and the share link (no login
 * needed until the report expires). A file over MAX_ATTACHMENT_BYTES is left
 * out and the mail says so: relays commonly refuse mails past 10–25 MB.
 *
 * The outcome is returned, never thrown, like a webhook's: a relay that is
 * down or refuses an address must not cost the report.
 */
import nodemailer from 'nodemailer';
import type { SmtpSettings } from '../../config.js';
import { formatChange, formatNumber, formatRange, formatTimestamp } from '../format.js';
import type { ReportData } from '../types.js';
import type { DeliveryOutcome } from './webhook.js';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const SMTP_TIMEOUT_MS = 30_000;

export interface ReportMail {
  data: ReportData;
  file: { body: Buffer | string; contentType: string; fileName: string };
  shareUrl: string;
  downloadUrl: string;
  expiresAt: string;
}

export interface Mailer {
  send(to: string, mail: ReportMail): Promise<DeliveryOutcome>;
  close(): void;
}

export function createMailer(settings: SmtpSettings, timeoutMs = SMTP_TIMEOUT_MS): Mailer {
  const transport = nodemailer.createTransport({
    url: settings.url,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    async send(to, mail) {
      const size = typeof mail.file.body === 'string' ? Buffer.byteLength(mail.file.body) : mail.file.body.length;
      const attach = size <= MAX_ATTACHMENT_BYTES;
      try {
        const info = await transport.sendMail({
          from: settings.from,
          to,
          subject: `${mail.data.report_name}: ${formatRange(mail.data.range)}`,
          text: mailText(mail, attach ? null : size),
          attachments: attach ? [{ filename: mail.file.fileName, content: mail.file.body, contentType: mail.file.contentType }] : [],
        });
        return { status: 'delivered', httpStatus: null, smtpCode: replyCode(info.response), error: null };
      } catch (err) {
        const e = err as Error & { responseCode?: number; response?: string };
        // The server's reply names what was refused; the message alone may say less.
        return { status: 'failed', httpStatus: null, smtpCode: e.responseCode ?? null, error: (e.response ?? e.message).slice(0, 300) };
      }
    },
    close() {
      transport.close();
    },
  };
}

function replyCode(response: string | undefined): number | null {
  const code = /^(\d{3})\b/.exec(response ?? '')?.[1];
  return code ? Number(code) : null;
}

/** Plain text: every mail client shows it, and it cannot hide anything behind markup. */
export function mailText(mail: ReportMail, leftOutBytes: number | null): string {
  const d = mail.data;
  const lines = [
    `${d.report_name}`,
    `${formatRange(d.range)} (${d.time_zone}), compared with ${formatRange(d.summary.previous_range)}`,
    '',
  ];
  for (const k of d.summary.items) {
    lines.push(`${k.label}: ${formatNumber(k.value, k.value_type)} (${formatChange(k)})`);
  }
  lines.push('');
  lines.push(
    leftOutBytes === null
      ? `The report is attached (${mail.file.fileName}).`
      : `The report file (${Math.ceil(leftOutBytes / 1024 / 1024)} MB) is too large to attach; download it with the link below.`,
  );
  lines.push('', `Download without signing in (until ${formatTimestamp(mail.expiresAt)}):`, mail.shareUrl);
  lines.push('', 'In Pulseboard:', mail.downloadUrl);
  lines.push('', `Numbers taken at ${formatTimestamp(d.generated_at)}. A dash (—) is a value the platform does not report.`);
  return lines.join('\n');
}
