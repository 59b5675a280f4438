/**
 * Job 'sync-account': sync one connected account now. The payload is defined
 * here; the work is the engine's (src/sync/engine.ts). This file imports
 * nothing, so the engine and the job types can both depend on it.
 */

/** Why a sync was asked for; decides its queue priority and cadence tier. */
export type SyncReason = 'schedule' | 'manual' | 'webhook' | 'connect' | 'hot-posts';

export interface SyncAccountPayload {
  userId: number;
  accountId: number;
  reason: SyncReason;
}

export function syncAccountHandler(engine: { syncAccount(userId: number, accountId: number, reason: SyncReason): Promise<unknown> }) {
  return async (p: SyncAccountPayload): Promise<void> => {
    await engine.syncAccount(p.userId, p.accountId, p.reason);
  };
}
