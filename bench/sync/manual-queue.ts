/**
 * The in-process job queue's semantics (priority, then arrival; one waiting
 * job per id; delayed jobs; periodic jobs), on the benchmark's manual clock
 * instead of timers: nothing runs until the driver calls drain(), which runs
 * every job due at the clock's current time (concurrently, up to the
 * configured concurrency) until none is due and none is running. Periodic
 * jobs (queue.every) fire from tick() at start + k·period of simulated time,
 * as setInterval would on a real clock.
 */
import type { JobHandlers, JobName, JobOptions, JobPayloads, JobQueue } from '../../src/queue/types.js';
import type { ManualClock } from '../../src/simulator/index.js';

interface Pending {
  name: JobName;
  payload: unknown;
  jobId: string | null;
  runAt: number;
  priority: number;
  seq: number;
}

export interface ManualQueue extends JobQueue {
  /** Adds the periodic jobs whose time has come (at most one waiting per job). */
  tick(): void;
  /** Runs due jobs until nothing is due or running. */
  drain(): Promise<void>;
  /** Earliest run time of a waiting job, or null. */
  nextRunAt(): number | null;
  /** The first instant ≥ `at` at which periodic job `name` fires (null: no such job). */
  periodicAtOrAfter(name: JobName, at: number): number | null;
  /** Jobs run so far by name; handler errors by name. */
  counts(): { ran: Record<string, number>; errors: Record<string, number>; firstError: string | null };
}

export function manualQueue(clock: ManualClock): ManualQueue {
  const now = () => clock.now().getTime();
  const pending: Pending[] = [];
  const ids = new Set<string>();
  const periodic: { name: JobName; payload: unknown; everyMs: number; next: number }[] = [];
  const ran: Record<string, number> = {};
  const errors: Record<string, number> = {};
  let firstError: string | null = null;
  let handlers: JobHandlers | null = null;
  let concurrency = 1;
  let running = 0;
  let seq = 0;
  let closed = false;
  let waiters: (() => void)[] = [];

  const due = () => pending.some((p) => p.runAt <= now());

  function pump(): void {
    if (!handlers || closed) return;
    while (running < concurrency) {
      const t = now();
      let best = -1;
      for (let i = 0; i < pending.length; i++) {
        const p = pending[i]!;
        if (p.runAt > t) continue;
        const b = pending[best];
        if (best === -1 || p.priority < b!.priority || (p.priority === b!.priority && p.seq < b!.seq)) best = i;
      }
      if (best === -1) break;
      const [job] = pending.splice(best, 1);
      run(job!);
    }
    if (running === 0 && !due()) {
      const w = waiters;
      waiters = [];
      for (const resolve of w) resolve();
    }
  }

  function run(job: Pending): void {
    running += 1;
    ran[job.name] = (ran[job.name] ?? 0) + 1;
    const handler = handlers?.[job.name] as ((payload: unknown) => Promise<void>) | undefined;
    const work = handler ? handler(job.payload) : Promise.resolve();
    work
      .catch((err: unknown) => {
        errors[job.name] = (errors[job.name] ?? 0) + 1;
        firstError ??= err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err);
      })
      .finally(() => {
        running -= 1;
        if (job.jobId) ids.delete(job.jobId);
        // Let the handler's continuation settle before choosing the next job.
        setImmediate(pump);
      });
  }

  const queue: ManualQueue = {
    kind: 'in-process',
    async add<N extends JobName>(name: N, payload: JobPayloads[N], opts: JobOptions = {}) {
      if (closed) return;
      if (opts.jobId?.includes(':')) throw new Error(`job id "${opts.jobId}" must not contain ':'`);
      if (opts.jobId) {
        if (ids.has(opts.jobId)) return;
        ids.add(opts.jobId);
      }
      seq += 1;
      pending.push({ name, payload, jobId: opts.jobId ?? null, runAt: now() + (opts.delayMs ?? 0), priority: opts.priority ?? 10, seq });
      // Like the in-process queue, a due job starts as soon as a slot is free (during a drain).
      if (waiters.length > 0) pump();
    },
    async every(name, everyMs, payload) {
      periodic.push({ name, payload, everyMs, next: now() + everyMs });
    },
    async start(h, c) {
      handlers = h;
      concurrency = Math.max(1, c);
    },
    tick() {
      const t = now();
      for (const p of periodic) {
        if (p.next > t) continue;
        while (p.next <= t) p.next += p.everyMs;
        void queue.add(p.name, p.payload as never, { jobId: `every-${p.name}` });
      }
    },
    drain() {
      return new Promise<void>((resolve) => {
        waiters.push(resolve);
        pump();
      });
    },
    nextRunAt() {
      return pending.length === 0 ? null : Math.min(...pending.map((p) => p.runAt));
    },
    periodicAtOrAfter(name, at) {
      const p = periodic.find((x) => x.name === name);
      if (!p) return null;
      return at <= p.next ? p.next : p.next + Math.ceil((at - p.next) / p.everyMs) * p.everyMs;
    },
    counts: () => ({ ran: { ...ran }, errors: { ...errors }, firstError }),
    idle() {
      return queue.drain();
    },
    async close() {
      closed = true;
      pending.length = 0;
      while (running > 0) await new Promise((r) => setTimeout(r, 10));
      const w = waiters;
      waiters = [];
      for (const resolve of w) resolve();
    },
  };
  return queue;
}
