/**
 * The dashboard sums its window in SQL (src/query/window-summary.ts) instead
 * of decoding account-day rows. Its figures must be the row-based ones to the
 * last bit: totals, per-platform totals, follower spans and the daily trend,
 * for ranges inside, across and outside the data, other zones and platform
 * subsets. The SQL sums without fixing the order of the additions, which is
 * exact because the counts are whole numbers (the ingest refuses fractions:
 * test/ingest.test.ts); large ones here, so a sum that lost a unit would show.
 * A comparison period is summed without its trend and reads only the follower
 * days its spans depend on: its totals and spans must be the row-based ones too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, parsePeriod } from '../src/analytics/period.js';
import { upsertAccount } from '../src/db/repositories/accounts.js';
import { dailyTrend } from '../src/query/aggregate.js';
import { loadWindow, overallTotals, platformTotals } from '../src/query/views/window.js';
import { loadWindowSummary, loadWindowTotals } from '../src/query/window-summary.js';
import { createTestApp, register, type TestApp } from './helpers/app.js';
import { makeDataset, rng } from './helpers/dataset.js';

let h: TestApp;
let userId: number;
const TZ = 'Asia/Kolkata';
const END = new Date('2026-05-31T18:00:00Z');

beforeAll(async () => {
  h = await createTestApp();
  userId = (await register(h.app, TZ)).id;
  const data = makeDataset(11, END, 90);
  const random = rng(5);
  for (const [platform, batch] of data.batches) {
    const account = await upsertAccount(h.t.db, userId, { platform, externalId: `acct-${platform}`, handle: `@me_${platform}` });
    // Counters in the hundreds of billions on two platforms, beside small ones: sums near 2^53 / 1000.
    const large = platform === 'youtube' || platform === 'twitter';
    const postMetrics = (batch.postMetrics ?? []).map((m) => (large ? { ...m, value: m.value * 1_000_003 + Math.round(random() * 1000) } : m));
    await h.services.ingest({ ...batch, postMetrics, userId, accountId: account.id });
  }
  // Microseconds, which the baselines read as JSON must drop as the driver does.
  await h.t.db.query(`UPDATE platform_accounts SET last_synced_at = timestamptz '2026-05-31 17:59:59.123956+00' + id * interval '1 second' WHERE user_id = $1`, [userId]);
});
afterAll(async () => {
  await h?.close();
});

const cases: Record<string, string>[] = [
  { from: '2026-03-03', to: '2026-05-31' },
  { from: '2026-05-01', to: '2026-05-10', platforms: 'instagram,twitter', tz: 'America/New_York' },
  { from: '2025-01-01', to: '2026-05-31' },
  { from: '2024-01-01', to: '2024-03-01' },
  { from: '2026-05-20', to: '2026-06-30', tz: 'UTC' },
  { from: '2026-04-01', to: '2026-04-30', platforms: 'youtube' },
];

describe('the dashboard window summed in SQL equals the row-based figures', () => {
  it.each(cases)('$from–$to $platforms $tz', async (q) => {
    const period = parsePeriod(q, TZ);
    const w = await loadWindow(h.t.db, userId, period);
    const s = await loadWindowSummary(h.t.db, userId, period);
    expect(s.totals).toStrictEqual(overallTotals(w));
    expect(s.baselines).toStrictEqual(w.baselines);
    expect([...s.platforms]).toStrictEqual([...platformTotals(w)]);
    expect([...s.spans].sort((a, b) => a[0] - b[0])).toStrictEqual([...w.spans].sort((a, b) => a[0] - b[0]));
    expect(s.trend).toStrictEqual(dailyTrend(w.rows, w.baselines, period.from, period.to));
    const t = await loadWindowTotals(h.t.db, userId, period);
    expect(t.totals).toStrictEqual(overallTotals(w));
    expect([...t.platforms]).toStrictEqual([...platformTotals(w)]);
    expect([...t.spans].sort((a, b) => a[0] - b[0])).toStrictEqual([...w.spans].sort((a, b) => a[0] - b[0]));
    // Not vacuous: the main range has data, large sums, and follower spans with growth.
    if (q.from === '2026-03-03') {
      expect(s.totals.views).toBeGreaterThan(1e11);
      expect(s.trend.some((p) => p.followers !== null)).toBe(true);
      expect([...t.spans.values()].some((span) => span.comparable && span.start !== span.end)).toBe(true);
    }
  });

  it('gives comparison windows the row-based spans, also where an account has no count before the window and the window ends on a day that carries it', async () => {
    let endsCarried = 0;
    const windows: [string, string][] = [];
    // Every 3-day window; and windows from the first day of the data (no count before them) to each later day.
    for (let day = '2026-02-27'; day <= '2026-06-01'; day = addDays(day, 1)) windows.push([day, addDays(day, 2)], ['2026-03-02', day < '2026-03-02' ? '2026-03-02' : day]);
    for (const [from, to] of windows) {
      const period = parsePeriod({ from, to }, TZ);
      const w = await loadWindow(h.t.db, userId, period);
      const t = await loadWindowTotals(h.t.db, userId, period);
      expect([...t.spans].sort((a, b) => a[0] - b[0])).toStrictEqual([...w.spans].sort((a, b) => a[0] - b[0]));
      expect(t.totals).toStrictEqual(overallTotals(w));
      for (const b of w.baselines) {
        const last = w.rows.filter((r) => r.account_id === b.account_id && r.followers !== null).at(-1);
        if (b.followers_before === null && w.spans.get(b.account_id)?.comparable && last && !last.followers_observed) endsCarried += 1;
      }
    }
    // The case the spans' probe for an observation between the first and the last day is there for.
    expect(endsCarried).toBeGreaterThan(0);
  });
});
