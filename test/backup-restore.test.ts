/**
 * Backup and restore round trip (issue 11, item 6), on the engine the run uses
 * (PGlite: a data directory on disk; PostgreSQL: TEST_DATABASE_URL's server).
 *
 * Two users with data on every platform, a second rollup zone, a report and a
 * ledger entry; every GET answer of the API is read for both. Then
 * `npm run backup -- FILE` and `npm run restore -- FILE` run as child processes
 * (the way an operator runs them), into an empty target; an app on the restored
 * database must give every answer identically. A restore into a target that
 * holds users is refused and changes nothing; with --force it replaces it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../src/analytics/catalog.js';
import { openDb } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { answerDifferences, collectAnswers } from './helpers/api-answers.js';
import { createTestApp, register, type TestApp } from './helpers/app.js';
import { makeDataset } from './helpers/dataset.js';
import { testEngine, type TestDb } from './helpers/db.js';
import { makeAccount } from './helpers/fixtures.js';

const APP_SECRET = randomBytes(32).toString('hex');
const work = mkdtempSync(join(tmpdir(), 'pulseboard-backup-'));
const file = join(work, 'pulseboard.backup');
const serverUrl = process.env.TEST_DATABASE_URL;
const targetName = `pulseboard_restore_${process.pid}_${randomBytes(3).toString('hex')}`;
const sourceName = `pulseboard_backup_${process.pid}_${randomBytes(3).toString('hex')}`;

/** Runs an npm script the way an operator does; resolves with its exit code and output. */
function npmRun(script: string, args: string[], env: { DATA_DIR: string; DATABASE_URL?: string }): Promise<{ code: number | null; out: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, APP_SECRET };
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '-s', script, '--', ...args], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(sql);
  await client.end();
}

function urlOf(name: string): string {
  const u = new URL(serverUrl!);
  u.pathname = `/${name}`;
  return u.toString();
}

/** The source database: a PGlite directory under work/source, or a fresh PostgreSQL database (kept after the app closes). */
async function sourceDb(): Promise<TestDb> {
  if (testEngine === 'postgres') await admin(`CREATE DATABASE ${sourceName}`);
  const url = testEngine === 'postgres' ? urlOf(sourceName) : null;
  const db = await openDb({ databaseUrl: url, pgliteDir: url ? null : join(work, 'source', 'pglite') });
  await migrate(db);
  return { db, url, close: () => db.close() };
}

/** The restored database, opened like the app opens it (no migrations: the restore ran them). */
async function restoredDb(): Promise<TestDb> {
  const db = await openDb({ databaseUrl: testEngine === 'postgres' ? urlOf(targetName) : null, pgliteDir: join(work, 'target', 'pglite') });
  return { db, url: null, close: () => db.close() };
}

const sourceEnv = (src: TestDb) => ({ DATA_DIR: join(work, 'source'), ...(src.url ? { DATABASE_URL: src.url } : {}) });
const targetEnv = () => ({ DATA_DIR: join(work, 'target'), ...(testEngine === 'postgres' ? { DATABASE_URL: urlOf(targetName) } : {}) });

interface User {
  id: number;
  auth: { authorization: string };
}
const users: User[] = [];
const before: Map<string, unknown>[] = [];
let source: TestDb;

beforeAll(async () => {
  source = await sourceDb();
  const h = await createTestApp({ APP_SECRET }, { db: source });
  try {
    for (const [n, tz] of ['UTC', 'America/Los_Angeles'].entries()) {
      const user = await register(h.app, tz);
      users.push(user);
      for (const [platform, batch] of makeDataset(40 + n, new Date(Date.now() - 86_400_000), 60).batches) {
        const accountId = await makeAccount(h.t.db, user.id, platform as Platform);
        await h.services.ingest({ ...batch, userId: user.id, accountId });
      }
      const today = new Date().toISOString().slice(0, 10);
      const report = await h.app.inject({
        method: 'POST', url: '/api/v1/analytics/reports', headers: user.auth,
        payload: { report_name: 'Last two months', report_type: 'performance', export_format: 'json', date_range_start: '2026-01-01', date_range_end: today },
      });
      expect(report.statusCode, report.body).toBe(201);
      const cost = await h.app.inject({
        method: 'POST', url: '/api/v1/ledger', headers: user.auth,
        payload: { kind: 'cost', amount: '12.50', currency: 'EUR', date: today, category: 'production', platform: 'youtube', note: '' },
      });
      expect(cost.statusCode, cost.body).toBe(201);
      // A second zone's rollups, built on first use.
      expect((await h.app.inject({ method: 'GET', url: '/api/v1/analytics/dashboard?range=all&tz=Asia/Kolkata', headers: user.auth })).statusCode).toBe(200);
    }
    for (const user of users) before.push(await collectAnswers(h.app, user.auth), await collectAnswers(h.app, user.auth, 'Asia/Kolkata'));
  } finally {
    // Closes the source database too: PGlite's directory must not be open while it is backed up.
    await h.close();
  }
  if (testEngine === 'postgres') await admin(`CREATE DATABASE ${targetName}`);
}, 300_000);

