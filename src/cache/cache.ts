/**
 * Cache for analytics responses and session checks, per user and key.
 * Invalidation is by a per-user generation number: ingestion (or a sign-out)
 * bumps the user's generation, and every key of the old generation is simply
 * never read again (and expires by TTL). This invalidates exactly that user,
 * at once, without scanning keys.
 *
 * A lookup remembers the generation it read under, and its `store` writes
 * under that same generation. So an answer computed from data read before an
 * invalidation can never be cached as current: if the generation moved while
 * it was being computed, it lands under the old one and is never read.
 */
import { LRUCache } from 'lru-cache';
import { Redis } from 'ioredis';

export interface CacheLookup {
  /** The cached value, or null on a miss. */
  hit: string | null;
  /** Caches a value computed after this lookup, under the generation the lookup saw. */
  store(value: string): Promise<void>;
}

export interface Cache {
  lookup(userId: number, key: string): Promise<CacheLookup>;
  invalidateUser(userId: number): Promise<void>;
  close(): Promise<void>;
}

export function memoryCache(ttlSeconds: number, maxEntries = 5_000): Cache {
  const entries = new LRUCache<string, string>({ max: maxEntries, ttl: ttlSeconds * 1000 });
  const generations = new Map<number, number>();
  return {
    async lookup(userId, key) {
      const full = `${userId}:${generations.get(userId) ?? 0}:${key}`;
      return {
        hit: entries.get(full) ?? null,
        async store(value) {
          entries.set(full, value);
        },
      };
    },
    async invalidateUser(userId) {
      generations.set(userId, (generations.get(userId) ?? 0) + 1);
    },
    async close() {
      entries.clear();
    },
  };
}

export function redisCache(url: string, ttlSeconds: number, prefix = 'pb'): Cache {
  const redis = new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: false });
  const genKey = (userId: number) => `${prefix}:gen:${userId}`;
  return {
    async lookup(userId, key) {
      const full = `${prefix}:c:${userId}:${(await redis.get(genKey(userId))) ?? '0'}:${key}`;
      return {
        hit: await redis.get(full),
        async store(value) {
          await redis.set(full, value, 'EX', ttlSeconds);
        },
      };
    },
    async invalidateUser(userId) {
      await redis.incr(genKey(userId));
    },
    async close() {
      await redis.quit();
    },
  };
}
