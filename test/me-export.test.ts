/**
 * GET /me/export lists every row of the user in the tables added after it was
 * written (schedules, ledger, reported revenue, alerts and their settings,
 * dismissed suggestions, audience figures), none of another user's, and no
 * credential: not the alert webhook secret (nor its sealed form), not a share
 * link's token (nor its hash). Expected rows are selected here with their own
 * SQL, ids translated to the public ones by join, not by the export's code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAccount } from '../src/db/repositories/accounts.js';
import { insertAlert, setAlertStatus } from '../src/db/repositories/alerts.js';
import { storeAudienceReports } from '../src/db/repositories/audience.js';
import { dismissPair } from '../src/db/repositories/content-library-suggestions.js';
import { insertLedgerEntry } from '../src/db/repositories/ledger.js';
import { insertSchedule, recordRun } from '../src/db/repositories/report-schedules.js';
import { insertReport } from '../src/db/repositories/reports.js';
import { upsertAccountRevenue } from '../src/db/repositories/revenue.js';
import { createShare } from '../src/reports/store/shares.js';
import { createTestApp, register, type TestApp } from './helpers/app.js';

let h: TestApp;

interface Planted {
  user: Awaited<ReturnType<typeof register>>;
  /** Strings that must not leave the server in any export. */
  secrets: string[];
  /** Strings of this user's data that must not appear in another user's export. */
  marks: string[];
}
let alice: Planted;
let bob: Planted;