afterAll(async () => {
  if (testEngine === 'postgres') {
    await admin(`DROP DATABASE IF EXISTS ${targetName} WITH (FORCE)`);
    await admin(`DROP DATABASE IF EXISTS ${sourceName} WITH (FORCE)`);
  }
  rmSync(work, { recursive: true, force: true });
});

describe(`backup and restore (${testEngine})`, () => {
  it('backs up to a file and says what it holds', async () => {
    const res = await npmRun('backup', [file], sourceEnv(source));
    expect(res.out).toMatch(/^Backed up .* to .*pulseboard\.backup \(.*\): 2 users, 8 accounts, \d+ posts, \d+ raw snapshots, 2 reports; schema \d{3}_\w+\.$/m);
    expect(res.code).toBe(0);
    // It holds password hashes and encrypted tokens.
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // Never over an existing file unless told.
    const again = await npmRun('backup', [file], sourceEnv(source));
    expect(again.code).toBe(1);
    expect(again.out).toContain('exists; choose another name or run again with --force');
  }, 300_000);

  it('restores into an empty target, and every API answer of both users is identical', async () => {
    const res = await npmRun('restore', [file], targetEnv());
    expect(res.code, res.out).toBe(0);
    expect(res.out).toMatch(/^Restored .*pulseboard\.backup into .*: 2 users, 8 accounts, \d+ posts, \d+ raw snapshots, 2 reports; schema \d{3}_\w+\.$/m);
    expect(res.out).toContain('no migration to apply');
    expect(res.out).not.toContain('Replaced');

    const h: TestApp = await createTestApp({ APP_SECRET }, { db: await restoredDb() });
    try {
      const after: Map<string, unknown>[] = [];
      for (const user of users) after.push(await collectAnswers(h.app, user.auth), await collectAnswers(h.app, user.auth, 'Asia/Kolkata'));
      // The answers are about the data: dashboards, content, reports, ledger, export…
      expect([...before[0]!.keys()].some((url) => url.includes('/me/export'))).toBe(true);
      expect([...before[0]!.values()].filter((v) => !(typeof v === 'object' && v !== null && 'status' in v)).length).toBeGreaterThan(20);
      const differences = before.flatMap((answers, i) => answerDifferences(answers, after[i]!));
      expect(differences).toEqual([]);
    } finally {
      await h.close();
    }
  }, 300_000);

  it('refuses to restore over a target that holds users, and with --force replaces it', async () => {
    const refused = await npmRun('restore', [file], targetEnv());
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/Restore failed: .* not empty \(2 users, 8 accounts, .*\); run again with --force/);

    const forced = await npmRun('restore', [file, '--force'], targetEnv());
    expect(forced.code, forced.out).toBe(0);
    expect(forced.out).toMatch(/^Replaced what the target held: 2 users, 8 accounts/m);
    expect(forced.out).toMatch(/^Restored .*: 2 users, 8 accounts/m);
    if (testEngine === 'pglite') {
      expect(forced.out).toMatch(/moved to .*pglite\.replaced-/);
      expect(readdirSync(join(work, 'target')).filter((f) => f.startsWith('pglite.replaced-'))).toHaveLength(1);
    }
  }, 300_000);

  it('refuses a file of the other engine, naming it', async () => {
    const other = testEngine === 'pglite' ? { ...targetEnv(), DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/none' } : { DATA_DIR: join(work, 'other') };
    const res = await npmRun('restore', [file], other);
    expect(res.code).toBe(1);
    expect(res.out).toContain(testEngine === 'pglite' ? 'is a PGlite data directory dump' : 'is a PostgreSQL (pg_dump) archive');
  }, 120_000);
});
