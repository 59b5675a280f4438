/**
 * GET /me/export: every row that belongs to the user, table by table
 * (src/db/repositories/export.ts); credentials (tokens, secrets) are left out.
 */
import { Type } from 'typebox';
import { ALERT_METRICS } from '../../../../alerts/series.js';
import { ALERT_STATUSES } from '../../../../db/repositories/alerts.js';
import { AUDIENCE_DIMENSIONS } from '../../../../db/repositories/audience.js';
import { EXPORT_FORMAT } from '../../../../db/repositories/export.js';
import { LEDGER_CATEGORIES, LEDGER_KINDS } from '../../../../db/repositories/ledger.js';
import { ALERT_KINDS } from '../../../../realtime/events.js';
import { Account } from './account.js';
import { Day, Instant, Nullable, PlatformName } from './common.js';
import { ReportRecord } from './report.js';
import { Schedule } from './schedule.js';
import { Id } from './params.js';

/** The rows hold the database's Date objects; the serializer writes a date-time field as ISO 8601, as JSON.stringify would. */
const Timestamp = Type.Unsafe<Date | string>(Instant);

const Snapshot = { metric: Type.String(), observed_at: Timestamp, value: Type.Number(), source: Type.String({ description: 'sync, import:<format>, …' }) };

/** The export has the stored columns of a report, without the API's download link, timing and schedule. */
const ExportedReport = Type.Omit(ReportRecord, ['download_url', 'generation_ms', 'schedule_id']);
/** The stored columns of a schedule: the API's view without its derived run hour and download link. */
const ExportedSchedule = Type.Omit(Schedule, ['run_at_local_hour', 'last_report_url']);
const AccountRow = Type.Object({
  ...Account.properties,
  connected_at: Timestamp,
  disconnected_at: Nullable(Timestamp),
  last_synced_at: Nullable(Timestamp),
  next_sync_at: Nullable(Timestamp),
});

export const UserExport = Type.Object({
  exported_at: Instant,
  format: Type.Literal(EXPORT_FORMAT, { description: 'Version 2: ids are UUIDs (version 1 files hold integer keys)' }),
  user: Nullable(
    Type.Object({
      id: Id('user'),
      email: Type.String(),
      timezone: Type.String(),
      brand_name: Nullable(Type.String()),
      brand_color: Nullable(Type.String()),
      created_at: Timestamp,
    }),
  ),
  accounts: Type.Array(AccountRow),
  content_items: Type.Array(Type.Object({ id: Id('content'), title: Nullable(Type.String()), created_at: Timestamp })),
  posts: Type.Array(
    Type.Object({
      id: Id('post'),
      account_id: Id('account'),
      content_id: Id('content'),
      platform: PlatformName,
      platform_post_id: Type.String(),
      url: Nullable(Type.String()),
      title: Nullable(Type.String()),
      caption: Nullable(Type.String()),
      hashtags: Type.Array(Type.String()),
      media_type: Nullable(Type.String()),
      duration_seconds: Nullable(Type.Number()),
      published_at: Timestamp,
      first_seen_at: Timestamp,
    }),
  ),
  post_snapshots: Type.Array(Type.Object({ post_id: Id('post'), ...Snapshot })),
  account_snapshots: Type.Array(Type.Object({ account_id: Id('account'), ...Snapshot })),
  account_daily: Type.Array(Type.Object({ account_id: Id('account'), metric: Type.String(), day: Day, value: Type.Number(), source: Type.String() })),
  reports: Type.Array(Type.Object({ ...ExportedReport.properties, generated_at: Nullable(Timestamp), expires_at: Nullable(Timestamp), created_at: Timestamp, status: Type.String() })),
  report_schedules: Type.Array(
    Type.Object({
      ...ExportedSchedule.properties,
      next_run_at: Timestamp,
      last_run_at: Nullable(Timestamp),
      last_report_id: Nullable(Id('report'), { description: 'The last report it made; null before its first run or once that report is gone' }),
      created_at: Timestamp,
    }),
  ),
  ledger_entries: Type.Array(
    Type.Object({
      id: Id('ledger_entry'),
      kind: Type.Enum(LEDGER_KINDS),
      amount: Type.String({ description: 'Decimal string with 2 places' }),
      currency: Type.String({ description: 'ISO 4217 code' }),
      entry_date: Day,
      category: Type.Enum(LEDGER_CATEGORIES),
      platform: Nullable(PlatformName),
      content_id: Nullable(Id('content'), { description: 'Your content item; null for none' }),
      campaign: Nullable(Type.String()),
      note: Type.String(),
      created_at: Timestamp,
      updated_at: Timestamp,
    }),
  ),
  account_revenue_daily: Type.Array(
    Type.Object(
      {
        account_id: Id('account'),
        day: Day,
        currency: Type.String({ description: 'ISO 4217 code' }),
        amount: Type.String({ description: 'Decimal string, as the platform reported it' }),
        source: Type.String(),
      },
      { description: "The account's revenue for a day as the platform reported it" },
    ),
  ),
  alerts: Type.Array(
    Type.Object({
      id: Id('alert'),
      account_id: Id('account'),
      post_id: Nullable(Id('post'), { description: 'null for an account-level alert' }),
      platform: PlatformName,
      kind: Type.Enum(ALERT_KINDS),
      metric: Type.Enum(ALERT_METRICS),
      day: Day,
      last_day: Day,
      observed: Type.Number(),
      expected: Type.Number(),
      score: Type.Number(),
      status: Type.Enum(ALERT_STATUSES),
      detected_at: Timestamp,
      status_changed_at: Nullable(Timestamp),
    }),
  ),
  alert_settings: Type.Array(
    Type.Object({
      spike_threshold: Type.Number(),
      drop_threshold: Type.Number(),
      viral_threshold: Type.Number(),
      cooldown_days: Type.Integer(),
      email: Type.Boolean(),
      webhook_url: Nullable(Type.String()),
      webhook_secret_set: Type.Boolean({ description: 'A webhook secret exists (the secret itself is not exported)' }),
      updated_at: Timestamp,
    }),
    { description: 'Empty: the default settings; else the one row' },
  ),
  content_suggestion_dismissals: Type.Array(
    Type.Object({ post_a: Id('post'), post_b: Id('post'), dismissed_at: Timestamp }, { description: 'Two posts you said are not the same content' }),
  ),
  audience_reports: Type.Array(
    Type.Object(
      {
        account_id: Id('account'),
        dimension: Type.Enum(AUDIENCE_DIMENSIONS),
        source: Type.String(),
        metric: Type.String({ description: "The platform's metric name" }),
        unit: Type.Enum(['percent', 'views', 'followers']),
        period_start: Nullable(Day, { description: 'null for lifetime figures' }),
        period_end: Nullable(Day),
        basis: Nullable(Type.Enum(['views', 'followers'])),
        basis_count: Nullable(Type.Number()),
        unavailable_reason: Nullable(Type.String(), { description: 'Why the platform gave no values (then `values` is empty)' }),
        reported_at: Timestamp,
        checked_at: Timestamp,
        values: Type.Array(Type.Object({ bucket: Type.String({ description: "The platform's own label" }), value: Type.Number() })),
      },
      { description: 'What one platform call said about one dimension of one account\'s audience' },
    ),
  ),
});
