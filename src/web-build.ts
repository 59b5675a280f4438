/**
 * `npm start` builds the dashboard when dist/web is missing or older than its
 * sources, so a fresh clone runs with `npm install && npm start` and an
 * edited page is never served stale. Vite is loaded only when a build is due.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';

const ROOT = resolve(import.meta.dirname, '..');
export const WEB_OUT = join(ROOT, 'dist', 'web');
/** What the page is built from: its own sources and the chart builders it shares with the PDF. */
const SOURCES = [join(ROOT, 'web', 'src'), join(ROOT, 'web', 'index.html'), join(ROOT, 'web', 'vite.config.ts'), join(ROOT, 'src', 'charts'), join(ROOT, 'src', 'realtime', 'events.ts')];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function webBuildIsStale(): boolean {
  const index = join(WEB_OUT, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return SOURCES.some((source) => newestMtime(source) > built);
}

export async function buildWeb(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'web', 'vite.config.ts'), logLevel: 'warn' });
}

export async function ensureWebBuild(log: Logger): Promise<void> {
  if (!webBuildIsStale()) return;
  log.info('building the dashboard (web/ is newer than dist/web)');
  const started = Date.now();
  await buildWeb();
  log.info({ ms: Date.now() - started }, 'dashboard built');
}
