/**
 * Two installations sharing one Redis under different REDIS_PREFIX values see
 * nothing of each other: not a queued job, not a cached answer, not a live
 * event. Without the prefix the same user id in two databases would share all
 * three (the e2e servers of parallel test files took each other's sync jobs).
 * Needs TEST_REDIS_URL (CI's second run).
 */
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import type { LiveEvent } from '../src/realtime/events.js';
import { createRuntime, type Runtime } from '../src/runtime.js';
import { createTestDb, type TestDb } from './helpers/db.js';
import { eventually } from './helpers/eventually.js';

const url = process.env.TEST_REDIS_URL;

/** Resolves true if `p` settles within `ms`, false if it is still pending then. */
const settlesWithin = (p: Promise<unknown>, ms: number) =>
  Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

describe.skipIf(!url)('REDIS_PREFIX', () => {
  let t: TestDb;
  let a: Runtime;
  let b: Runtime;

  beforeAll(async () => {
    t = await createTestDb();
    const runtime = (prefix: string) =>
      createRuntime(loadConfig({ APP_SECRET: 'x'.repeat(40), DATA_DIR: '/tmp/pulseboard-test-unused', REDIS_URL: url!, REDIS_PREFIX: prefix }), t.db, {
        log: pino({ level: 'silent' }),
        // No worker: a job stays where it was queued, so which queue holds it can be asked.
        work: false,
      });
    const tag = randomBytes(4).toString('hex');
    a = await runtime(`pbtest-${tag}-a:`);
    b = await runtime(`pbtest-${tag}-b:`);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await t?.close();
  });

  it('keeps a job queued by one installation out of the other one\'s queue', async () => {
    await a.queue.add('db-statistics', {}, { jobId: 'prefix-test' });
    expect(await settlesWithin(a.queue.idle(), 300), 'A holds the job it queued').toBe(false);
    expect(await settlesWithin(b.queue.idle(), 3_000), 'B has nothing waiting').toBe(true);
  });

  it('keeps one installation\'s cached answer from the other, for the same user id', async () => {
    const userId = 1;
    await (await a.services.cache.lookup(userId, 'dashboard')).store('A\'s answer');
    expect((await a.services.cache.lookup(userId, 'dashboard')).hit).toBe('A\'s answer');
    expect((await b.services.cache.lookup(userId, 'dashboard')).hit).toBeNull();
  });

  it('delivers a live event only within its installation', async () => {
    const userId = 1;
    const heardByA: LiveEvent[] = [];
    const heardByB: LiveEvent[] = [];
    const offA = a.services.events.subscribe(userId, (e) => void heardByA.push(e));
    const offB = b.services.events.subscribe(userId, (e) => void heardByB.push(e));
    await Promise.all([offA.ready, offB.ready]);
    await a.services.events.publish(userId, { type: 'data.updated', platforms: ['tiktok'], days: ['2026-12-01'] });
    await eventually(async () => (heardByA.length > 0 ? true : undefined), 2_000, 'A hearing its own event');
    // B had as long as A took, and a little more, to hear it too.
    await new Promise((r) => setTimeout(r, 200));
    offA();
    offB();
    expect(heardByA).toHaveLength(1);
    expect(heardByB).toEqual([]);
  });
});
