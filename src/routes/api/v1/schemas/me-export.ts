/**
 * GET /me/export: every row that belongs to the user, table by table
 * (src/db/repositories/export.ts); tokens are left out.
 */
import { Type } from 'typebox';
import { Account } from './account.js';
import { Day, Instant, Nullable, PlatformName } from './common.js';
import { ReportRecord } from './report.js';
import { Id } from './params.js';

/** The rows hold the database's Date objects; the serializer writes a date-time field as ISO 8601, as JSON.stringify would. */
const Timestamp = Type.Unsafe<Date | string>(Instant);

const Snapshot = { metric: Type.String(), observed_at: Timestamp, value: Type.Number(), source: Type.String({ description: 'sync, import:<format>, …' }) };

/** The export has the stored columns of a report, without the API's download link, timing and schedule. */
const ExportedReport = Type.Omit(ReportRecord, ['download_url', 'generation_ms', 'schedule_id']);
const AccountRow = Type.Object({
  ...Account.properties,
  connected_at: Timestamp,
  disconnected_at: Nullable(Timestamp),
  last_synced_at: Nullable(Timestamp),
  next_sync_at: Nullable(Timestamp),
});

export const UserExport = Type.Object({
  exported_at: Instant,
  format: Type.Literal('pulseboard-export/1'),
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
});
