/**
 * What the routes and jobs share: the store, the cache, tokens, and the one
 * way to ingest (which also invalidates the cache of exactly that user).
 */
import type { Config } from './config.js';
import type { Db } from './db/client.js';
import type { Cache } from './cache/cache.js';
import type { TokenService } from './auth/tokens.js';
import { ingest, type IngestOutcome } from './ingest/ingest.js';
import type { ObservationBatch } from './ingest/observations.js';
import type { SecretBox } from './auth/secret-box.js';
import type { BudgetGate } from './sync/budget-gate.js';
import type { Connectors } from './sync/connectors.js';
import type { SyncEngine } from './sync/engine.js';

/** What the account and sync routes need of the sync engine (absent: those routes answer 503). */
export interface SyncServices {
  engine: SyncEngine;
  connectors: Connectors;
  gate: BudgetGate;
  box: SecretBox;
  /** Longest a POST /analytics/sync waits for its results before answering 202. */
  waitMs: number;
}

export interface Services {
  config: Config;
  db: Db;
  cache: Cache;
  tokens: TokenService;
  sync: SyncServices | null;
  ingest(batch: ObservationBatch): Promise<IngestOutcome>;
}

export function createServices(config: Config, db: Db, cache: Cache, tokens: TokenService, sync: SyncServices | null = null): Services {
  return {
    config,
    db,
    cache,
    tokens,
    sync,
    async ingest(batch) {
      const outcome = await ingest(db, batch);
      // After the commit, so a reader never caches the pre-ingest numbers under the new generation.
      if (outcome.changed) await cache.invalidateUser(batch.userId);
      return outcome;
    },
  };
}
