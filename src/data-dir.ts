/**
 * DATA_DIR is owner-only: it holds the embedded database (password hashes,
 * encrypted platform tokens), the generated APP_SECRET and the demo password.
 *
 * - A DATA_DIR that group or others may write is refused at start-up (config):
 *   whoever can write there could have replaced the database or the secret,
 *   so the process does not quietly take it over; the operator fixes the mode.
 * - Everything under it is made owner-only (0700 directories, 0600 files) at
 *   start, which also repairs trees written by earlier versions.
 * - From then on the process creates files with umask 077. PGlite's initdb
 *   sets its files' modes itself (0666, whatever the umask), so the store's
 *   opener runs the repair again once the database is open.
 */
import { chmodSync, lstatSync, readdirSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';

const GROUP_OTHER_WRITE = 0o022;
const GROUP_OTHER_ANY = 0o077;

/** Why an existing DATA_DIR cannot be used, with the fix; null when it can (or does not exist yet). */
export function dataDirProblem(dir: string): string | null {
  let st: Stats;
  try {
    st = statSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  if (!st.isDirectory()) return `${dir} is not a directory`;
  if ((st.mode & GROUP_OTHER_WRITE) === 0) return null;
  const who = [st.mode & 0o020 ? 'group' : null, st.mode & 0o002 ? 'others' : null].filter(Boolean).join(' and ');
  return (
    `${dir} is writable by ${who} (mode ${(st.mode & 0o7777).toString(8).padStart(4, '0')}); it holds password hashes, ` +
    `encrypted platform tokens and the app secret, so it must be the owner's alone. Fix: chmod 700 ${shellQuoted(dir)}`
  );
}

/** Files and directories this process creates from now on get no group or other permissions. */
export function createOwnerOnly(): void {
  process.umask(GROUP_OTHER_ANY);
}

/**
 * Takes group and other permissions off `dir` and everything under it
 * (symbolic links are not followed). Returns how many modes it changed.
 */
export function restrictTree(dir: string): number {
  let changed = 0;
  const visit = (path: string): void => {
    let st: Stats;
    try {
      st = lstatSync(path);
    } catch (err) {
      // PGlite may remove a temporary file between the listing and here.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    if (st.isSymbolicLink()) return;
    if (st.mode & GROUP_OTHER_ANY) {
      // The owner keeps what it had, and at least what the process itself needs.
      chmodSync(path, (st.mode & 0o700) | (st.isDirectory() ? 0o700 : 0o600));
      changed += 1;
    }
    if (st.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  visit(dir);
  return changed;
}

function shellQuoted(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}