/** Plants one row or more in every table the export gained, with strings unique to `tag`. */
async function plant(tag: string): Promise<Planted> {
  const db = h.t.db;
  const user = await register(h.app, 'Europe/Berlin');
  const account = await upsertAccount(db, user.id, { platform: 'youtube', externalId: `UC${tag}`, handle: `@${tag}` });
  await h.services.ingest({
    userId: user.id, accountId: account.id, source: 'test',
    posts: [
      { platformPostId: `${tag}-v1`, publishedAt: new Date('2026-03-01T10:00:00Z'), title: `${tag} first` },
      { platformPostId: `${tag}-v2`, publishedAt: new Date('2026-03-01T12:00:00Z'), title: `${tag} second` },
    ],
    postMetrics: [{ platformPostId: `${tag}-v1`, metric: 'views', value: 10, observedAt: new Date('2026-03-02T10:00:00Z') }],
    accountMetrics: [{ metric: 'followers', value: 5, observedAt: new Date('2026-03-02T10:00:00Z') }],
  });
  const posts = await db.query<{ id: number; content_id: number }>('SELECT id, content_id FROM platform_posts WHERE user_id = $1 ORDER BY id', [user.id]);
  expect(posts).toHaveLength(2);

  // A report with a share link, and a schedule that made it.
  const report = await insertReport(db, user.id, {
    reportName: `${tag} report`, reportType: 'growth', exportFormat: 'json', from: '2026-03-01', to: '2026-03-31', platforms: [], filters: {},
    data: {}, generatedAt: new Date('2026-04-01T00:00:00Z'), expiresAt: new Date('2099-01-01T00:00:00Z'), generationMs: 5,
  });
  const share = await createShare(db, report, 24, null, new Date());
  const [{ token_hash: tokenHash }] = (await db.query<{ token_hash: string }>('SELECT token_hash FROM report_shares WHERE user_id = $1', [user.id])) as [{ token_hash: string }];
  const schedule = await insertSchedule(db, user.id, {
    reportName: `${tag} weekly`, reportType: 'growth', platforms: ['youtube'], filters: {}, exportFormat: 'pdf', frequency: 'weekly', timeZone: 'Europe/Berlin',
    recipients: [{ webhook_url: `https://hooks.example.test/${tag}/report?key=${tag}-hookkey` }, { email: `${tag}@example.test` }],
    nextRunAt: new Date('2026-12-07T07:00:00Z'),
  });
  await insertSchedule(db, user.id, {
    reportName: `${tag} monthly`, reportType: 'performance', platforms: [], filters: { granularity: 'week' }, exportFormat: 'csv', frequency: 'monthly',
    timeZone: 'UTC', recipients: [], nextRunAt: new Date('2027-01-01T07:00:00Z'),
  });
  await recordRun(db, user.id, schedule.id, { at: new Date('2026-11-30T07:00:00Z'), status: 'completed', error: null, reportId: report.id });

  // Ledger: one entry on a content item, one on none.
  await insertLedgerEntry(db, user.id, {
    kind: 'cost', amount: '120.50', currency: 'EUR', date: '2026-03-01', category: 'production', platform: 'youtube', content_id: posts[0]!.content_id,
    campaign: `${tag}-campaign`, note: `${tag} camera rental`,
  });
  await insertLedgerEntry(db, user.id, {
    kind: 'revenue', amount: '0.10', currency: 'USD', date: '2026-03-05', category: 'sponsorship', platform: null, content_id: null, campaign: null, note: '',
  });

  await upsertAccountRevenue(db, user.id, account.id, 'youtube_api', [
    { day: '2026-03-01', currency: 'USD', amount: '3.456789' },
    { day: '2026-03-02', currency: 'USD', amount: '0' },
  ]);

  // Alerts: one about the account, one about a post (acknowledged).
  await insertAlert(db, user.id, {
    accountId: account.id, postId: null, platform: 'youtube', kind: 'spike', metric: 'views', seriesKey: `a:${account.id}:views:spike`,
    episodeKey: `a:${account.id}:views:spike:2026-03-02`, day: '2026-03-02', lastDay: '2026-03-03', observed: 900, expected: 100.5, score: 6.25,
  });
  const postAlert = await insertAlert(db, user.id, {
    accountId: account.id, postId: posts[1]!.id, platform: 'youtube', kind: 'viral', metric: 'views', seriesKey: `p:${posts[1]!.id}:views:viral`,
    episodeKey: `p:${posts[1]!.id}:views:viral:2026-03-02`, day: '2026-03-02', lastDay: '2026-03-02', observed: 5000, expected: 40, score: 9.5,
  });
  await setAlertStatus(db, user.id, postAlert!.id, 'acknowledged');

  // Alert settings through the API: the server makes the webhook secret and shows it once.
  const saved = await h.app.inject({
    method: 'PUT', url: '/api/v1/me/alert-settings', headers: user.auth,
    payload: { webhook_url: `https://hooks.example.test/${tag}/alerts`, cooldown_days: 2, thresholds: { spike: 4.5 } },
  });
  expect(saved.statusCode, saved.body).toBe(200);
  const webhookSecret = saved.json().webhook_secret as string;
  expect(webhookSecret.length).toBeGreaterThan(10);
  const [{ webhook_secret_enc: sealedSecret }] = (await db.query<{ webhook_secret_enc: string }>('SELECT webhook_secret_enc FROM alert_settings WHERE user_id = $1', [user.id])) as [{ webhook_secret_enc: string }];

  await dismissPair(db, user.id, posts[1]!.id, posts[0]!.id);

  // Audience: a report with values (a window of days) and one the platform gave nothing for.
  await storeAudienceReports(db, user.id, account.id, 'youtube_api', [
    {
      dimension: 'country', metric: 'views', unit: 'views', periodStart: '2026-02-01', periodEnd: '2026-02-28', basis: { kind: 'views', count: 1234 },
      values: [{ bucket: 'US', value: 700 }, { bucket: 'DE', value: 534.5 }], reportedAt: new Date('2026-03-01T06:00:00Z'),
    },
    { dimension: 'city', metric: 'follower_demographics', unit: 'followers', values: [], unavailableReason: `${tag}: under 100 followers`, reportedAt: new Date('2026-03-01T06:00:00Z') },
  ]);

  const ids = await db.query<{ id: string }>(
    `SELECT public_id::text AS id FROM ledger_entries WHERE user_id = $1 UNION ALL SELECT public_id::text FROM alerts WHERE user_id = $1
     UNION ALL SELECT public_id::text FROM report_schedules WHERE user_id = $1 UNION ALL SELECT public_id::text FROM platform_posts WHERE user_id = $1
     UNION ALL SELECT public_id::text FROM platform_accounts WHERE user_id = $1`,
    [user.id],
  );
  return {
    user,
    secrets: [webhookSecret, sealedSecret, share.token, tokenHash],
    marks: [tag, user.publicId, ...ids.map((r) => r.id)],
  };
}

