/**
 * A user's alert settings as detection and delivery use them: the stored row
 * or the defaults, with the webhook secret opened (sealed at rest with the
 * server's key, src/auth/secret-box.ts). The secret leaves this module only
 * to sign a webhook, or once, to the user, when it is generated.
 */
import { randomBytes } from 'node:crypto';
import { secretBox } from '../auth/secret-box.js';
import type { Queryable } from '../db/client.js';
import { getAlertSettings, saveAlertSettings } from '../db/repositories/alerts-settings.js';
import { DEFAULT_SETTINGS, type AlertSettings } from './settings.js';

export interface StoredAlertSettings extends AlertSettings {
  /** null: no webhook configured (or none yet generated). */
  webhookSecret: string | null;
}

export async function loadAlertSettings(db: Queryable, appSecret: string, userId: number): Promise<StoredAlertSettings> {
  const row = await getAlertSettings(db, userId);
  if (!row) return { ...DEFAULT_SETTINGS, webhookSecret: null };
  return {
    thresholds: { spike: row.spike_threshold, drop: row.drop_threshold, viral: row.viral_threshold },
    cooldownDays: row.cooldown_days,
    email: row.email,
    webhookUrl: row.webhook_url,
    webhookSecret: row.webhook_secret_enc === null ? null : secretBox(appSecret).open(row.webhook_secret_enc),
  };
}

/** 32 random bytes, hex: the key of the webhook's HMAC-SHA256 signature. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('hex')}`;
}

export async function storeAlertSettings(db: Queryable, appSecret: string, userId: number, s: StoredAlertSettings): Promise<void> {
  await saveAlertSettings(db, userId, {
    spike_threshold: s.thresholds.spike,
    drop_threshold: s.thresholds.drop,
    viral_threshold: s.thresholds.viral,
    cooldown_days: s.cooldownDays,
    email: s.email,
    webhook_url: s.webhookUrl,
    webhook_secret_enc: s.webhookSecret === null ? null : secretBox(appSecret).seal(s.webhookSecret),
  });
}
