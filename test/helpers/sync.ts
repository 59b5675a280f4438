/**
 * A sync engine wired to a fresh test app and a local simulator, on one
 * manual clock: the platforms, the engine's schedule and the observations'
 * timestamps all agree on what time it is.
 */
import { loadConfig } from '../../src/config.js';
import type { Platform } from '../../src/analytics/catalog.js';
import { upsertAccount } from '../../src/db/repositories/accounts.js';
import { inProcessLocks, inProcessQueue } from '../../src/queue/in-process.js';
import type { JobQueue, Locks } from '../../src/queue/types.js';
import { createSimulator, manualClock, type ManualClock, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import type { BudgetGate } from '../../src/sync/budget-gate.js';
import { dbBudgetStore, type BudgetStore } from '../../src/sync/budget-store.js';
import type { SyncEngine } from '../../src/sync/engine.js';
import { createSyncStack } from '../../src/sync/stack.js';
import { publishSyncStatus } from '../../src/realtime/publishers.js';
import { createTestApp, register, type TestApp } from './app.js';

export const SIM_START = new Date('2026-06-15T12:00:00Z');
export const SYNC_TEST_SECRET = 'sync-test-secret';

export interface SyncHarness {
  h: TestApp;
  sim: Simulator;
  /** The simulator's origin, for building more connectors. */
  origin: string;
  clock: ManualClock;
  engine: SyncEngine;
  gate: BudgetGate;
  queue: JobQueue;
  user: Awaited<ReturnType<typeof register>>;
  /** Connects simulator account `index` of `platform` to the test user; returns the account id. */
  connect(platform: Platform, index?: number): Promise<number>;
  close(): Promise<void>;
}

export interface SyncHarnessOptions {
  sim?: Partial<SimulatorOptions>;
  env?: Record<string, string>;
  store?: BudgetStore;
  locks?: Locks;
  queue?: JobQueue;
}

export async function startSyncHarness(o: SyncHarnessOptions = {}): Promise<SyncHarness> {
  const clock = manualClock(SIM_START);
  const sim = createSimulator({ seed: 7, now: clock.now, accounts: 2, postsPerAccount: 60, historyDays: 120, futureDays: 10, ...o.sim });
  const origin = await sim.listen(0);
  const settings = loadConfig({ APP_SECRET: 'x'.repeat(40), DATA_DIR: '/tmp/pulseboard-test-unused', ...o.env }).platforms;
  const now = () => clock.now().getTime();
  const queue = o.queue ?? inProcessQueue();
  const locks = o.locks ?? inProcessLocks();
  const h = await createTestApp({}, {
    sync: ({ db, ingest, events }) =>
      createSyncStack({
        db,
        ingest,
        onStatus: publishSyncStatus(events, db),
        settings,
        appSecret: SYNC_TEST_SECRET,
        queue,
        locks,
        // The app's own store without Redis: budgets in the test database.
        store: o.store ?? dbBudgetStore(db),
        connectors: { origin, credentials: { clientId: 'pulseboard-test', clientSecret: 'sim-secret' }, now: clock.now },
        now,
        // Waiting for a budget window moves the simulated clock instead of the test's wall time.
        sleep: async (ms) => void clock.advance(ms),
        random: () => 0.5,
        waitMs: Number(o.env?.SYNC_WAIT_MS ?? 5000),
        // SYNC_DEBUG=1 shows why a sync failed (the engine keeps internals out of results).
        ...(process.env.SYNC_DEBUG ? { log: { info() {}, warn: (obj: object, m: string) => console.warn(m, obj), error: (obj: object, m: string) => console.error(m, obj) } } : {}),
      }),
  });
  const { engine, gate, box } = h.services.sync!;
  const user = await register(h.app);
  return {
    h,
    sim,
    origin,
    clock,
    engine,
    gate,
    queue,
    user,
    async connect(platform, index = 0) {
      const info = sim.accounts(platform)[index]!;
      const tokens = sim.tokens(platform, index);
      const account = await upsertAccount(h.t.db, user.id, {
        platform,
        externalId: info.externalId,
        handle: info.handle,
        accessTokenEnc: box.seal(tokens.accessToken),
        refreshTokenEnc: box.seal(tokens.refreshToken),
        tokenExpiresAt: tokens.expiresAt,
      });
      return account.id;
    },
    async close() {
      await queue.close();
      await locks.close();
      await gate.store.close();
      await h.close();
      await sim.close();
    },
  };
}
