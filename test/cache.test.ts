/** The per-user cache: invalidation by generation, and no stale answer cached across an invalidation. */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryCache, redisCache, type Cache } from '../src/cache/cache.js';

const kinds: [string, () => Cache][] = [['memory', () => memoryCache(60)]];
if (process.env.TEST_REDIS_URL) kinds.push(['redis', () => redisCache(process.env.TEST_REDIS_URL!, 60, `pbtest:${randomBytes(4).toString('hex')}`)]);

describe.each(kinds)('%s cache', (_kind, make) => {
  const cache = make();
  afterAll(() => cache.close());

  it('serves what was stored, per user, until that user is invalidated', async () => {
    await (await cache.lookup(1, 'k')).store('one');
    await (await cache.lookup(2, 'k')).store('two');
    expect((await cache.lookup(1, 'k')).hit).toBe('one');
    await cache.invalidateUser(1);
    expect((await cache.lookup(1, 'k')).hit).toBeNull();
    expect((await cache.lookup(2, 'k')).hit).toBe('two');
  });

  it('an answer computed before an invalidation is never served after it', async () => {
    // A reader misses, computes from the data of before, and meanwhile new data invalidates the user.
    const reader = await cache.lookup(3, 'dashboard');
    expect(reader.hit).toBeNull();
    await cache.invalidateUser(3);
    await reader.store('numbers from before');
    expect((await cache.lookup(3, 'dashboard')).hit).toBeNull();
  });
});
