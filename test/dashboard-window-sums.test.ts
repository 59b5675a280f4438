/**
 * The dashboard sums its window in SQL (src/query/window-summary.ts) instead
 * of decoding account-day rows. Its figures must be the row-based ones to the
 * last bit: totals, per-platform totals, follower spans and the daily trend,
 * for ranges inside, across and outside the data, other zones and platform
 * subsets, and for fractional values whose float sums depend on their order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePeriod } from '../src/analytics/period.js';
import { upsertAccount } from '../src/db/repositories/accounts.js';
import { dailyTrend } from '../src/query/aggregate.js';
import { loadWindow, overallTotals, platformTotals } from '../src/query/views/window.js';
import { loadWindowSummary } from '../src/query/window-summary.js';
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
    // Fractional counters on two platforms: float sums then depend on the order they are added in.
    const fractional = platform === 'youtube' || platform === 'twitter';
    const postMetrics = (batch.postMetrics ?? []).map((m) => (fractional ? { ...m, value: m.value + Math.round(random() * 1000) / 7 } : m));
    await h.services.ingest({ ...batch, postMetrics, userId, accountId: account.id });
  }
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
    expect([...s.platforms]).toStrictEqual([...platformTotals(w)]);
    expect([...s.spans].sort((a, b) => a[0] - b[0])).toStrictEqual([...w.spans].sort((a, b) => a[0] - b[0]));
    expect(s.trend).toStrictEqual(dailyTrend(w.rows, w.baselines, period.from, period.to));
    // Not vacuous: the main range has data, and fractional sums.
    if (q.from === '2026-03-03') {
      expect(s.totals.views).not.toBeNull();
      expect(Number.isInteger(s.totals.views)).toBe(false);
      expect(s.trend.some((p) => p.followers !== null)).toBe(true);
    }
  });
});
