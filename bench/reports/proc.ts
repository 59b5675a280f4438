/**
 * The server child and what can be read about it (and about PostgreSQL) from /proc:
 *  - spawnServer: `node --import tsx bench/reports/server.ts` (node itself, not
 *    the tsx wrapper, so the pid we sample is the server's own);
 *  - RssWatch: resets the kernel's peak-RSS counter (VmHWM, via clear_refs "5")
 *    before a measured step, samples VmRSS every few ms during it, and reads
 *    VmHWM after it: the exact peak of the step, and the sampled curve;
 *  - cpuOfBackends: CPU time (utime+stime) of the PostgreSQL backends serving
 *    one database (their process title names it), to see whether the server
 *    process or the database is the busy side.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParentMessage, ServerMessage, Usage } from './protocol.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const CLK_TCK = 100; // USER_HZ on Linux

export interface ServerChild {
  pid: number;
  baseUrl: string;
  usage(): Promise<Usage>;
  stop(): Promise<void>;
  /** stderr of the child (it is silent unless something fails). */
  stderr(): string;
}

/** `root`: the checkout whose app the child runs (another one: a baseline, bench/baseline-tree.ts). */
export function spawnServer(env: Record<string, string>, nodeArgs: string[] = [], root = ROOT): Promise<ServerChild> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', join(root, 'bench', 'reports', 'server.ts')], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    let err = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      process.stderr.write(chunk);
    });
    let nextId = 1;
    const waiting = new Map<number, (u: Usage) => void>();
    let exited = false;
    const exitedPromise = new Promise<void>((r) => child.once('exit', () => {
      exited = true;
      r();
    }));
    child.once('exit', (code) => reject(new Error(`server child exited (${code}) before it was ready: ${err.slice(-2000)}`)));
    child.on('message', (raw) => {
      const m = raw as ServerMessage;
      if (m.type === 'ready') {
        resolve({
          pid: m.pid,
          baseUrl: `http://127.0.0.1:${m.port}`,
          usage: () =>
            new Promise<Usage>((res, rej) => {
              if (exited) return rej(new Error('server child has exited'));
              const id = nextId++;
              waiting.set(id, res);
              child.send({ type: 'usage', id } satisfies ParentMessage);
            }),
          stop: async () => {
            if (exited) return;
            child.send({ type: 'stop' } satisfies ParentMessage);
            const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
            await exitedPromise;
            clearTimeout(timer);
          },
          stderr: () => err,
        });
      } else if (m.type === 'usage') {
        const { id, rssMb, heapUsedMb, heapTotalMb, externalMb, arrayBuffersMb, maxRssMb, cpuUserMs, cpuSystemMs } = m;
        waiting.get(id)?.({ rssMb, heapUsedMb, heapTotalMb, externalMb, arrayBuffersMb, maxRssMb, cpuUserMs, cpuSystemMs });
        waiting.delete(id);
      }
    });
  });
}

function status(pid: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of readFileSync(`/proc/${pid}/status`, 'utf8').split('\n')) {
    const m = /^(Vm\w+):\s+(\d+) kB/.exec(line);
    if (m) out[m[1]!] = Number(m[2]) / 1024;
  }
  return out;
}

export interface RssStep {
  /** RSS when the step started, MB. */
  startMb: number;
  /** Kernel peak (VmHWM) over the step, MB; null when clear_refs is not allowed here. */
  peakMb: number | null;
  /** Highest sampled VmRSS, MB. */
  sampledPeakMb: number;
  endMb: number;
  samples: number;
  /** [ms since start, MB] every ~100 ms, for the JSON. */
  curve: [number, number][];
}

/** Peak RSS of one process over one step. */
export class RssWatch {
  private timer: NodeJS.Timeout | null = null;
  private t0 = 0;
  private startMb = 0;
  private max = 0;
  private samples = 0;
  private curve: [number, number][] = [];
  private lastCurve = -Infinity;
  private resetOk = false;

  constructor(private readonly pid: number, private readonly everyMs = 10) {}

  start(): void {
    try {
      writeFileSync(`/proc/${this.pid}/clear_refs`, '5');
      this.resetOk = true;
    } catch {
      this.resetOk = false;
    }
    this.t0 = performance.now();
    this.startMb = status(this.pid).VmRSS ?? 0;
    this.max = this.startMb;
    this.samples = 0;
    this.curve = [[0, round1(this.startMb)]];
    this.lastCurve = 0;
    this.timer = setInterval(() => this.sample(), this.everyMs);
  }

  private sample(): void {
    let rss: number;
    try {
      rss = status(this.pid).VmRSS ?? 0;
    } catch {
      return;
    }
    this.samples += 1;
    if (rss > this.max) this.max = rss;
    const t = performance.now() - this.t0;
    if (t - this.lastCurve >= 100) {
      this.curve.push([Math.round(t), round1(rss)]);
      this.lastCurve = t;
    }
  }

  stop(): RssStep {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    const s = status(this.pid);
    return {
      startMb: round1(this.startMb),
      peakMb: this.resetOk && s.VmHWM !== undefined ? round1(s.VmHWM) : null,
      sampledPeakMb: round1(this.max),
      endMb: round1(s.VmRSS ?? 0),
      samples: this.samples,
      curve: this.curve,
    };
  }
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** utime+stime in ms of the PostgreSQL backends whose process title names `database`, by pid. */
export function cpuOfBackends(database: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!cmdline.startsWith('postgres:') || !cmdline.includes(` ${database} `)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields[11], [12] = utime, stime (fields 14 and 15 of stat, counting from 1)
      out.set(Number(entry), ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK);
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/** CPU ms the backends spent between two cpuOfBackends snapshots (new backends count from zero). */
export function backendCpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

/** RSS of a fresh process after importing the app's heavy modules one by one (bench/reports/footprint.ts). */
export function moduleFootprint(): { step: string; rssMb: number; heapUsedMb: number }[] | null {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(HERE, 'footprint.ts')], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) return null;
  try {
    return JSON.parse(r.stdout.trim().split('\n').pop()!) as { step: string; rssMb: number; heapUsedMb: number }[];
  } catch {
    return null;
  }
}
