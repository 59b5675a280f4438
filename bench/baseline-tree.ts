/**
 * BENCH_BASELINE=<git ref>: the app as it was at that commit, measured by the
 * same benchmark code in the same run, so figures and ratios share the
 * machine's load. A detached git worktree of the ref in a temp directory,
 * with today's bench/ copied over it (the measurement is the same; only src/
 * differs) and node_modules linked; removed at the end.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface BaselineTree {
  ref: string;
  commit: string;
  root: string;
  close(): void;
}

export function openBaselineTree(ref: string): BaselineTree {
  const commit = execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: ROOT, encoding: 'utf8' }).trim();
  const root = join(mkdtempSync(join(tmpdir(), 'pulseboard-baseline-')), 'tree');
  execFileSync('git', ['worktree', 'add', '--detach', root, commit], { cwd: ROOT, stdio: 'ignore' });
  cpSync(join(ROOT, 'bench'), join(root, 'bench'), { recursive: true, filter: (src) => !src.includes(`${join(ROOT, 'bench', 'out')}`) });
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  return {
    ref,
    commit,
    root,
    close() {
      execFileSync('git', ['worktree', 'remove', '--force', root], { cwd: ROOT, stdio: 'ignore' });
      rmSync(dirname(root), { recursive: true, force: true });
    },
  };
}
