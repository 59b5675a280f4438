/**
 * Two API instances on one database and one Redis: a ticket made by A opens a
 * socket on B, and an ingest committed in A reaches the socket on B. Each
 * process holds one subscription per user however many sockets it has, and
 * drops it with the last socket. Skipped without TEST_REDIS_URL.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { memoryCache } from '../src/cache/cache.js';
import { createServices } from '../src/services.js';
import { redisBus } from '../src/realtime/redis-bus.js';
import type { EventBus } from '../src/realtime/bus.js';
import { createTestApp, register, type TestApp } from './helpers/app.js';
import { connectLive, liveTicket, openLive } from './helpers/live-client.js';
import { installConformance } from './helpers/conformance.js';
import { at, makeAccount } from './helpers/fixtures.js';

const url = process.env.TEST_REDIS_URL;

/** An id in the events' form (a UUID): these events are published by the test itself, so they need name no row. */
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe.skipIf(!url)('live updates across instances on Redis', () => {
  const prefix = `pbtest:live:${randomBytes(4).toString('hex')}:`;
  let a: TestApp;
  let b: FastifyInstance;
  let busB: EventBus;
  let baseB: string;
  let admin: Redis;

  beforeAll(async () => {
    a = await createTestApp({}, { events: redisBus(url!, { prefix }) });
    // Instance B: the same database, its own cache and its own connections to Redis.
    busB = redisBus(url!, { prefix });
    const cacheB = memoryCache(60);
    const servicesB = createServices({ config: a.services.config, db: a.t.db, cache: cacheB, tokens: a.services.tokens, events: busB });
    b = await buildApp(servicesB);
    installConformance(b);
    baseB = await b.listen({ port: 0, host: '127.0.0.1' });
    admin = new Redis(url!);
  });
  afterAll(async () => {
    await b?.close();
    await busB?.close();
    await admin?.quit();
    await a?.close();
  });

  const subscribers = async (userId: number) => {
    const [, n] = (await admin.pubsub('NUMSUB', `${prefix}${userId}`)) as [string, number];
    return Number(n);
  };

  it('a ticket from A opens a socket on B, and an ingest committed in A reaches it', async () => {
    const user = await register(a.app);
    const accountId = await makeAccount(a.t.db, user.id, 'instagram');
    const ticket = await liveTicket(a.app, user.auth);
    const onB = openLive(baseB, ticket);
    await onB.next((e) => e.type === 'heartbeat');
    await a.services.ingest({
      userId: user.id, accountId, source: 'test',
      posts: [{ platformPostId: 'p1', publishedAt: at('2026-05-10T09:00:00Z') }],
      postMetrics: [{ platformPostId: 'p1', metric: 'likes', value: 30, observedAt: at('2026-05-11T09:00:00Z') }],
    });
    expect(await onB.next((e) => e.type === 'data.updated')).toEqual({ type: 'data.updated', platforms: ['instagram'], days: ['2026-05-10'] });
    // Used up for every instance: the database is the one record.
    expect(await openLive(baseB, ticket).closed).toEqual({ code: 1008, reason: expect.stringContaining('already used') });
    await onB.close();
  });

  it('one Redis subscription per user and process: closing one of two sockets keeps it, closing the last drops it', async () => {
    const user = await register(a.app);
    const s1 = await connectLive(a.app, baseB, user.auth);
    const s2 = await connectLive(a.app, baseB, user.auth);
    expect(await subscribers(user.id)).toBe(1);
    await s1.close();
    expect(await subscribers(user.id)).toBe(1);
    // Published by a third process (a worker), reaching the socket left on B.
    const worker = redisBus(url!, { prefix });
    await worker.publish(user.id, { type: 'alert', alert_id: uuid(3), kind: 'viral', platform: 'youtube', content_id: uuid(9) });
    expect(await s2.next((e) => e.type === 'alert')).toEqual({ type: 'alert', alert_id: uuid(3), kind: 'viral', platform: 'youtube', content_id: uuid(9) });
    await worker.close();
    await s2.close();
    // The unsubscribe follows the close; give it a moment to reach Redis.
    for (let i = 0; i < 50 && (await subscribers(user.id)) > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await subscribers(user.id)).toBe(0);
  });

  it("another user's events never reach a socket on either instance", async () => {
    const alice = await register(a.app);
    const bob = await register(a.app);
    const bobOnB = await connectLive(a.app, baseB, bob.auth);
    await a.services.events.publish(alice.id, { type: 'alert', alert_id: uuid(1), kind: 'spike', platform: 'twitter', content_id: null });
    await a.services.events.publish(bob.id, { type: 'alert', alert_id: uuid(2), kind: 'drop', platform: 'twitter', content_id: null });
    await bobOnB.next((e) => e.type === 'alert');
    expect(bobOnB.messages.filter((e) => e.type === 'alert')).toEqual([{ type: 'alert', alert_id: uuid(2), kind: 'drop', platform: 'twitter', content_id: null }]);
    await bobOnB.close();
  });
});
