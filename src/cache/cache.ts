/**
 * Cache for analytics responses, per user and query. Invalidation is by a
 * per-user generation number: ingestion bumps the user's generation, and every
 * key of the old generation is simply never read again (and expires by TTL).
 * This invalidates exactly that user, at once, without scanning keys.
 */
import { LRUCache } from 'lru-cache';
import { Redis } from 'ioredis';

export interface Cache {
  get(userId: number, key: string): Promise<string | null>;
  set(userId: number, key: string, value: string): Promise<void>;
  invalidateUser(userId: number): Promise<void>;
  close(): Promise<void>;
}

export function memoryCache(ttlSeconds: number, maxEntries = 5_000): Cache {
  const entries = new LRUCache<string, string>({ max: maxEntries, ttl: ttlSeconds * 1000 });
  const generations = new Map<number, number>();
  const full = (userId: number, key: string) => `${userId}:${generations.get(userId) ?? 0}:${key}`;
  return {
    async get(userId, key) {
      return entries.get(full(userId, key)) ?? null;
    },
    async set(userId, key, value) {
      entries.set(full(userId, key), value);
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
  const full = async (userId: number, key: string) => `${prefix}:c:${userId}:${(await redis.get(genKey(userId))) ?? '0'}:${key}`;
  return {
    async get(userId, key) {
      return redis.get(await full(userId, key));
    },
    async set(userId, key, value) {
      await redis.set(await full(userId, key), value, 'EX', ttlSeconds);
    },
    async invalidateUser(userId) {
      await redis.incr(genKey(userId));
    },
    async close() {
      await redis.quit();
    },
  };
}
