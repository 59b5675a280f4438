/** The job system without Redis: a timer-driven priority queue inside this process. */
import type { JobHandlers, JobName, JobOptions, JobPayloads, JobQueue, Locks } from './types.js';

interface Pending {
  name: JobName;
  payload: unknown;
  jobId: string | null;
  runAt: number;
  priority: number;
  seq: number;
}

export interface InProcessOptions {
  /** Called when a handler throws; the job is not retried by the queue (handlers own their retry policy). */
  onError?: (name: JobName, err: unknown) => void;
}

export function inProcessQueue(options: InProcessOptions = {}): JobQueue {
  const pending: Pending[] = [];
  const ids = new Set<string>();
  const intervals: NodeJS.Timeout[] = [];
  let handlers: JobHandlers | null = null;
  let concurrency = 1;
  let running = 0;
  let seq = 0;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  let idleWaiters: (() => void)[] = [];

  const isIdle = () => running === 0 && !pending.some((p) => p.runAt <= Date.now());
  const notifyIdle = () => {
    if (!isIdle()) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  };

  function pump(): void {
    if (!handlers || closed) return;
    const now = Date.now();
    while (running < concurrency) {
      // Due jobs by priority, then by order of arrival.
      let best = -1;
      for (let i = 0; i < pending.length; i++) {
        const p = pending[i]!;
        if (p.runAt > now) continue;
        const b = pending[best];
        if (best === -1 || p.priority < b!.priority || (p.priority === b!.priority && p.seq < b!.seq)) best = i;
      }
      if (best === -1) break;
      const [job] = pending.splice(best, 1);
      run(job!);
    }
    schedule();
    notifyIdle();
  }

  function run(job: Pending): void {
    running += 1;
    const handler = handlers?.[job.name] as ((payload: unknown) => Promise<void>) | undefined;
    const work = handler ? handler(job.payload) : Promise.resolve();
    work
      .catch((err) => options.onError?.(job.name, err))
      .finally(() => {
        running -= 1;
        if (job.jobId) ids.delete(job.jobId);
        pump();
      });
  }

  function schedule(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    if (closed || pending.length === 0) return;
    const next = Math.min(...pending.map((p) => p.runAt));
    timer = setTimeout(pump, Math.max(0, next - Date.now()));
    timer.unref();
  }

  return {
    kind: 'in-process',
    async add<N extends JobName>(name: N, payload: JobPayloads[N], opts: JobOptions = {}) {
      if (closed) return;
      if (opts.jobId?.includes(':')) throw new Error(`job id "${opts.jobId}" must not contain ':'`);
      if (opts.jobId) {
        if (ids.has(opts.jobId)) return;
        ids.add(opts.jobId);
      }
      seq += 1;
      pending.push({ name, payload, jobId: opts.jobId ?? null, runAt: Date.now() + (opts.delayMs ?? 0), priority: opts.priority ?? 10, seq });
      pump();
    },
    async every(name, everyMs, payload) {
      const fire = () => void this.add(name, payload, { jobId: `every-${name}` });
      const handle = setInterval(fire, everyMs);
      handle.unref();
      intervals.push(handle);
    },
    async start(h, c) {
      handlers = h;
      concurrency = Math.max(1, c);
      pump();
    },
    idle() {
      return new Promise<void>((resolve) => {
        if (isIdle()) resolve();
        else idleWaiters.push(resolve);
      });
    },
    async close() {
      closed = true;
      for (const i of intervals) clearInterval(i);
      if (timer) clearTimeout(timer);
      pending.length = 0;
      while (running > 0) await new Promise((r) => setTimeout(r, 10));
      notifyIdle();
    },
  };
}

export function inProcessLocks(): Locks {
  const held = new Map<string, number>(); // key → expiry time
  return {
    async tryAcquire(key, ttlMs) {
      const now = Date.now();
      const expiry = held.get(key);
      if (expiry !== undefined && expiry > now) return null;
      const mine = now + ttlMs;
      held.set(key, mine);
      return async () => {
        if (held.get(key) === mine) held.delete(key);
      };
    },
    async close() {
      held.clear();
    },
  };
}
