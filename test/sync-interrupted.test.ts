/**
 * Sync runs a dead process left 'running' (issue 10, item 3): a process killed
 * mid-sync leaves its run row saying running. The next start (and, in a worker
 * fleet, whoever takes the account's lock once it is free) closes it as
 * 'interrupted', queues the account again, and the sync status counts it as a
 * run that did not succeed.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { hashPassword } from '../src/auth/passwords.js';
import { secretBox } from '../src/auth/secret-box.js';
import { loadConfig } from '../src/config.js';
import { openDb, type Db } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { upsertAccount } from '../src/db/repositories/accounts.js';
import { dueAccounts, startRun } from '../src/db/repositories/sync.js';
import { createUser } from '../src/db/repositories/users.js';
import { syncJobHandlers } from '../src/jobs/handlers/sync.js';
import { redisLocks } from '../src/queue/bullmq.js';
import { inProcessLocks } from '../src/queue/in-process.js';
import type { Locks } from '../src/queue/types.js';
import { createRuntime } from '../src/runtime.js';
import { createSimulator, type Simulator } from '../src/simulator/index.js';
import { LOCK_TTL_MS } from '../src/sync/engine.js';
import { installConformance } from './helpers/conformance.js';
import { createTestDb, testEngine, type TestDb } from './helpers/db.js';
import { startSyncHarness, type SyncHarness } from './helpers/sync.js';

interface RunRow {
  id: number;
  status: string;
  finished_at: Date | null;
  error_kind: string | null;
}
const runsOf = (db: Db, accountId: number) =>
  db.query<RunRow>('SELECT id, status, finished_at, error_kind FROM sync_runs WHERE account_id = $1 ORDER BY id', [accountId]);

describe('a run left running by a dead process (engine, account locks)', () => {
  let s: SyncHarness;
  let locks: Locks;
  beforeAll(async () => {
    // With Redis, the locks every worker of a fleet shares.
    locks = process.env.TEST_REDIS_URL ? redisLocks(process.env.TEST_REDIS_URL, `pbtest:lock:${randomBytes(4).toString('hex')}:`) : inProcessLocks();
    s = await startSyncHarness({ locks });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('is closed as interrupted by whoever gets its account lock, never while the lock is held; the account is synced again', async () => {
    const db = s.h.t.db;
    const accountId = await s.connect('instagram');
    expect((await s.engine.syncAccount(s.user.id, accountId, 'connect')).status).toBe('success');
    // What a process leaves when it dies between starting a run and recording its outcome.
    const dead = await startRun(db, { userId: s.user.id, accountId, platform: 'instagram', tier: 'regular', reason: 'manual', startedAt: s.clock.now() });
    s.clock.advance(60_000);

    // A held lock: a live sync, or a dead worker's lock that has not expired. Not ours to judge yet.
    const held = await locks.tryAcquire(`account-${accountId}`, LOCK_TTL_MS);
    expect(held).not.toBeNull();
    expect(await s.engine.recoverInterrupted()).toBe(0);
    expect((await runsOf(db, accountId)).at(-1)).toMatchObject({ id: dead, status: 'running' });
    await held!();

    expect(await s.engine.recoverInterrupted()).toBe(1);
    expect((await runsOf(db, accountId)).at(-1)).toMatchObject({ id: dead, status: 'interrupted', error_kind: 'interrupted', finished_at: expect.any(Date) });
    const [account] = await db.query<{ last_sync_status: string; next_sync_at: Date }>('SELECT last_sync_status, next_sync_at FROM platform_accounts WHERE id = $1', [accountId]);
    expect(account!.last_sync_status).toBe('interrupted');
    expect(new Date(account!.next_sync_at).getTime()).toBe(s.clock.now().getTime());
    expect((await dueAccounts(db, s.clock.now(), 100)).map((a) => a.id)).toContain(accountId);
    // A second pass finds nothing left to close.
    expect(await s.engine.recoverInterrupted()).toBe(0);

    // The account was queued again: running the queue syncs it.
    await s.queue.start(syncJobHandlers(s.engine), 1);
    await s.queue.idle();
    const runs = await runsOf(db, accountId);
    expect(runs.map((r) => r.status)).toEqual(['success', 'interrupted', 'success']);

    const status = await s.h.app.inject({ method: 'GET', url: '/api/v1/analytics/sync/status', headers: s.user.auth });
    expect(status.statusCode).toBe(200);
    const instagram = status.json().platforms.find((p: { platform: string }) => p.platform === 'instagram');
    expect(instagram).toMatchObject({ runs: 3, successes: 2, interrupted: 1, success_rate: 66.67 });
  });
});

describe(`a sync process killed mid-run, then started again (${testEngine})`, () => {
  const APP_SECRET = randomBytes(32).toString('hex');
  const CREDENTIALS = { clientId: 'pulseboard-test', clientSecret: 'sim-secret' };
  let sim: Simulator;
  let origin: string;
  let dataDir: string;
  let t: TestDb | null = null;

  beforeAll(async () => {
    sim = createSimulator({ seed: 11, accounts: 1, postsPerAccount: 30, historyDays: 60, futureDays: 5 });
    origin = await sim.listen(0);
    dataDir = mkdtempSync(join(tmpdir(), 'pb-crash-'));
    if (testEngine === 'postgres') t = await createTestDb();
  });
  afterAll(async () => {
    await t?.close();
    await sim?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The database a process opens: the server's test database, or a PGlite data directory (one process at a time). */
  const open = async (): Promise<Db> => t?.db ?? openDb({ databaseUrl: null, pgliteDir: join(dataDir, 'pglite') });
  const release = async (db: Db) => {
    if (!t) await db.close();
  };

  /** Runs the child until its manual sync is under way, then SIGKILLs it. Returns the id of the run it was in. */
  async function killMidSync(userId: number, accountId: number): Promise<number> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/sync-crash-child.ts'], {
      cwd: join(import.meta.dirname, '..'),
      env: {
        ...process.env,
        PB_CRASH_APP_SECRET: APP_SECRET,
        PB_CRASH_USER_ID: String(userId),
        PB_CRASH_ACCOUNT_ID: String(accountId),
        PB_CRASH_SIM_ORIGIN: origin,
        ...(t ? { PB_CRASH_DATABASE_URL: t.url! } : { PB_CRASH_PGLITE_DIR: join(dataDir, 'pglite') }),
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    // Whatever goes wrong below, the child does not outlive the test.
    setTimeout(() => child.kill('SIGKILL'), 120_000).unref();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    let runId = 0;
    for await (const line of createInterface({ input: child.stdout })) {
      if (line === 'SYNCED success') {
        // Slow answers keep the next sync mid-run long enough to be killed there.
        sim.addFault({ kind: 'slow', delayMs: 2000 });
        child.stdin.write('go\n');
      } else if (line.startsWith('RUNNING ')) {
        runId = Number(line.slice('RUNNING '.length));
        child.kill('SIGKILL');
        break;
      } else {
        child.kill('SIGKILL');
        throw new Error(`unexpected output from the child: ${line}`);
      }
    }
    const signal = await exited;
    sim.clearFaults();
    expect(signal, stderr).toBe('SIGKILL');
    expect(runId, stderr).toBeGreaterThan(0);
    return runId;
  }

  it('the killed run is closed as interrupted at start, the account is synced again, and the status counts it', { timeout: 180_000 }, async () => {
    // Set up as the app would: a user with one connected TikTok account.
    let db = await open();
    await migrate(db);
    const user = (await createUser(db, `crash-${randomBytes(3).toString('hex')}@example.test`, await hashPassword('a long enough password')))!;
    const box = secretBox(APP_SECRET);
    const tokens = sim.tokens('tiktok', 0);
    const account = await upsertAccount(db, user.id, {
      platform: 'tiktok',
      externalId: sim.accounts('tiktok')[0]!.externalId,
      accessTokenEnc: box.seal(tokens.accessToken),
      refreshTokenEnc: box.seal(tokens.refreshToken),
      tokenExpiresAt: tokens.expiresAt,
    });
    await release(db);

    const killed = await killMidSync(user.id, account.id);

    db = await open();
    expect((await runsOf(db, account.id)).map((r) => [r.id === killed, r.status])).toEqual([
      [false, 'success'],
      [true, 'running'],
    ]);
    // The account is not due (its first sync succeeded moments ago): only recovery brings the killed work back.
    expect((await dueAccounts(db, new Date(), 100)).map((a) => a.id)).not.toContain(account.id);

    // Start again, as npm start does: the runtime with its worker.
    const config = loadConfig({ APP_SECRET, DATA_DIR: dataDir, DEMO: 'false', LOG_LEVEL: 'silent' });
    const runtime = await createRuntime(config, db, { log: pino({ level: 'silent' }), work: true, connectors: { origin, credentials: CREDENTIALS } });
    try {
      await runtime.queue.idle();
      const runs = await runsOf(db, account.id);
      expect(runs.find((r) => r.id === killed)).toMatchObject({ status: 'interrupted', error_kind: 'interrupted', finished_at: expect.any(Date) });
      expect(runs.filter((r) => r.id > killed).map((r) => r.status)).toContain('success');
      expect(runs.filter((r) => r.status === 'running')).toEqual([]);

      const app = await buildApp(runtime.services);
      const conformance = installConformance(app);
      await app.ready();
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: 'a long enough password' } });
      const res = await app.inject({ method: 'GET', url: '/api/v1/analytics/sync/status', headers: { authorization: `Bearer ${login.json().token}` } });
      await app.close();
      conformance.assertConforming();
      expect(res.statusCode).toBe(200);
      const tiktok = res.json().platforms.find((p: { platform: string }) => p.platform === 'tiktok');
      expect(tiktok.interrupted).toBe(1);
      expect(tiktok.runs).toBe(runs.length);
      expect(tiktok.successes).toBe(runs.length - 1);
      expect(tiktok.success_rate).toBe(Math.round((10_000 * (runs.length - 1)) / runs.length) / 100);
      expect(tiktok.success_rate).toBeLessThan(100);
    } finally {
      await runtime.close();
      await release(db);
    }
  });
});