/** Rows as JSON would carry them (instants as ISO strings). */
const asJson = <T>(rows: T): unknown => JSON.parse(JSON.stringify(rows));

/** The user's rows of the new tables, selected independently of the export's queries. */
async function expectedRows(userId: number) {
  const db = h.t.db;
  const q = (sql: string) => db.query<Record<string, unknown>>(sql, [userId]);
  const reports = await q(
    `SELECT a.public_id::text AS account_id, r.id, r.dimension, r.source, r.metric, r.unit, to_char(r.period_start, 'YYYY-MM-DD') AS period_start,
       to_char(r.period_end, 'YYYY-MM-DD') AS period_end, r.basis, r.basis_count, r.unavailable_reason, r.reported_at, r.checked_at
     FROM audience_reports r JOIN platform_accounts a ON a.id = r.account_id WHERE r.user_id = $1 ORDER BY r.account_id, r.dimension, r.reported_at, r.id`,
  );
  const values = await q('SELECT report_id, bucket, value FROM audience_values WHERE user_id = $1 ORDER BY bucket');
  return asJson({
    report_schedules: await q(
      `SELECT s.public_id::text AS id, s.report_name, s.report_type, s.platforms, s.filters, s.export_format, s.frequency, s.time_zone, s.recipients,
         s.next_run_at, s.last_run_at, s.last_status, s.last_error, r.public_id::text AS last_report_id, s.created_at
       FROM report_schedules s LEFT JOIN analytics_reports r ON r.id = s.last_report_id WHERE s.user_id = $1 ORDER BY s.id`,
    ),
    ledger_entries: await q(
      `SELECT l.public_id::text AS id, l.kind, to_char(l.amount, 'FM999999999990.00') AS amount, l.currency, to_char(l.entry_date, 'YYYY-MM-DD') AS entry_date,
         l.category, l.platform, c.public_id::text AS content_id, l.campaign, l.note, l.created_at, l.updated_at
       FROM ledger_entries l LEFT JOIN content_items c ON c.id = l.content_id WHERE l.user_id = $1 ORDER BY l.id`,
    ),
    account_revenue_daily: await q(
      `SELECT a.public_id::text AS account_id, to_char(v.day, 'YYYY-MM-DD') AS day, v.currency, v.amount::text AS amount, v.source
       FROM account_revenue_daily v JOIN platform_accounts a ON a.id = v.account_id WHERE v.user_id = $1 ORDER BY v.account_id, v.currency, v.day`,
    ),
    alerts: await q(
      `SELECT al.public_id::text AS id, a.public_id::text AS account_id, p.public_id::text AS post_id, al.platform, al.kind, al.metric,
         to_char(al.day, 'YYYY-MM-DD') AS day, to_char(al.last_day, 'YYYY-MM-DD') AS last_day, al.observed, al.expected, al.score, al.status,
         al.detected_at, al.status_changed_at
       FROM alerts al JOIN platform_accounts a ON a.id = al.account_id LEFT JOIN platform_posts p ON p.id = al.post_id WHERE al.user_id = $1 ORDER BY al.id`,
    ),
    alert_settings: await q(
      `SELECT spike_threshold, drop_threshold, viral_threshold, cooldown_days, email, webhook_url, webhook_secret_enc IS NOT NULL AS webhook_secret_set, updated_at
       FROM alert_settings WHERE user_id = $1`,
    ),
    content_suggestion_dismissals: await q(
      `SELECT a.public_id::text AS post_a, b.public_id::text AS post_b, d.dismissed_at FROM content_suggestion_dismissals d
       JOIN platform_posts a ON a.id = d.post_a JOIN platform_posts b ON b.id = d.post_b WHERE d.user_id = $1 ORDER BY d.post_a, d.post_b`,
    ),
    audience_reports: reports.map(({ id, ...r }) => ({ ...r, values: values.filter((v) => v.report_id === id).map((v) => ({ bucket: v.bucket, value: v.value })) })),
  });
}

