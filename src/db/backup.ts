/**
 * Backup and restore of the whole database (scripts/backup.ts, scripts/restore.ts).
 *
 *  PGlite      the data directory as PGlite dumps it (dumpDataDir: a gzipped
 *              tar), loaded back with its loadDataDir option. PGlite is one
 *              process's database: the directory must not be open elsewhere
 *              (postmaster.pid is there while it is), so stop Pulseboard first.
 *  PostgreSQL  pg_dump's custom format, restored with pg_restore in one
 *              transaction; pg_dump and pg_restore must be at least the server's
 *              major version (checked first, with the Debian package that fixes it).
 *
 * A file is recognized by its first bytes, so restoring a file into the other
 * engine is refused with the reason. A restore never replaces data silently: a
 * target that holds users is refused unless forced; a replaced PGlite
 * directory is moved aside, not deleted. After a restore the migrations run,
 * so a backup from an older version comes back at the current schema.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openDb, type Db, type Queryable } from './client.js';
import { migrate } from './migrate.js';

export type BackupKind = 'pglite' | 'postgres';

export class BackupError extends Error {}

/** What a database holds, to say what a backup or restore covered. */
export interface Contents {
  users: number;
  accounts: number;
  posts: number;
  snapshots: number;
  reports: number;
  /** The last migration applied, or null without any. */
  schema: string | null;
}

/** A PGlite dump is a gzipped tar; a pg_dump custom-format archive starts with "PGDMP". */
export function kindOfFile(file: string): BackupKind {
  const head = readFileSync(file).subarray(0, 5);
  if (head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'postgres';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'pglite';
  throw new BackupError(`${file} is neither a PGlite data directory dump (gzipped tar) nor a pg_dump custom-format archive`);
}

const count = async (db: Queryable, table: string) =>
  Number((await db.query<{ n: number }>(`SELECT count(*)::int8 AS n FROM ${table}`))[0]!.n);

/** Counts of what the database holds; all zero (schema null) for a database without Pulseboard's tables. */
export async function contents(db: Queryable): Promise<Contents> {
  const [found] = await db.query<{ users: string | null; migrations: string | null }>(
    `SELECT to_regclass('public.users')::text AS users, to_regclass('public.schema_migrations')::text AS migrations`,
  );
  const schema = found?.migrations ? ((await db.query<{ v: string | null }>('SELECT max(version) AS v FROM schema_migrations'))[0]?.v ?? null) : null;
  if (!found?.users) return { users: 0, accounts: 0, posts: 0, snapshots: 0, reports: 0, schema };
  return {
    users: await count(db, 'users'),
    accounts: await count(db, 'platform_accounts'),
    posts: await count(db, 'platform_posts'),
    snapshots: (await count(db, 'post_snapshots')) + (await count(db, 'account_snapshots')),
    reports: await count(db, 'analytics_reports'),
    schema,
  };
}

export function describeContents(c: Contents): string {
  return `${c.users} users, ${c.accounts} accounts, ${c.posts} posts, ${c.snapshots} raw snapshots, ${c.reports} reports; schema ${c.schema ?? 'none'}`;
}

// ---------------------------------------------------------------- PGlite

const isDatabaseDir = (dir: string) => existsSync(`${dir}/PG_VERSION`);
const isOpenElsewhere = (dir: string) => existsSync(`${dir}/postmaster.pid`);

function refuseIfOpen(dir: string, force: boolean): void {
  if (isOpenElsewhere(dir) && !force) {
    throw new BackupError(
      `the database in ${dir} is open (postmaster.pid is there): stop Pulseboard first. ` +
        'If it is not running (it stopped abnormally), run again with --force.',
    );
  }
}

/** Writes the PGlite database in `dir` to `file`; returns what it holds. */
export async function backupPglite(dir: string, file: string, options: { force: boolean }): Promise<Contents> {
  if (!isDatabaseDir(dir)) throw new BackupError(`${dir} holds no PGlite database (no PG_VERSION): nothing to back up`);
  refuseIfOpen(dir, options.force);
  const lite = await PGlite.create({ dataDir: dir });
  try {
    const what = await contents({ query: async (sql) => (await lite.query(sql)).rows as never });
    const dump = await lite.dumpDataDir('gzip');
    // Owner-only: it holds password hashes and encrypted platform tokens.
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()), { mode: 0o600 });
    return what;
  } finally {
    await lite.close();
  }
}

export interface RestoreOutcome {
  restored: Contents;
  /** What the target held before (null: nothing there). */
  replaced: Contents | null;
  /** Where a replaced PGlite directory was moved to. */
  movedAside: string | null;
  migrations: string[];
}

