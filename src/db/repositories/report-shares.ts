/** Share links of reports. Only the SHA-256 of a link's token is stored. */
import type { Queryable } from '../client.js';

export interface ShareRow {
  id: number;
  user_id: number;
  report_id: number;
  created_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
}

const COLUMNS = 'id, user_id, report_id, created_at, expires_at, revoked_at';

export async function insertShare(db: Queryable, userId: number, reportId: number, tokenHash: string, expiresAt: Date): Promise<ShareRow> {
  const [row] = await db.query<ShareRow>(
    `INSERT INTO report_shares (user_id, report_id, token_hash, expires_at)
     SELECT $1, id, $3, $4 FROM analytics_reports WHERE user_id = $1 AND id = $2
     RETURNING ${COLUMNS}`,
    [userId, reportId, tokenHash, expiresAt],
  );
  if (!row) throw new Error(`report ${reportId} of user ${userId} vanished while sharing it`);
  return row;
}

/**
 * The share a token hash belongs to. Public lookup by an unguessable hash:
 * whoever holds the token may read the report, which is what a share link is.
 */
export async function findShareByHash(db: Queryable, tokenHash: string): Promise<ShareRow | null> {
  const [row] = await db.query<ShareRow>(`SELECT ${COLUMNS} FROM report_shares WHERE token_hash = $1`, [tokenHash]);
  return row ?? null;
}

/** Revokes every live link of the report; returns how many were live. */
export async function revokeShares(db: Queryable, userId: number, reportId: number, now: Date): Promise<number> {
  const rows = await db.query(
    'UPDATE report_shares SET revoked_at = $3 WHERE user_id = $1 AND report_id = $2 AND revoked_at IS NULL RETURNING id',
    [userId, reportId, now],
  );
  return rows.length;
}

/** Retention: links that ended (expired) long enough ago that answering 410 instead of 404 no longer helps anyone. */
export async function deleteOldShares(db: Queryable, before: Date): Promise<number> {
  const rows = await db.query('DELETE FROM report_shares WHERE expires_at <= $1 RETURNING id', [before]);
  return rows.length;
}
