/** The sync engine's two jobs alone, for tests and benchmarks that start a queue with only these (the runtime lists every job's handler itself, so the compiler checks none is missing). */
import type { JobHandlers } from '../../queue/types.js';
import type { SyncEngine } from '../../sync/engine.js';
import { syncAccountHandler } from './sync-account.js';
import { syncDueHandler } from './sync-due.js';

export function syncJobHandlers(engine: SyncEngine): JobHandlers {
  return { 'sync-account': syncAccountHandler(engine), 'sync-due': syncDueHandler(engine) };
}
