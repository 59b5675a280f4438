/**
 * Two workers sharing one BullMQ queue, Redis locks and Redis budgets never
 * sync the same account at the same time. Needs TEST_REDIS_URL (CI's second run).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { PLATFORMS, type Platform } from '../src/analytics/catalog.js';
import { loadConfig } from '../src/config.js';
import { secretBox } from '../src/auth/secret-box.js';
import { bullmqQueue, redisLocks } from '../src/queue/bullmq.js';
import type { JobQueue, Locks } from '../src/queue/types.js';
import type { PlatformConnector } from '../src/platforms/types.js';
import { BudgetGate } from '../src/sync/budget-gate.js';
import { redisBudgetStore } from '../src/sync/budget-store.js';
import { createConnectors, type Connectors } from '../src/sync/connectors.js';
import { SyncEngine } from '../src/sync/engine.js';
import { SYNC_TEST_SECRET, startSyncHarness, type SyncHarness } from './helpers/sync.js';
import { syncJobHandlers } from '../src/jobs/handlers/sync.js';

const redisUrl = process.env.TEST_REDIS_URL;
const closers: { close(): Promise<void> }[] = [];
let s: SyncHarness | undefined;
afterAll(async () => {
  for (const c of closers.reverse()) await c.close();
  await s?.close();
});

describe.skipIf(!redisUrl)('two workers on Redis', () => {
  it('never sync one account twice at once, and every queued sync runs', async () => {
    const url = redisUrl!;
    const tag = randomBytes(4).toString('hex');
    s = await startSyncHarness({ sim: { accounts: 2, postsPerAccount: 40, futureDays: 0 } });
    const settings = loadConfig({ APP_SECRET: 'x'.repeat(40), DATA_DIR: '/tmp/pulseboard-test-unused' }).platforms;
    const active = new Map<string, number>();
    let overlaps = 0;
    let streams = 0;

    // Connectors whose sync streams are counted per account, shared by both workers' bookkeeping.
    const counted = (connectors: Connectors): Connectors =>
      Object.fromEntries(
        PLATFORMS.map((p) => {
          const c = connectors[p];
          const wrapped: PlatformConnector = {
            ...c,
            sync: async function* (request) {
              const key = `${p}:${request.externalId}`;
              const now = (active.get(key) ?? 0) + 1;
              active.set(key, now);
              streams += 1;
              if (now > 1) overlaps += 1;
              try {
                // Hold the stream open a little so overlapping runs would really overlap.
                await new Promise((r) => setTimeout(r, 30));
                yield* c.sync(request);
              } finally {
                active.set(key, (active.get(key) ?? 1) - 1);
              }
            },
          };
          return [p, wrapped];
        }),
      ) as Connectors;

    const workers: { engine: SyncEngine; queue: JobQueue; locks: Locks }[] = [];
    for (let i = 0; i < 2; i++) {
      const queue = bullmqQueue(url, `pbtest-workers-${tag}`);
      const locks = redisLocks(url, `pbtest:${tag}:lock:`);
      const store = redisBudgetStore(url, `pbtest:${tag}:budget:`);
      closers.push(queue, locks, store);
      const engine = new SyncEngine({
        db: s.h.t.db,
        ingest: s.h.services.ingest,
        connectors: counted(createConnectors(settings, { origin: s.origin, credentials: { clientId: 'c', clientSecret: 's' }, now: s.clock.now })),
        gate: new BudgetGate(settings.budgets, store, { now: () => s!.clock.now().getTime() }),
        locks,
        queue,
        box: secretBox(SYNC_TEST_SECRET),
        now: () => s!.clock.now().getTime(),
      });
      workers.push({ engine, queue, locks });
    }
    const accounts: number[] = [];
    for (const p of PLATFORMS as readonly Platform[]) for (const i of [0, 1]) accounts.push(await s.connect(p, i));
    // Every account queued under several reasons (distinct job ids), from both workers' queues.
    for (const [w, reason] of [[0, 'manual'], [1, 'webhook'], [0, 'hot-posts'], [1, 'connect']] as const) {
      for (const id of accounts) await workers[w]!.engine.enqueue(s.user.id, id, reason);
    }
    for (const w of workers) await w.queue.start(syncJobHandlers(w.engine), 4);
    await workers[0]!.queue.idle();
    await new Promise((r) => setTimeout(r, 200));
    await workers[0]!.queue.idle();

    expect(overlaps).toBe(0);
    expect(streams).toBeGreaterThanOrEqual(accounts.length);
    const runs = await s.h.t.db.query<{ account_id: number; n: number }>(
      "SELECT account_id, count(*)::int AS n FROM sync_runs WHERE user_id = $1 AND status = 'success' GROUP BY account_id",
      [s.user.id],
    );
    expect(runs.map((r) => r.account_id).sort((a, b) => a - b)).toEqual([...accounts].sort((a, b) => a - b));
  });
});
