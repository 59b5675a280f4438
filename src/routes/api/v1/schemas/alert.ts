/** Alerts and alert settings: the shapes of /analytics/alerts and /me/alert-settings. */
import { Type } from 'typebox';
import { ALERT_KINDS } from '../../../../realtime/events.js';
import { ALERT_METRICS } from '../../../../alerts/series.js';
import { COOLDOWN_MAX_DAYS, DEFAULT_COOLDOWN_DAYS, DEFAULT_THRESHOLDS, THRESHOLD_MAX, THRESHOLD_MIN } from '../../../../alerts/settings.js';
import { ALERT_STATUSES } from '../../../../db/repositories/alerts.js';
import { Day, Instant, Nullable, PlatformName } from './common.js';
import { Range } from './range.js';
import { Id } from './params.js';

export const ALERT_STATUS_FILTERS = [...ALERT_STATUSES, 'all'] as const;
export const ALERTS_DEFAULT_LIMIT = 50;
export const ALERTS_MAX_LIMIT = 200;

export const Alert = Type.Object(
  {
    id: Id('alert'),
    kind: Type.Enum(ALERT_KINDS, { description: 'spike: far above the usual for the day; drop: far below; viral: a post far above the account\'s usual at its age' }),
    platform: PlatformName,
    content_id: Nullable(Id('content'), { description: 'The content the alert is about; null for an account-level alert' }),
    metric: Type.Enum(ALERT_METRICS, { description: 'views, engagement (likes + comments + shares + saves) or followers (the change over one day); viral is always views' }),
    observed: Type.Number({ description: 'The value on `day` (viral: the post\'s views from publishing to `day`)' }),
    expected: Type.Number({ description: 'The usual value: the weekday-adjusted 28-day median (viral: the median views of the account\'s posts at the same age)' }),
    score: Type.Number({ description: 'Robust z-score: (observed − expected) / (1.4826 × MAD), negative for a drop; viral: on the log scale' }),
    detected_at: Instant,
    day: Day,
    last_day: Type.String({ format: 'date', description: 'YYYY-MM-DD: the latest day of the episode so far (one alert per episode: later days of it extend this)' }),
    status: Type.Enum(ALERT_STATUSES, { description: 'new, acknowledged or dismissed' }),
  },
  { description: 'One alert: one episode of one series (an account or a post, one metric, one direction), days in your time zone' },
);

export const AlertListQuery = Type.Object({
  from: Type.Optional(Type.String({ description: 'First day of the alerts (their `day`), YYYY-MM-DD (default: 29 days before `to`)' })),
  to: Type.Optional(Type.String({ description: 'Last day, YYYY-MM-DD, inclusive (default: today)' })),
  range: Type.Optional(Type.Enum(['all'], { description: '`all`: from your earliest data to today (not with from/to)' })),
  platforms: Type.Optional(Type.String({ description: 'Comma list of youtube, tiktok, instagram, twitter (default: all)' })),
  status: Type.Optional(Type.Enum(ALERT_STATUS_FILTERS, { default: 'all', description: 'new, acknowledged, dismissed, or all' })),
  kind: Type.Optional(Type.Enum(ALERT_KINDS, { description: 'Only this kind (default: every kind)' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: ALERTS_MAX_LIMIT, default: ALERTS_DEFAULT_LIMIT, description: 'Items per page' })),
  cursor: Type.Optional(Type.String({ description: 'next_cursor of the previous page' })),
});

export const AlertPage = Type.Object({
  range: Range,
  items: Type.Array(Alert, { description: 'Newest first' }),
  next_cursor: Nullable(Type.String(), { description: 'Pass as `cursor` for the next page; null on the last page' }),
});

const threshold = (what: string, def: number) =>
  Type.Number({ minimum: THRESHOLD_MIN, maximum: THRESHOLD_MAX, description: `${what} (robust z-score, ${THRESHOLD_MIN}–${THRESHOLD_MAX}; default ${def})` });

export const AlertThresholds = Type.Object(
  {
    spike: threshold('A day at least this far above the usual is a spike', DEFAULT_THRESHOLDS.spike),
    drop: threshold('A day at least this far below the usual is a drop', DEFAULT_THRESHOLDS.drop),
    viral: threshold("A post at least this far above the account's usual at its age (log scale) is viral", DEFAULT_THRESHOLDS.viral),
  },
  { additionalProperties: false },
);

export const AlertSettingsOut = Type.Object({
  thresholds: AlertThresholds,
  cooldown_days: Type.Integer({ minimum: 0, maximum: COOLDOWN_MAX_DAYS, description: `Days after an episode's last day within which the same series standing out again continues it (default ${DEFAULT_COOLDOWN_DAYS})` }),
  email: Type.Boolean({ description: 'Alerts are mailed to your address' }),
  email_available: Type.Boolean({ description: 'This server can send e-mail (SMTP_URL and SMTP_FROM configured)' }),
  webhook_url: Nullable(Type.String(), { description: 'Alerts are POSTed here as JSON, signed: X-Pulseboard-Signature-256: sha256=<hex HMAC-SHA256 of the body with your webhook secret>' }),
  webhook_secret_set: Type.Boolean({ description: 'A webhook secret exists (it is shown only when generated)' }),
});

export const AlertSettingsSaved = Type.Object({
  ...AlertSettingsOut.properties,
  webhook_secret: Nullable(Type.String(), {
    description: 'The webhook secret, shown only in the answer that generated it (first webhook URL, or rotate_webhook_secret); null otherwise. Keep it: it is never shown again.',
  }),
});

export const AlertSettingsBody = Type.Object(
  {
    thresholds: Type.Optional(Type.Partial(AlertThresholds, { additionalProperties: false })),
    cooldown_days: Type.Optional(Type.Integer({ minimum: 0, maximum: COOLDOWN_MAX_DAYS, description: `0–${COOLDOWN_MAX_DAYS} days` })),
    email: Type.Optional(Type.Boolean({ description: 'Mail alerts to your address (needs SMTP on the server)' })),
    webhook_url: Type.Optional(Nullable(Type.String({ maxLength: 2000 }), { description: 'http(s) URL, or null to stop webhook delivery' })),
    rotate_webhook_secret: Type.Optional(Type.Boolean({ description: 'Generate a new webhook secret (the old one stops working)' })),
  },
  { additionalProperties: false, description: 'Fields left out keep their value' },
);
