/**
 * Login sessions: the per-request check of a token (one read) and revocation.
 * A token is valid while its user exists, its epoch is the user's current
 * session epoch, and its id is not among the user's revoked tokens.
 */
import type { Queryable } from '../client.js';
import type { UserRow } from './users.js';

/** The user a token stands for, or null when the user is gone or the token was revoked. One statement. */
export async function sessionUser(db: Queryable, userId: number, tokenId: string, epoch: number): Promise<UserRow | null> {
  const [row] = await db.query<UserRow>(
    `SELECT u.id, u.email, u.timezone, u.created_at FROM users u
     WHERE u.id = $1 AND u.session_epoch = $3
       AND NOT EXISTS (SELECT 1 FROM revoked_tokens r WHERE r.user_id = u.id AND r.token_id = $2)`,
    [userId, tokenId, epoch],
  );
  return row ?? null;
}

/** Revokes one token; the user's revocations whose tokens have expired anyway are dropped on the way. */
export async function revokeToken(db: Queryable, userId: number, tokenId: string, expiresAt: Date): Promise<void> {
  await db.query(
    `WITH pruned AS (DELETE FROM revoked_tokens WHERE user_id = $1 AND expires_at < now())
     INSERT INTO revoked_tokens (user_id, token_id, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
    [userId, tokenId, expiresAt],
  );
}

/** Revokes every token of the user issued so far; single revocations are then moot and dropped. */
export async function revokeAllTokens(db: Queryable, userId: number): Promise<void> {
  await db.query(
    `WITH cleared AS (DELETE FROM revoked_tokens WHERE user_id = $1)
     UPDATE users SET session_epoch = session_epoch + 1 WHERE id = $1`,
    [userId],
  );
}
