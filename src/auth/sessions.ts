/**
 * Whether a verified token still stands for a user: the one check every
 * authenticated request makes. Its answer is cached per token in the app's
 * cache (in-process or Redis), so a request costs one cache lookup, and one
 * database read on a miss. Revoking invalidates the user's cache entries
 * (a generation bump, src/cache/cache.ts), on Redis for every process at once.
 *
 * The cached user row (id, email, timezone, created_at) must be invalidated
 * with cache.invalidateUser by anything that changes those columns.
 */
import type { Cache } from '../cache/cache.js';
import type { Queryable } from '../db/client.js';
import { revokeAllTokens, revokeToken, sessionUser } from '../db/repositories/sessions.js';
import type { UserRow } from '../db/repositories/users.js';
import type { TokenClaims } from './tokens.js';

/** Refused tokens are cached too: a revocation is final, and a deleted user's id is never reused. */
const REFUSED = '-';
const cacheKey = (claims: TokenClaims) => `session:${claims.epoch}:${claims.tokenId}`;

export async function userOfSession(db: Queryable, cache: Cache, claims: TokenClaims): Promise<UserRow | null> {
  const key = cacheKey(claims);
  const { hit, store } = await cache.lookup(claims.userId, key);
  if (hit === REFUSED) return null;
  if (hit !== null) {
    const row = JSON.parse(hit) as Omit<UserRow, 'created_at'> & { created_at: string };
    return { ...row, created_at: new Date(row.created_at) };
  }
  const user = await sessionUser(db, claims.userId, claims.tokenId, claims.epoch);
  // Under the generation of the lookup: a revoke that lands meanwhile is not overwritten.
  await store(user ? JSON.stringify(user) : REFUSED);
  return user;
}

/** Signs out one token: refused from now on, by every process. */
export async function revokeSession(db: Queryable, cache: Cache, claims: TokenClaims): Promise<void> {
  await revokeToken(db, claims.userId, claims.tokenId, claims.expiresAt);
  await cache.invalidateUser(claims.userId);
}

/** Signs out every token of the user issued so far. */
export async function revokeAllSessions(db: Queryable, cache: Cache, userId: number): Promise<void> {
  await revokeAllTokens(db, userId);
  await cache.invalidateUser(userId);
}
