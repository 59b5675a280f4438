/**
 * Delivery of a new alert, after its row is committed: to the live channel
 * (an `alert` event on the user's sockets), by e-mail when the user turned it
 * on and the server has SMTP, and to the user's webhook when one is set,
 * signed with the user's secret. Every attempt is recorded in
 * alert_deliveries; a failure is recorded there and never undoes the alert.
 */
import type { Config } from '../config.js';
import type { Queryable } from '../db/client.js';
import { insertAlertDelivery, type AlertChannel } from '../db/repositories/alerts.js';
import type { EventBus } from '../realtime/bus.js';
import { postWebhook, type DeliveryOutcome } from '../reports/schedules/webhook.js';
import { mailAlert } from './email.js';
import type { AlertMessage } from './message.js';
import type { StoredAlertSettings } from './user-settings.js';

export interface DeliveryDeps {
  db: Queryable;
  events: EventBus;
  config: Pick<Config, 'smtp' | 'publicUrl'>;
  webhookTimeoutMs?: number;
}

/** The body POSTed to the user's webhook. */
export function webhookPayload(alert: AlertMessage, sentAt: Date) {
  return { type: 'alert' as const, alert, sent_at: sentAt.toISOString() };
}

async function live(events: EventBus, userId: number, a: AlertMessage): Promise<DeliveryOutcome> {
  try {
    await events.publish(userId, { type: 'alert', alert_id: a.id, kind: a.kind, platform: a.platform, content_id: a.content_id });
    return { status: 'delivered', httpStatus: null, smtpCode: null, error: null };
  } catch (err) {
    return { status: 'failed', httpStatus: null, smtpCode: null, error: (err as Error).message.slice(0, 300) };
  }
}

/** `alertKey`: the alert's row, whose deliveries are recorded; `alert` names it by its public id. */
export async function deliverAlert(
  deps: DeliveryDeps,
  user: { id: number; email: string },
  settings: StoredAlertSettings,
  alertKey: number,
  alert: AlertMessage,
): Promise<void> {
  const attempts: [AlertChannel, Promise<DeliveryOutcome>][] = [['live', live(deps.events, user.id, alert)]];
  const link = deps.config.publicUrl ? `${deps.config.publicUrl}/?alert=${alert.id}` : null;
  if (settings.email && deps.config.smtp) attempts.push(['email', mailAlert(deps.config.smtp, user.email, alert, link)]);
  if (settings.webhookUrl) {
    attempts.push(['webhook', postWebhook(settings.webhookUrl, webhookPayload(alert, new Date()), deps.webhookTimeoutMs, settings.webhookSecret)]);
  }
  for (const [channel, attempt] of attempts) {
    const o = await attempt;
    await insertAlertDelivery(deps.db, user.id, { alertId: alertKey, channel, status: o.status, httpStatus: o.httpStatus, smtpCode: o.smtpCode, error: o.error });
  }
}
