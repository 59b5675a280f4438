/**
 * DATA_DIR is owner-only (issue 10, item 4): it holds the embedded database
 * (password hashes, encrypted platform tokens) and the generated secret.
 * Under the usual umask (022) PGlite's initdb wrote ~970 files 0666; a started
 * process now leaves nothing under DATA_DIR that group or others may touch,
 * and refuses a DATA_DIR that group or others may write.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

const ROOT = join(import.meta.dirname, '..');
const scratch = mkdtempSync(join(tmpdir(), 'pb-datadir-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A directory with exactly this mode (mkdir's mode is cut by the umask). */
function dirWithMode(name: string, mode: number): string {
  const dir = join(scratch, name);
  mkdirSync(dir);
  chmodSync(dir, mode);
  return dir;
}

/** Every path under `dir` (itself included) whose mode gives group or others anything, with that mode. */
function notOwnerOnly(dir: string): string[] {
  const found: string[] = [];
  const visit = (path: string) => {
    const st = lstatSync(path);
    if (st.isSymbolicLink()) return;
    if (st.mode & 0o077) found.push(`${path.slice(dir.length) || '.'} ${(st.mode & 0o777).toString(8)}`);
    if (st.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  visit(dir);
  return found;
}

function countEntries(dir: string): number {
  let n = 1;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    n += lstatSync(path).isDirectory() ? countEntries(path) : 1;
  }
  return n;
}

const started: ReturnType<typeof spawn>[] = [];
// A failing test must not leave a server behind.
afterAll(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** `npm start` under the usual umask 022, with this DATA_DIR; no demo, any free port. Killed after 90 s whatever happens. */
function startServer(dataDir: string) {
  const child = spawn('sh', ['-c', 'umask 022 && exec "$0" --import tsx src/main.ts', process.execPath], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, DEMO: 'false', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', APP_SECRET: '', DATABASE_URL: '', REDIS_URL: '', NODE_ENV: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  setTimeout(() => child.kill('SIGKILL'), 90_000).unref();
  return child;
}

describe('DATA_DIR', () => {
  it('refuses a DATA_DIR that group or others can write, naming it and the fix, and writes nothing into it', () => {
    const open = dirWithMode('open', 0o777);
    expect(() => loadConfig({ DATA_DIR: open })).toThrow(`Invalid configuration: DATA_DIR ${open} is writable by group and others (mode 0777)`);
    expect(() => loadConfig({ DATA_DIR: open })).toThrow(`Fix: chmod 700 ${open}`);
    expect(existsSync(join(open, 'app-secret'))).toBe(false);
    const group = dirWithMode('group writable', 0o775);
    expect(() => loadConfig({ DATA_DIR: group })).toThrow(`writable by group (mode 0775)`);
    expect(() => loadConfig({ DATA_DIR: group })).toThrow(`Fix: chmod 700 '${group}'`);
    // Readable by others is repaired at start, not refused: nobody else could have changed anything.
    expect(loadConfig({ DATA_DIR: dirWithMode('readable', 0o755) }).dataDir).toBe(join(scratch, 'readable'));
  });

  it('npm start stops with that message and exit code 2', { timeout: 120_000 }, async () => {
    const open = dirWithMode('open-start', 0o777);
    const child = startServer(open);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code, stderr).toBe(2);
    expect(stderr).toContain(`DATA_DIR ${open} is writable by group and others`);
    expect(stderr).toContain(`chmod 700 ${open}`);
    expect(readdirSync(open)).toEqual([]);
  });

  it('after npm start, DATA_DIR and everything under it (the database, the generated secret, an older loose tree) is owner-only', { timeout: 180_000 }, async () => {
    // What an earlier version left under umask 022: a 0755 directory, a 0644 secret, a 0777 pglite directory.
    const dataDir = dirWithMode('data', 0o755);
    writeFileSync(join(dataDir, 'app-secret'), 'x'.repeat(48) + '\n');
    chmodSync(join(dataDir, 'app-secret'), 0o644);
    mkdirSync(join(dataDir, 'pglite'));
    chmodSync(join(dataDir, 'pglite'), 0o777);

    const child = startServer(dataDir);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    let listening = false;
    for await (const line of createInterface({ input: child.stdout })) {
      if (line.includes('Pulseboard is listening')) {
        listening = true;
        break;
      }
    }
    expect(listening, stderr).toBe(true);
    // The database is initialised (~1,000 files), migrated and open.
    expect(countEntries(join(dataDir, 'pglite'))).toBeGreaterThan(500);
    expect(notOwnerOnly(dataDir)).toEqual([]);

    child.kill('SIGTERM');
    expect(await exited, stderr).toBe(0);
    // Files the database wrote while running and while closing, too.
    expect(notOwnerOnly(dataDir)).toEqual([]);
  });
});
