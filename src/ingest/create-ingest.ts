/**
 * Ingestion as the rest of the app holds it: the transaction of ./ingest.ts
 * plus the seam for "new data" events.
 *
 * The seam: every listener in `afterCommit` is called once the transaction
 * has committed, and only when stored data changed, with the user whose
 * numbers moved and the outcome. Listeners run after the commit so that
 * nothing they trigger (a cache dropped and refilled, a live update pushed to
 * a dashboard) can observe the numbers from before the batch. They run in
 * order and are awaited: a caller of ingest() knows its listeners are done.
 * The app's listeners (services.ts) drop the user's cached answers, then
 * publish a live `data.updated` event with the changed platforms and days.
 */
import type { Db } from '../db/client.js';
import { ingest, type IngestOutcome } from './ingest.js';
import type { ObservationBatch } from './observations.js';

export interface IngestEvent {
  userId: number;
  outcome: IngestOutcome;
}

export type IngestListener = (event: IngestEvent) => Promise<void> | void;

export type Ingest = (batch: ObservationBatch) => Promise<IngestOutcome>;

export interface IngestOptions {
  afterCommit?: IngestListener[];
}

export function createIngest(db: Db, options: IngestOptions = {}): Ingest {
  const listeners = options.afterCommit ?? [];
  return async (batch) => {
    const outcome = await ingest(db, batch);
    if (outcome.changed) for (const listener of listeners) await listener({ userId: batch.userId, outcome });
    return outcome;
  };
}
