/**
 * Job 'sync-due': close runs a dead process left running (their accounts are
 * queued again), then find accounts whose next sync is due and enqueue them.
 * No payload. Runs at start and every minute, so a restart (or, in a worker
 * fleet, the lock of a dead worker expiring) brings interrupted work back.
 */
import type { JobHandler } from '../../queue/types.js';

export function syncDueHandler(engine: { recoverInterrupted(): Promise<number>; enqueueDue(): Promise<number> }): JobHandler<'sync-due'> {
  return async () => {
    await engine.recoverInterrupted();
    await engine.enqueueDue();
  };
}