/** Counts in an existing PGlite directory, opened on its own (no migrations). */
async function pgliteContents(dir: string): Promise<Contents> {
  const db = await openDb({ databaseUrl: null, pgliteDir: dir });
  try {
    return await contents(db);
  } finally {
    await db.close();
  }
}

/** Restores a PGlite dump into `dir`, which must be absent, empty, or hold no users (or `force`). */
export async function restorePglite(file: string, dir: string, options: { force: boolean; now?: Date }): Promise<RestoreOutcome> {
  if (kindOfFile(file) !== 'pglite') throw new BackupError(`${file} is a PostgreSQL (pg_dump) archive: restore it with DATABASE_URL set to the target server's database`);
  let replaced: Contents | null = null;
  let movedAside: string | null = null;
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    if (!isDatabaseDir(dir)) throw new BackupError(`${dir} is not empty and holds no PGlite database: refusing to touch it`);
    refuseIfOpen(dir, options.force);
    replaced = await pgliteContents(dir);
    if (replaced.users > 0 && !options.force) {
      throw new BackupError(`${dir} is not empty (${describeContents(replaced)}); run again with --force to replace it (it is moved aside, not deleted)`);
    }
    movedAside = `${dir}.replaced-${(options.now ?? new Date()).toISOString().replace(/[:.]/g, '-')}`;
    renameSync(dir, movedAside);
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const db = await openDb({ databaseUrl: null, pgliteDir: dir, pgliteTemplate: new Blob([readFileSync(file)]) });
  try {
    const migrations = await migrate(db);
    return { restored: await contents(db), replaced, movedAside, migrations };
  } finally {
    await db.close();
  }
}

// ---------------------------------------------------------------- PostgreSQL

/** The URL without its password, and the password for PGPASSWORD (never on a command line, where `ps` shows it). */
function connection(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { url: parsed.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(new BackupError(e.code === 'ENOENT' ? `${command} is not installed (Debian: apt-get install postgresql-client)` : `${command}: ${e.message}`)),
    );
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new BackupError(`${command} failed (exit ${code}): ${err.trim()}`))));
  });
}

async function withClient<T>(url: string, fn: (db: Queryable) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn({ query: async (sql, params) => (await client.query(sql, params)).rows });
  } finally {
    await client.end();
  }
}

/** pg_dump and pg_restore must be at least the server's major version (older ones refuse a newer server or archive). */
async function checkTools(db: Queryable, env: NodeJS.ProcessEnv): Promise<void> {
  const [row] = await db.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
  const server = Math.floor(Number(row!.v) / 10_000);
  for (const tool of ['pg_dump', 'pg_restore']) {
    const version = await run(tool, ['--version'], env);
    const major = Number(/(\d+)(\.\d+)?/.exec(version)?.[1]);
    if (!(major >= server)) {
      throw new BackupError(`${tool} is version ${major} but the server is PostgreSQL ${server}: install postgresql-client-${server} (or newer) and put its ${tool} first on PATH`);
    }
  }
}

/** Writes the database at `url` to `file` in pg_dump's custom format; returns what it holds. */
export async function backupPostgres(url: string, file: string): Promise<Contents> {
  const c = connection(url);
  const what = await withClient(url, async (db) => {
    await checkTools(db, c.env);
    return contents(db);
  });
  await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`, `--dbname=${c.url}`], c.env);
  // Owner-only, like the PGlite dump: it holds password hashes and encrypted platform tokens.
  chmodSync(file, 0o600);
  return what;
}

/**
 * Restores a custom-format archive into the database at `url`. A database with
 * tables is emptied first (schema public dropped and created again) when it
 * holds no users, or when forced; with users and no force it is refused.
 */
export async function restorePostgres(file: string, url: string, options: { force: boolean }): Promise<RestoreOutcome> {
  if (kindOfFile(file) !== 'postgres') throw new BackupError(`${file} is a PGlite data directory dump: restore it without DATABASE_URL (into DATA_DIR/pglite)`);
  const c = connection(url);
  const replaced = await withClient(url, async (db) => {
    await checkTools(db, c.env);
    const [tables] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`);
    if (tables!.n === 0) return null;
    const held = await contents(db);
    if (held.users > 0 && !options.force) {
      throw new BackupError(`the target database is not empty (${describeContents(held)}); run again with --force to replace everything in it`);
    }
    await db.query('DROP SCHEMA public CASCADE');
    await db.query('CREATE SCHEMA public');
    return held;
  });
  await run('pg_restore', ['--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${c.url}`, file], c.env);
  const db: Db = await openDb({ databaseUrl: url, pgliteDir: null });
  try {
    const migrations = await migrate(db);
    return { restored: await contents(db), replaced, movedAside: null, migrations };
  } finally {
    await db.close();
  }
}

/** Size of a file in bytes, for the scripts' messages. */
export const fileSize = (file: string) => statSync(file).size;
