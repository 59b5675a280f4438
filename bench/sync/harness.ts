/**
 * The benchmark's wiring: the engine built by the app's own createSyncStack
 * (src/sync/stack.ts) from the benchmark's parts, without importing from
 * test/: one manual clock shared by the simulator (counters,
 * rate-limit windows, tokens), the connectors (observation times), the budget
 * gate and the engine; the real app (buildApp, reached with app.inject) on a
 * fresh database; the engine's jobs on a manual-clock queue.
 *
 * The budget gate's inline waits advance the clock instead of sleeping: a
 * sleeper moves the clock to at least the instant it waits for, so waits of
 * concurrent syncs overlap (two syncs waiting for the same window move the
 * clock once), as they would in real time.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../src/analytics/catalog.js';
import { buildApp } from '../../src/app.js';
import type { SecretBox } from '../../src/auth/secret-box.js';
import { tokenService } from '../../src/auth/tokens.js';
import { memoryCache, type Cache } from '../../src/cache/cache.js';
import { loadConfig } from '../../src/config.js';
import { upsertAccount } from '../../src/db/repositories/accounts.js';
import { createUser, findUserForLogin } from '../../src/db/repositories/users.js';
import { inProcessLocks } from '../../src/queue/in-process.js';
import type { Locks } from '../../src/queue/types.js';
import { appIngest, createServices, type Services } from '../../src/services.js';
import { createSimulator, manualClock, type ManualClock, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import type { BudgetGate } from '../../src/sync/budget-gate.js';
import { dbBudgetStore, memoryBudgetStore, type BudgetStore } from '../../src/sync/budget-store.js';
import type { AccountSyncResult, SyncEngine } from '../../src/sync/engine.js';
import { createSyncStack } from '../../src/sync/stack.js';
import { createBenchDb, type BenchDb, type EngineName } from './db.js';
import { manualQueue, type ManualQueue } from './manual-queue.js';
import { syncJobHandlers } from '../../src/jobs/handlers/sync.js';

export interface BenchUser {
  id: number;
  auth: { authorization: string };
}

export interface RunRecord extends AccountSyncResult {
  /** Simulated instants (ms) the run started and finished, and its wall time (ms). */
  simStartedAt: number;
  simFinishedAt: number;
  wallMs: number;
}

export interface Harness {
  bdb: BenchDb;
  app: FastifyInstance;
  services: Services;
  sim: Simulator;
  origin: string;
  clock: ManualClock;
  engine: SyncEngine;
  gate: BudgetGate;
  queue: ManualQueue;
  box: SecretBox;
  concurrency: number;
  /** Every finished sync run, in order. */
  runs: RunRecord[];
  /** Every unit the budget gate let through: budget key, cost, simulated instant. */
  takes: Take[];
  /** Simulated ms the budget gate spent waiting inline (the clock moved for it). */
  gateWaitMs(): number;
  /** Registers a user through the API (first call) or creates one directly (argon2 costs ~0.1 s a user). */
  user(): Promise<BenchUser>;
  connect(user: BenchUser, platform: Platform, index: number): Promise<number>;
  close(): Promise<void>;
}

export interface Take {
  key: string;
  cost: number;
  at: number;
}

/** The in-memory budget store, recording what it let through (the gate's view of what was sent). */
function recordingStore(inner: BudgetStore, takes: Take[]): BudgetStore {
  return {
    async take(key, cost, limit, window, now) {
      const r = await inner.take(key, cost, limit, window, now);
      if (r.ok && cost > 0) takes.push({ key, cost, at: now });
      return r;
    },
    used: (key, window, now) => inner.used(key, window, now),
    block: (key, until) => inner.block(key, until),
    close: () => inner.close(),
  };
}

export interface HarnessOptions {
  engine: EngineName;
  start: Date;
  sim: Omit<SimulatorOptions, 'now'>;
}

/** Budget and concurrency settings pass through from the environment (defaults: the spec's). */
function platformEnv(): Record<string, string> {
  // Not the demo: its Instagram budget is ten times Meta's 200 calls/hour (config-platforms.ts), and the simulator enforces Meta's.
  const out: Record<string, string> = { DEMO: 'false' };
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && (k.startsWith('BUDGET_') || k === 'SYNC_CONCURRENCY')) out[k] = v;
  return out;
}