const NEW_LISTS = ['report_schedules', 'ledger_entries', 'account_revenue_daily', 'alerts', 'alert_settings', 'content_suggestion_dismissals', 'audience_reports'] as const;

beforeAll(async () => {
  h = await createTestApp();
  alice = await plant('alicexq');
  bob = await plant('bobzv');
});
afterAll(async () => {
  await h?.close();
});

describe('GET /me/export', () => {
  it("lists each of the user's rows in the tables added later, as selected independently", async () => {
    for (const who of [alice, bob]) {
      const res = await h.app.inject({ method: 'GET', url: '/api/v1/me/export', headers: who.user.auth });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.format).toBe('pulseboard-export/2');
      expect(body.user.id).toBe(who.user.publicId);
      const expected = (await expectedRows(who.user.id)) as Record<string, unknown[]>;
      for (const list of NEW_LISTS) {
        expect(expected[list]!.length, list).toBeGreaterThan(0);
        expect(body[list], list).toEqual(expected[list]);
      }
      // What was planted is there as planted (not only as the SQL above reads it).
      expect(body.ledger_entries.map((e: { amount: string }) => e.amount)).toEqual(['120.50', '0.10']);
      expect(body.account_revenue_daily.map((r: { amount: string }) => r.amount)).toEqual(['3.456789', '0']);
      expect(body.report_schedules).toHaveLength(2);
      expect(body.report_schedules[0].last_report_id).toBe(body.reports[0].id);
      expect(body.report_schedules[0].recipients).toHaveLength(2);
      expect(body.alerts.map((a: { post_id: string | null }) => a.post_id)).toEqual([null, expect.stringMatching(/^[0-9a-f-]{36}$/)]);
      expect(body.alert_settings).toEqual([expect.objectContaining({ cooldown_days: 2, spike_threshold: 4.5, webhook_secret_set: true })]);
      expect(body.content_suggestion_dismissals).toHaveLength(1);
      const posts = new Set(body.posts.map((p: { id: string }) => p.id));
      expect(posts.has(body.content_suggestion_dismissals[0].post_a) && posts.has(body.content_suggestion_dismissals[0].post_b)).toBe(true);
      expect(body.audience_reports.map((r: { values: unknown[] }) => r.values.length).sort()).toEqual([0, 2]);
      // No database key of any kind is shown: every id field is a UUID, and no audience report id appears.
      expect(JSON.stringify(body.audience_reports)).not.toMatch(/"(id|report_id)"/);
    }
  });

  it("holds none of another user's rows and no credential", async () => {
    for (const [who, other] of [[alice, bob], [bob, alice]] as const) {
      const res = await h.app.inject({ method: 'GET', url: '/api/v1/me/export', headers: who.user.auth });
      expect(res.statusCode).toBe(200);
      for (const mark of other.marks) expect(res.body, mark).not.toContain(mark);
      for (const secret of [...who.secrets, ...other.secrets]) expect(res.body).not.toContain(secret);
      expect(res.body).not.toMatch(/secret_enc|token_hash/);
      // The file is named by the user's public id, not the database key.
      expect(res.headers['content-disposition']).toBe(`attachment; filename="pulseboard-export-${who.user.publicId}.json"`);
    }
  });
});
