/**
 * Turns what the lower layers report into live events on the bus. The
 * publishers below (ingestion's afterCommit seam, the sync engine's onStatus)
 * know nothing of sockets; the runtime hands them these.
 *
 * A failed publish (Redis away) is swallowed: the data is already committed,
 * and a page that missed an event refetches after its reconnect.
 */
import type { IngestEvent } from '../ingest/create-ingest.js';
import type { SyncStatusChange } from '../sync/engine.js';
import type { EventBus } from './bus.js';
import type { Queryable } from '../db/client.js';
import { publicIdsOf } from '../db/repositories/public-ids.js';

/** afterCommit listener: the changed platforms and days of a committed ingest. */
export function publishDataUpdated(events: EventBus): (event: IngestEvent) => Promise<void> {
  return async ({ userId, outcome }) => {
    await events.publish(userId, { type: 'data.updated', platforms: outcome.platforms, days: outcome.days }).catch(() => {});
  };
}

/** The sync engine's onStatus: an account's sync started or finished (the event names the account by its public id). */
export function publishSyncStatus(events: EventBus, db: Queryable): (change: SyncStatusChange) => Promise<void> {
  return async (c) => {
    const accountId = (await publicIdsOf(db, 'account', [c.accountId]).catch(() => new Map<number, string>())).get(c.accountId);
    // An account purged while its sync ran has nothing left to show.
    if (accountId === undefined) return;
    await events
      .publish(c.userId, {
        type: 'sync.status',
        account_id: accountId,
        platform: c.platform,
        status: c.status,
        last_synced_at: c.lastSyncedAt ? new Date(c.lastSyncedAt).toISOString() : null,
        error: c.error,
      })
      .catch(() => {});
  };
}
