/** The job system, in-process always and on BullMQ when TEST_REDIS_URL is set: same behaviour. */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { bullmqQueue, redisLocks } from '../src/queue/bullmq.js';
import { inProcessLocks, inProcessQueue } from '../src/queue/in-process.js';
import type { JobQueue, Locks } from '../src/queue/types.js';

const redisUrl = process.env.TEST_REDIS_URL;
const kinds = [
  { kind: 'in-process', queue: () => inProcessQueue(), locks: () => inProcessLocks() },
  ...(redisUrl
    ? [{ kind: 'bullmq', queue: () => bullmqQueue(redisUrl, `pbtest-${randomBytes(4).toString('hex')}`), locks: () => redisLocks(redisUrl, `pbtest:${randomBytes(4).toString('hex')}:`) }]
    : []),
];

const open: (JobQueue | Locks)[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

describe.each(kinds)('job system: $kind', ({ queue, locks }) => {
  it('runs every job once, and a job id that is still waiting makes a second add a no-op', async () => {
    const q = queue();
    open.push(q);
    const seen: number[] = [];
    await q.add('sync-account', { userId: 1, accountId: 1, reason: 'manual' }, { jobId: 'sync-1' });
    await q.add('sync-account', { userId: 1, accountId: 1, reason: 'manual' }, { jobId: 'sync-1' });
    await q.add('sync-account', { userId: 1, accountId: 2, reason: 'manual' }, { jobId: 'sync-2' });
    await q.start({ 'sync-account': async (p) => void seen.push(p.accountId) }, 1);
    await q.idle();
    expect(seen.sort()).toEqual([1, 2]);
  });

  it('takes urgent jobs first', async () => {
    const q = queue();
    open.push(q);
    const seen: number[] = [];
    for (const [accountId, priority] of [[1, 50], [2, 1], [3, 20]] as const) {
      await q.add('sync-account', { userId: 1, accountId, reason: 'schedule' }, { priority });
    }
    await q.start({ 'sync-account': async (p) => void seen.push(p.accountId) }, 1);
    await q.idle();
    expect(seen).toEqual([2, 3, 1]);
  });

  it('runs no more jobs at once than its concurrency', async () => {
    const q = queue();
    open.push(q);
    let now = 0;
    let peak = 0;
    for (let i = 0; i < 8; i++) await q.add('sync-account', { userId: 1, accountId: i, reason: 'schedule' });
    await q.start(
      {
        'sync-account': async () => {
          now += 1;
          peak = Math.max(peak, now);
          await new Promise((r) => setTimeout(r, 20));
          now -= 1;
        },
      },
      3,
    );
    await new Promise((r) => setTimeout(r, 30));
    await q.idle();
    expect(peak).toBe(3);
  });

  it('holds a delayed job back until its time', async () => {
    const q = queue();
    open.push(q);
    const at: number[] = [];
    const t0 = Date.now();
    await q.start({ 'sync-due': async () => void at.push(Date.now() - t0) }, 1);
    await q.add('sync-due', {}, { delayMs: 300 });
    await new Promise((r) => setTimeout(r, 700));
    expect(at).toHaveLength(1);
    expect(at[0]).toBeGreaterThanOrEqual(290);
  });

  it('gives a lock to one holder at a time, and again after release or expiry', async () => {
    const l = locks();
    open.push(l);
    const release = await l.tryAcquire('account:1', 10_000);
    expect(release).not.toBeNull();
    expect(await l.tryAcquire('account:1', 10_000)).toBeNull();
    expect(await l.tryAcquire('account:2', 10_000)).not.toBeNull();
    await release!();
    expect(await l.tryAcquire('account:1', 50)).not.toBeNull();
    await new Promise((r) => setTimeout(r, 80));
    expect(await l.tryAcquire('account:1', 50)).not.toBeNull();
  });
});
