/** Job 'sync-account': sync one connected account now. The work is the engine's (src/sync/engine.ts). */
import type { SyncAccountPayload, SyncReason } from '../../queue/types.js';

export function syncAccountHandler(engine: { syncAccount(userId: number, accountId: number, reason: SyncReason): Promise<unknown> }) {
  return async (p: SyncAccountPayload): Promise<void> => {
    await engine.syncAccount(p.userId, p.accountId, p.reason);
  };
}
