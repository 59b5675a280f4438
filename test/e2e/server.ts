/**
 * Pulseboard as a user runs it (`npm start`: API, worker, the demo simulator,
 * the built dashboard) in a child process, for the browser tests and the web
 * benchmark. On its own fresh database: a new PostgreSQL database when
 * TEST_DATABASE_URL is set (Redis too with TEST_REDIS_URL), else PGlite in a
 * temporary DATA_DIR.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';

const ROOT = resolve(import.meta.dirname, '..', '..');

export interface RunningServer {
  base: string;
  /** The demo user's sign-in, as printed at start. */
  demo: { email: string; password: string };
  output(): string;
  close(): Promise<void>;
}

async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> } | null> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return null;
  const name = `pulseboard_e2e_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const again = new pg.Client({ connectionString: serverUrl });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
    },
  };
}

export async function startServer(env: Record<string, string> = {}, timeoutMs = 120_000): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pulseboard-e2e-'));
  const database = await freshDatabase();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      APP_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'info',
      ...(database ? { DATABASE_URL: database.url } : {}),
      // Its own keys: the servers of parallel test files share one Redis, and without a prefix one
      // server's worker would take another's jobs (account 3 of one database is not account 3 of the other).
      ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL, REDIS_PREFIX: `pbtest-${randomBytes(4).toString('hex')}:` } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const close = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise<void>((done) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          done();
        }, 20_000);
        child.once('exit', () => {
          clearTimeout(timer);
          done();
        });
      });
    }
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };

  const started = Date.now();
  for (;;) {
    const base = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    const signIn = /"email":"([^"]+)","password":"([^"]+)"/.exec(output);
    if (base && signIn) return { base, demo: { email: signIn[1]!, password: signIn[2]! }, output: () => output, close };
    if (child.exitCode !== null || Date.now() - started > timeoutMs) {
      await close();
      throw new Error(`the server did not start:\n${output.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
