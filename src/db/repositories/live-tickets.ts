/**
 * Live-update tickets (migration 010): stored by hash, used once, short-lived.
 * src/realtime/tickets.ts makes and checks them; this is their SQL.
 */
import type { Queryable } from '../client.js';

export async function saveLiveTicket(db: Queryable, hash: string, userId: number, expiresAt: Date): Promise<void> {
  await db.query('INSERT INTO live_tickets (ticket_hash, user_id, expires_at) VALUES ($1, $2, $3)', [hash, userId, expiresAt]);
}

export type TicketUse = { kind: 'ok'; userId: number } | { kind: 'unknown' } | { kind: 'used' } | { kind: 'expired' };

/**
 * Marks the ticket used and says whose it is. One UPDATE that only matches an
 * unused, unexpired ticket, so two sockets racing with one ticket cannot both
 * open; on a miss, a second read says why.
 */
export async function useLiveTicket(db: Queryable, hash: string, now: Date): Promise<TicketUse> {
  const [row] = await db.query<{ user_id: number }>(
    'UPDATE live_tickets SET used_at = $2 WHERE ticket_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING user_id',
    [hash, now],
  );
  if (row) return { kind: 'ok', userId: Number(row.user_id) };
  const [seen] = await db.query<{ used: boolean }>('SELECT used_at IS NOT NULL AS used FROM live_tickets WHERE ticket_hash = $1', [hash]);
  if (!seen) return { kind: 'unknown' };
  return seen.used ? { kind: 'used' } : { kind: 'expired' };
}

/** Forgets tickets that expired before `before` (used or not: either way they open nothing). */
export async function deleteExpiredLiveTickets(db: Queryable, before: Date): Promise<number> {
  const rows = await db.query('DELETE FROM live_tickets WHERE expires_at < $1 RETURNING ticket_hash', [before]);
  return rows.length;
}
