/** Job 'sync-due': find accounts whose next sync is due and enqueue them. No payload. */
import type { JobHandler } from '../../queue/types.js';

export function syncDueHandler(engine: { enqueueDue(): Promise<number> }): JobHandler<'sync-due'> {
  return async () => {
    await engine.enqueueDue();
  };
}
