/**
 * An alert by e-mail, through the SMTP relay the operator configured
 * (SMTP_URL, SMTP_FROM: the same settings and timeouts as report mails).
 * Plain text, like the report mails. The outcome is returned, never thrown.
 */
import nodemailer from 'nodemailer';
import type { SmtpSettings } from '../config.js';
import { SMTP_TIMEOUT_MS } from '../reports/schedules/email.js';
import type { DeliveryOutcome } from '../reports/schedules/webhook.js';
import type { AlertMessage } from './message.js';
import { alertText, alertTitle } from './message.js';

export async function mailAlert(settings: SmtpSettings, to: string, alert: AlertMessage, link: string | null, timeoutMs = SMTP_TIMEOUT_MS): Promise<DeliveryOutcome> {
  const transport = nodemailer.createTransport({ url: settings.url, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs });
  try {
    const info = await transport.sendMail({ from: settings.from, to, subject: `Pulseboard alert: ${alertTitle(alert)}`, text: alertText(alert, link) });
    const code = /^(\d{3})\b/.exec(info.response ?? '')?.[1];
    return { status: 'delivered', httpStatus: null, smtpCode: code ? Number(code) : null, error: null };
  } catch (err) {
    const e = err as Error & { responseCode?: number; response?: string };
    return { status: 'failed', httpStatus: null, smtpCode: e.responseCode ?? null, error: (e.response ?? e.message).slice(0, 300) };
  } finally {
    transport.close();
  }
}
