/**
 * Tickets that open a live socket. A browser cannot set an Authorization
 * header on a WebSocket, and a bearer token in a URL ends up in access logs
 * and browser history; so the page trades its token for a ticket that is
 * random, single-use and short-lived (60 s by default), and only its SHA-256
 * is stored (in the database, so any API instance can check it).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/client.js';
import { deleteExpiredLiveTickets, saveLiveTicket, useLiveTicket } from '../db/repositories/live-tickets.js';

/** Why a ticket opens nothing, said to the client as the close reason. */
export const TICKET_REFUSALS = {
  missing: 'no ticket: ask POST /api/v1/live/ticket for one',
  unknown: 'unknown ticket: ask POST /api/v1/live/ticket for a new one',
  used: 'ticket already used: each ticket opens one socket; ask POST /api/v1/live/ticket for a new one',
  expired: 'ticket expired: ask POST /api/v1/live/ticket for a new one and use it at once',
} as const;
export type TicketRefusal = keyof typeof TICKET_REFUSALS;

/** A used or expired ticket row is kept this long after expiry, so a late second use is told "already used". */
const KEEP_AFTER_EXPIRY_MS = 10 * 60_000;
/** 32 random bytes, base64url: 43 characters. Anything else is not a ticket we made. */
const TICKET_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export interface LiveTickets {
  issue(userId: number): Promise<{ ticket: string; expiresAt: Date }>;
  /** Uses the ticket up: whose it is, or why it opens nothing. */
  redeem(ticket: string): Promise<{ userId: number } | { refused: TicketRefusal }>;
}

export function liveTickets(db: Db, options: { ttlMs: number; now?: () => number }): LiveTickets {
  const now = options.now ?? Date.now;
  return {
    async issue(userId) {
      const t = now();
      await deleteExpiredLiveTickets(db, new Date(t - KEEP_AFTER_EXPIRY_MS));
      const ticket = randomBytes(32).toString('base64url');
      const expiresAt = new Date(t + options.ttlMs);
      await saveLiveTicket(db, hashTicket(ticket), userId, expiresAt);
      return { ticket, expiresAt };
    },
    async redeem(ticket) {
      if (!TICKET_SHAPE.test(ticket)) return { refused: 'unknown' };
      const use = await useLiveTicket(db, hashTicket(ticket), new Date(now()));
      return use.kind === 'ok' ? { userId: use.userId } : { refused: use.kind };
    },
  };
}

function hashTicket(ticket: string): string {
  return createHash('sha256').update(ticket).digest('hex');
}
