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

export interface Services {
  config: Config;
  db: Db;
  cache: Cache;
  tokens: TokenService;
  ingest(batch: ObservationBatch): Promise<IngestOutcome>;
}

export function createServices(config: Config, db: Db, cache: Cache, tokens: TokenService): Services {
  return {
    config,
    db,
    cache,
    tokens,
    async ingest(batch) {
      const outcome = await ingest(db, batch);
      // After the commit, so a reader never caches the pre-ingest numbers under the new generation.
      if (outcome.changed) await cache.invalidateUser(batch.userId);
      return outcome;
    },
  };
}
