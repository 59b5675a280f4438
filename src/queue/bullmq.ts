/**
 * The job system on Redis with BullMQ: every process enqueues into one queue,
 * every worker process (`npm run worker`, or the API in its default role)
 * takes jobs from it. Locks are Redis keys with a time-to-live.
 */
import { randomBytes } from 'node:crypto';
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import type { JobHandlers, JobName, JobQueue, Locks } from './types.js';

export interface BullmqOptions {
  /** BullMQ's key prefix (its own default is "bull"): queues of the same name under different prefixes never share a job. */
  prefix?: string;
  /** Called with a job that threw (logging); the job still fails. */
  onError?: (name: JobName, err: unknown) => void;
}

export function bullmqQueue(redisUrl: string, queueName = 'pulseboard', options: BullmqOptions = {}): JobQueue {
  const { prefix = 'bull', onError } = options;
  // BullMQ does not close connections it was handed, so they are kept here and closed with the queue.
  const connections: Redis[] = [];
  const connection = (): ConnectionOptions => {
    // Workers block on Redis: they need maxRetriesPerRequest null.
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
    connections.push(redis);
    return redis;
  };
  const queue = new Queue(queueName, { connection: connection(), prefix, defaultJobOptions: { removeOnComplete: true, removeOnFail: 1000, attempts: 1 } });
  let worker: Worker | null = null;
  return {
    kind: 'bullmq',
    async add(name, payload, opts = {}) {
      await queue.add(name, payload, {
        ...(opts.jobId ? { jobId: opts.jobId } : {}),
        ...(opts.delayMs ? { delay: opts.delayMs } : {}),
        ...(opts.priority ? { priority: opts.priority } : {}),
      });
    },
    async every(name, everyMs, payload) {
      await queue.upsertJobScheduler(`every-${name}`, { every: everyMs }, { name, data: payload });
    },
    async start(handlers: JobHandlers, concurrency: number) {
      worker = new Worker(
        queueName,
        async (job) => {
          const handler = handlers[job.name as JobName] as ((payload: unknown) => Promise<void>) | undefined;
          if (!handler) return;
          try {
            await handler(job.data);
          } catch (err) {
            onError?.(job.name as JobName, err);
            throw err;
          }
        },
        { connection: connection(), prefix, concurrency: Math.max(1, concurrency) },
      );
      await worker.waitUntilReady();
    },
    async idle() {
      for (;;) {
        const counts = await queue.getJobCounts('waiting', 'active', 'prioritized');
        if ((counts.waiting ?? 0) + (counts.active ?? 0) + (counts.prioritized ?? 0) === 0) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close() {
      await worker?.close();
      await queue.close();
      await Promise.all(connections.map((c) => c.quit().catch(() => undefined)));
    },
  };
}

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export function redisLocks(redisUrl: string, prefix = 'pb:lock:'): Locks {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  return {
    async tryAcquire(key, ttlMs) {
      const token = randomBytes(12).toString('hex');
      const ok = await redis.set(prefix + key, token, 'PX', ttlMs, 'NX');
      if (ok !== 'OK') return null;
      return async () => {
        await redis.eval(RELEASE, 1, prefix + key, token);
      };
    },
    async close() {
      await redis.quit();
    },
  };
}
