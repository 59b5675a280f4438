/**
 * Request budgets survive restarts (issue 10): without Redis the app keeps
 * them in the database, so a restart, a crash loop or a second process on the
 * same database counts on from what was already spent. Found: after a crash
 * loop one Instagram account made 384 requests in 59 s against 200 per hour,
 * and /analytics/sync/status said `used: 0` right after each restart.
 * Counted on the simulator's side: what each account really requested.
 * Runs on PGlite and, with TEST_DATABASE_URL, on PostgreSQL, where every
 * "process" gets its own connection pool to the same database.
 */
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../src/analytics/catalog.js';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDb, type Db } from '../src/db/client.js';
import { upsertAccount } from '../src/db/repositories/accounts.js';
import { nextMidnightPacific } from '../src/platforms/time.js';
import { createRuntime } from '../src/runtime.js';
import { createSimulator, type Simulator, type SimulatorOptions } from '../src/simulator/index.js';
import type { BudgetWindow } from '../src/sync/budget-rules.js';
import { dbBudgetStore, memoryBudgetStore, type BudgetStore } from '../src/sync/budget-store.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { register } from './helpers/app.js';
import { publicIdOf } from './helpers/ids.js';

// One database for the file (a new PGlite costs seconds); tests keep apart by budget key and user.
let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** Another connection to the same database, as a second process would have (PGlite has only the one). */
async function sameDatabase(): Promise<Db> {
  if (!t.url) return t.db;
  const db = await openDb({ databaseUrl: t.url, pgliteDir: null });
  closers.push(() => db.close());
  return db;
}

