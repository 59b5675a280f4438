/** Users. The password hash never leaves this module's callers in auth/. */
import type { Queryable } from '../client.js';

export interface UserRow {
  id: number;
  email: string;
  timezone: string;
  created_at: Date;
}

export async function createUser(db: Queryable, email: string, passwordHash: string, timezone = 'UTC'): Promise<UserRow | null> {
  const rows = await db.query<UserRow>(
    `INSERT INTO users (email, password_hash, timezone) VALUES ($1, $2, $3)
     ON CONFLICT ((lower(email))) DO NOTHING
     RETURNING id, email, timezone, created_at`,
    [email, passwordHash, timezone],
  );
  return rows[0] ?? null;
}

/** With the session epoch a new token is issued with (src/auth/tokens.ts). */
export async function findUserForLogin(db: Queryable, email: string): Promise<(UserRow & { password_hash: string; session_epoch: number }) | null> {
  const [row] = await db.query<UserRow & { password_hash: string; session_epoch: number }>(
    'SELECT id, email, timezone, created_at, password_hash, session_epoch FROM users WHERE lower(email) = lower($1)',
    [email],
  );
  return row ?? null;
}

export async function findUser(db: Queryable, userId: number): Promise<UserRow | null> {
  const [row] = await db.query<UserRow>('SELECT id, email, timezone, created_at FROM users WHERE id = $1', [userId]);
  return row ?? null;
}

/**
 * Deletes the user and everything of theirs. The large tables carry no foreign
 * key (it would slow bulk ingest), so they are cleared here explicitly.
 */
export async function deleteUser(db: { transaction: <T>(fn: (tx: Queryable) => Promise<T>) => Promise<T> }, userId: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    for (const table of ['post_snapshots', 'account_snapshots', 'account_daily_reported', 'post_daily', 'user_metrics', 'content_performance']) {
      await tx.query(`DELETE FROM ${table} WHERE user_id = $1`, [userId]);
    }
    const rows = await tx.query('DELETE FROM users WHERE id = $1 RETURNING id', [userId]);
    return rows.length > 0;
  });
}