/** A small deterministic PRNG (mulberry32) for the engine's retry jitter. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function startHarness(o: HarnessOptions): Promise<Harness> {
  const clock = manualClock(o.start);
  const now = () => clock.now().getTime();
  const sim = createSimulator({ ...o.sim, now: clock.now });
  const origin = await sim.listen(0);
  const bdb = await createBenchDb(o.engine);
  const appSecret = randomBytes(32).toString('hex');
  const config = loadConfig({ APP_SECRET: appSecret, DATA_DIR: '/tmp/pulseboard-syncbench-unused', LOG_LEVEL: 'silent', ...platformEnv() });
  const cache: Cache = memoryCache(config.cacheTtlSeconds);
  let waited = 0;
  const sleep = async (ms: number) => {
    const target = now() + ms;
    if (target > now()) {
      waited += target - now();
      clock.set(new Date(target));
    }
  };
  const takes: Take[] = [];
  const queue = manualQueue(clock);
  const locks: Locks = inProcessLocks();
  const runs: RunRecord[] = [];
  // onRun fires at the end of a run; its start is noted when syncAccount is called.
  const starts = new Map<number, { sim: number; wall: number }[]>();
  // The app's own wiring (src/sync/stack.ts), handed the benchmark's parts.
  const ingest = appIngest(bdb.db, cache);
  const sync = createSyncStack({
    db: bdb.db,
    ingest,
    settings: config.platforms,
    appSecret,
    queue,
    locks,
    // As the app without Redis: budgets in the database. BENCH_SYNC_BUDGETS=memory compares with the in-process store.
    store: recordingStore(process.env.BENCH_SYNC_BUDGETS === 'memory' ? memoryBudgetStore() : dbBudgetStore(bdb.db), takes),
    connectors: { origin, credentials: { clientId: 'pulseboard-bench', clientSecret: 'sim-secret' }, now: clock.now },
    now,
    sleep,
    random: prng(o.sim.seed ^ 0x5eed),
    ...(process.env.SYNC_DEBUG ? { log: { info() {}, warn: (x: object, m: string) => console.warn(m, x), error: (x: object, m: string) => console.error(m, x) } } : {}),
    onRun(r) {
      const s = starts.get(r.account_id)?.shift();
      runs.push({ ...r, simStartedAt: s?.sim ?? now(), simFinishedAt: now(), wallMs: s ? performance.now() - s.wall : 0 });
    },
  });
  const { engine, gate, box } = sync;
  const services = createServices({ config, db: bdb.db, cache, tokens: tokenService(appSecret, 24 * 3600), ingest, sync });
  const app = await buildApp(services);
  await app.ready();
  // Note each sync's start (the engine's own clock) so runs have a duration.
  const original = engine.syncAccount.bind(engine);
  engine.syncAccount = async (userId, accountId, reason) => {
    const list = starts.get(accountId) ?? [];
    list.push({ sim: now(), wall: performance.now() });
    starts.set(accountId, list);
    const r = await original(userId, accountId, reason);
    // A skipped sync never reaches onRun: forget its start.
    if (r.status === 'skipped' && r.tier === null) starts.get(accountId)?.pop();
    return r;
  };
  await queue.start(syncJobHandlers(engine), config.platforms.syncConcurrency);

  let registered = false;
  let n = 0;
  return {
    bdb,
    app,
    services,
    sim,
    origin,
    clock,
    engine,
    gate,
    queue,
    box,
    concurrency: config.platforms.syncConcurrency,
    runs,
    takes,
    gateWaitMs: () => waited,
    async user() {
      n += 1;
      const email = `bench-${n}-${randomBytes(3).toString('hex')}@example.test`;
      if (!registered) {
        registered = true;
        const res = await app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email, password: 'a long enough password' } });
        if (res.statusCode !== 201) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
        const body = res.json() as { token: string };
        // The API names the user by its UUID; the harness plants rows by the database key.
        const stored = await findUserForLogin(services.db, email);
        if (!stored) throw new Error('the registered user is not stored');
        return { id: stored.id, auth: { authorization: `Bearer ${body.token}` } };
      }
      const row = await createUser(services.db, email, 'not-a-real-hash');
      if (!row) throw new Error('createUser returned nothing');
      return { id: row.id, auth: { authorization: `Bearer ${await services.tokens.issue(row.id, 0)}` } };
    },
    async connect(user, platform, index) {
      const info = sim.accounts(platform)[index]!;
      const tokens = sim.tokens(platform, index);
      const account = await upsertAccount(services.db, user.id, {
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
      await app.close();
      await cache.close();
      await sim.close();
      await bdb.close();
    },
  };
}
