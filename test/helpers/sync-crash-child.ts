/**
 * A process to kill mid-sync (test/sync-interrupted.test.ts), run with tsx.
 *
 * It opens the database named by its environment (PB_CRASH_DATABASE_URL, or a
 * PGlite data directory PB_CRASH_PGLITE_DIR), syncs one account against the
 * simulator at PB_CRASH_SIM_ORIGIN once to the end and prints "SYNCED", then
 * waits for a line on stdin and starts a manual sync, printing "RUNNING <run
 * id>" as soon as its run row says running and the platform has answered. The
 * test SIGKILLs it there, so nothing after that line is ever reached.
 */
import { createInterface } from 'node:readline';
import { memoryCache } from '../../src/cache/cache.js';
import { loadConfig } from '../../src/config.js';
import { openDb } from '../../src/db/client.js';
import { inProcessLocks, inProcessQueue } from '../../src/queue/in-process.js';
import { appIngest } from '../../src/services.js';
import { memoryBudgetStore } from '../../src/sync/budget-store.js';
import { createSyncStack } from '../../src/sync/stack.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const appSecret = env('PB_CRASH_APP_SECRET');
const userId = Number(env('PB_CRASH_USER_ID'));
const accountId = Number(env('PB_CRASH_ACCOUNT_ID'));
const db = await openDb({ databaseUrl: process.env.PB_CRASH_DATABASE_URL ?? null, pgliteDir: process.env.PB_CRASH_PGLITE_DIR ?? null });
let announce: (() => void) | null = null;
const { engine } = createSyncStack({
  db,
  ingest: appIngest(db, memoryCache(60)),
  settings: loadConfig({ APP_SECRET: appSecret, DATA_DIR: '/tmp/pulseboard-test-unused' }).platforms,
  appSecret,
  queue: inProcessQueue(),
  locks: inProcessLocks(),
  store: memoryBudgetStore(),
  connectors: { origin: env('PB_CRASH_SIM_ORIGIN'), credentials: { clientId: 'pulseboard-test', clientSecret: 'sim-secret' } },
  // A platform response means the run row is written and the sync is under way.
  onResponse: () => {
    const a = announce;
    announce = null;
    a?.();
  },
});

const first = await engine.syncAccount(userId, accountId, 'connect');
process.stdout.write(`SYNCED ${first.status}\n`);
const lines = createInterface({ input: process.stdin });
await new Promise<void>((resolve) => lines.once('line', () => resolve()));
announce = () => {
  void db.query<{ id: number }>(`SELECT id FROM sync_runs WHERE account_id = $1 AND status = 'running'`, [accountId]).then((rows) => {
    process.stdout.write(`RUNNING ${rows[0]?.id ?? 'none'}\n`);
  });
};
const second = await engine.syncAccount(userId, accountId, 'manual');
// Only reached if the test did not kill this process in time.
process.stdout.write(`FINISHED ${second.status}\n`);
process.exit(0);