describe('the database budget store', () => {
  const HOUR: BudgetWindow = { kind: 'sliding', ms: 3_600_000 };
  const PACIFIC_DAY: BudgetWindow = { kind: 'day', timeZone: 'America/Los_Angeles' };

  it('answers every take, use and block exactly as the in-memory store does, rolling windows and Pacific days included', async () => {
    const db = dbBudgetStore(t.db);
    const mem = memoryBudgetStore();
    // A seeded walk over keys, costs and time, across several windows and a midnight Pacific.
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let now = nextMidnightPacific(new Date('2026-06-15T12:00:00Z')).getTime() - 2 * 3_600_000;
    const keys: { key: string; window: BudgetWindow; limit: number; free?: true }[] = [
      { key: 'walk-instagram:1', window: HOUR, limit: 7 },
      { key: 'walk-x:2', window: { kind: 'sliding', ms: 900_000 }, limit: 4 },
      { key: 'walk-youtube-data', window: PACIFIC_DAY, limit: 30 },
      // What the gate sends for an API no budget governs: nothing to spend, only blocks to honour.
      { key: 'walk-youtube-analytics:1', window: { kind: 'sliding', ms: 1000 }, limit: Number.MAX_SAFE_INTEGER, free: true },
    ];
    let granted = 0;
    let refused = 0;
    for (let step = 0; step < 400; step++) {
      now += Math.floor(rnd() * 120_000);
      const k = keys[Math.floor(rnd() * keys.length)]!;
      const roll = rnd();
      if (roll < 0.03) {
        const until = now + Math.floor(rnd() * 600_000);
        await db.block(k.key, until);
        await mem.block(k.key, until);
        continue;
      }
      const cost = k.free ? 0 : roll < 0.15 ? 3 : roll < 0.17 ? k.limit + 1 : 1;
      const expected = await mem.take(k.key, cost, k.limit, k.window, now);
      const actual = await db.take(k.key, cost, k.limit, k.window, now);
      expect(actual, `step ${step}: ${k.key} cost ${cost} at ${new Date(now).toISOString()}`).toEqual(expected);
      expect(await db.used(k.key, k.window, now)).toBe(await mem.used(k.key, k.window, now));
      if (expected.ok) granted++;
      else refused++;
    }
    // The walk really went through full windows and a new day.
    expect(granted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(20);
  });

  it('keeps counting in a new store on the same database (a restart)', async () => {
    const now = Date.parse('2026-06-15T12:00:00Z');
    const before = dbBudgetStore(t.db);
    for (let i = 0; i < 5; i++) expect((await before.take('restart-instagram:9', 1, 5, HOUR, now + i * 1000)).ok).toBe(true);
    expect(await before.take('restart-youtube-data', 8, 10, PACIFIC_DAY, now)).toEqual({ ok: true });

    const after = dbBudgetStore(await sameDatabase());
    expect(await after.used('restart-instagram:9', HOUR, now + 59_000)).toBe(5);
    // Full until the first take slides out of the hour.
    expect(await after.take('restart-instagram:9', 1, 5, HOUR, now + 59_000)).toEqual({ ok: false, retryAt: now + 3_600_000 + 1 });
    expect((await after.take('restart-instagram:9', 1, 5, HOUR, now + 3_600_001)).ok).toBe(true);
    // The Pacific day's units stay spent until midnight Pacific.
    const midnight = nextMidnightPacific(new Date(now)).getTime();
    expect(await after.take('restart-youtube-data', 3, 10, PACIFIC_DAY, now + 1000)).toEqual({ ok: false, retryAt: midnight });
    expect(await after.used('restart-youtube-data', PACIFIC_DAY, now + 1000)).toBe(8);
    expect(await after.take('restart-youtube-data', 3, 10, PACIFIC_DAY, midnight)).toEqual({ ok: true });
    expect(await after.used('restart-youtube-data', PACIFIC_DAY, midnight)).toBe(3);
  });

  it('never grants more than the limit to two processes taking at once', async () => {
    // Two stores, on PostgreSQL over two connection pools: the second process on the same database.
    const stores: BudgetStore[] = [dbBudgetStore(t.db), dbBudgetStore(await sameDatabase())];
    const now = Date.parse('2026-06-15T12:00:00Z');
    for (const [key, window, limit] of [['race-instagram:3', HOUR, 17], ['race-youtube-data', PACIFIC_DAY, 23]] as const) {
      const takes = Array.from({ length: 80 }, (_, i) => stores[i % 2]!.take(key, 1, limit, window, now + (i % 7)));
      const results = await Promise.all(takes);
      expect(results.filter((r) => r.ok).length, key).toBe(limit);
      expect(await stores[0]!.used(key, window, now + 10)).toBe(limit);
    }
  });
});

describe('the app without Redis, restarted mid-window', () => {
  const SECRET = randomBytes(32).toString('hex');

  /** One app process: the runtime as `npm start` builds it (no REDIS_URL), connectors on the simulator. */
  async function startProcess(origin: string, env: Record<string, string>) {
    const db = await sameDatabase();
    const config = loadConfig({ APP_SECRET: SECRET, DATA_DIR: '/tmp/pulseboard-test-unused', ...env });
    expect(config.redisUrl).toBeFalsy();
    const runtime = await createRuntime(config, db, {
      log: pino({ level: process.env.SYNC_DEBUG ? 'warn' : 'silent' }),
      work: false,
      connectors: { origin, credentials: { clientId: 'pulseboard-test', clientSecret: 'sim-secret' } },
    });
    const app = await buildApp(runtime.services);
    await app.ready();
    let stopped = false;
    // The crash: the process goes away; only the database remains.
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      await app.close();
      await runtime.close();
    };
    closers.push(stop);
    return { db, runtime, app, stop };
  }

  async function world(sim: Partial<SimulatorOptions>): Promise<{ sim: Simulator; origin: string }> {
    // The simulator is the platform: it outlives our restarts and keeps its own count.
    const s = createSimulator({ seed: 11, accounts: 1, postsPerAccount: 150, historyDays: 60, futureDays: 0, ...sim });
    const origin = await s.listen(0);
    closers.push(() => s.close());
    return { sim: s, origin };
  }

  async function connect(p: Awaited<ReturnType<typeof startProcess>>, sim: Simulator, userId: number, platform: Platform): Promise<number> {
    const info = sim.accounts(platform)[0]!;
    const tokens = sim.tokens(platform, 0);
    const box = p.runtime.services.sync!.box;
    const account = await upsertAccount(p.db, userId, {
      platform,
      externalId: info.externalId,
      handle: info.handle,
      accessTokenEnc: box.seal(tokens.accessToken),
      refreshTokenEnc: box.seal(tokens.refreshToken),
      tokenExpiresAt: tokens.expiresAt,
    });
    return account.id;
  }

  async function budgetsOf(p: Awaited<ReturnType<typeof startProcess>>, auth: { authorization: string }) {
    const res = await p.app.inject({ method: 'GET', url: '/api/v1/analytics/sync/status', headers: auth });
    expect(res.statusCode).toBe(200);
    return (res.json() as { budgets: { api: string; account_id: string | null; used: number; limit: number }[] }).budgets;
  }

  it('Instagram: a crash loop within the hour never sends more than the hourly budget, and status says what was used', async () => {
    const LIMIT = 6;
    // The platform's own limit is the real 200/h: it would not stop us, only our budget can.
    const { sim, origin } = await world({});
    const env = { BUDGET_INSTAGRAM_PER_HOUR: String(LIMIT) };
    let p = await startProcess(origin, env);
    const user = await register(p.app);
    const id = await connect(p, sim, user.id, 'instagram');
    const publicId = await publicIdOf(p.db, 'account', id);

    const first = await p.runtime.engine.syncAccount(user.id, id, 'connect');
    expect(first.status).toBe('deferred');
    expect(first.requests).toBe(LIMIT);

    // Crash and restart, three times, each a few seconds into the same hour.
    for (let restart = 0; restart < 3; restart++) {
      await p.stop();
      p = await startProcess(origin, env);
      const instagram = (await budgetsOf(p, user.auth)).find((b) => b.api === 'instagram' && b.account_id === publicId);
      expect(instagram, 'status right after the restart').toMatchObject({ used: LIMIT, limit: LIMIT });
      const again = await p.runtime.engine.syncAccount(user.id, id, 'schedule');
      expect(again.status).toBe('deferred');
      expect(again.requests).toBe(0);
    }

    const stats = sim.stats();
    expect(stats.platforms.instagram.requests).toBe(LIMIT);
    expect(stats.platforms.instagram.limited).toBe(0);
  });

  it('YouTube: the Pacific-day unit quota stays spent across restarts', async () => {
    const UNITS = 4;
    const { sim, origin } = await world({ limits: { youtubeUnitsPerDay: UNITS } });
    const env = { BUDGET_YOUTUBE_UNITS_PER_DAY: String(UNITS) };
    let p = await startProcess(origin, env);
    const user = await register(p.app);
    const id = await connect(p, sim, user.id, 'youtube');

    const first = await p.runtime.engine.syncAccount(user.id, id, 'connect');
    expect(first.status, JSON.stringify(first)).toBe('deferred');
    expect(first.units).toBe(UNITS);
    const midnight = nextMidnightPacific(new Date()).getTime();
    expect(Date.parse(first.retry_at!)).toBe(midnight);

    for (let restart = 0; restart < 2; restart++) {
      await p.stop();
      p = await startProcess(origin, env);
      const quota = (await budgetsOf(p, user.auth)).find((b) => b.api === 'youtube-data');
      expect(quota, 'status right after the restart').toMatchObject({ used: UNITS, limit: UNITS });
      const again = await p.runtime.engine.syncAccount(user.id, id, 'schedule');
      expect(again.status).toBe('deferred');
      expect(again.units).toBe(0);
      expect(Date.parse(again.retry_at!)).toBe(midnight);
    }

    // The simulator's own daily quota never had to refuse, and counted no more than the budget.
    const stats = sim.stats();
    expect(stats.platforms.youtube.limited).toBe(0);
    const daily = stats.windows.filter((w) => w.platform === 'youtube' && w.limiter === 'youtube-data');
    expect(daily.length).toBeGreaterThan(0);
    for (const w of daily) expect(w.peak).toBeLessThanOrEqual(UNITS);
  });
});
