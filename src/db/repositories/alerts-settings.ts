/** Per-user alert settings (migration 013). The webhook secret is stored sealed; callers seal and open it. */
import type { Queryable } from '../client.js';

export interface AlertSettingsRow {
  spike_threshold: number;
  drop_threshold: number;
  viral_threshold: number;
  cooldown_days: number;
  email: boolean;
  webhook_url: string | null;
  webhook_secret_enc: string | null;
}

export async function getAlertSettings(db: Queryable, userId: number): Promise<AlertSettingsRow | null> {
  const rows = await db.query<AlertSettingsRow>(
    `SELECT spike_threshold, drop_threshold, viral_threshold, cooldown_days, email, webhook_url, webhook_secret_enc
     FROM alert_settings WHERE user_id = $1`,
    [userId],
  );
  return rows[0] ?? null;
}

export async function saveAlertSettings(db: Queryable, userId: number, s: AlertSettingsRow): Promise<void> {
  await db.query(
    `INSERT INTO alert_settings (user_id, spike_threshold, drop_threshold, viral_threshold, cooldown_days, email, webhook_url, webhook_secret_enc)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (user_id) DO UPDATE SET spike_threshold = $2, drop_threshold = $3, viral_threshold = $4, cooldown_days = $5,
       email = $6, webhook_url = $7, webhook_secret_enc = $8, updated_at = now()`,
    [userId, s.spike_threshold, s.drop_threshold, s.viral_threshold, s.cooldown_days, s.email, s.webhook_url, s.webhook_secret_enc],
  );
}
