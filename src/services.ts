/**
 * What the routes and jobs share: the store, the cache, tokens, the one way
 * to ingest, and the sync stack when this process runs one. Every part is
 * built before and handed in; nothing is attached afterwards.
 */
import type { Config } from './config.js';
import type { Db } from './db/client.js';
import type { Cache } from './cache/cache.js';
import type { TokenService } from './auth/tokens.js';
import { createIngest, type Ingest, type IngestListener } from './ingest/create-ingest.js';
import type { SyncServices } from './sync/stack.js';
import { inProcessBus, type EventBus } from './realtime/bus.js';
import { publishDataUpdated } from './realtime/publishers.js';
import { Registry } from 'prom-client';
import { featureUsage, type FeatureUsage } from './usage/feature-usage.js';

export type { SyncServices } from './sync/stack.js';

export interface Services {
  config: Config;
  db: Db;
  cache: Cache;
  tokens: TokenService;
  sync: SyncServices | null;
  ingest: Ingest;
  /** Live events to the user's open sockets (in-process, or Redis pub/sub across processes). */
  events: EventBus;
  /** Counts which analytics features are used (POST /api/v1/usage → /metrics). */
  usage: FeatureUsage;
}

export interface ServiceParts {
  config: Config;
  db: Db;
  cache: Cache;
  tokens: TokenService;
  /** Default: appIngest(db, cache). Pass the same one the sync stack was given. */
  ingest?: Ingest;
  sync?: SyncServices | null;
  /** Default: inProcessBus(). Pass the one the ingest publishes to. */
  events?: EventBus;
  /** Default: counted on a registry of its own, which no /metrics serves. */
  usage?: FeatureUsage;
}

/** Drops the cached answers of the user whose data changed. */
export function invalidateCache(cache: Cache): IngestListener {
  return ({ userId }) => cache.invalidateUser(userId);
}

/**
 * Ingest as the app runs it: a committed change drops that user's cache, then
 * (with a bus) tells their open pages what changed — in that order, so a page
 * refetching on the event never reads a cached answer from before the batch.
 */
export function appIngest(db: Db, cache: Cache, events?: EventBus, after: IngestListener[] = []): Ingest {
  return createIngest(db, { afterCommit: [invalidateCache(cache), ...(events ? [publishDataUpdated(events)] : []), ...after] });
}

/**
 * Queues a job for the user whose data changed (`enqueue` adds it: alert
 * detection, one waiting per user; the debounced insight refresh). Ingest
 * knows only this function, not the queue. A queue that refuses is not the
 * batch's failure: the data is committed, and the next batch asks again.
 */
export function enqueueAfterCommit(enqueue: (userId: number) => Promise<void>): IngestListener {
  return ({ userId }) => enqueue(userId).catch(() => undefined);
}

export function createServices(p: ServiceParts): Services {
  const events = p.events ?? inProcessBus();
  return {
    config: p.config,
    db: p.db,
    cache: p.cache,
    tokens: p.tokens,
    sync: p.sync ?? null,
    ingest: p.ingest ?? appIngest(p.db, p.cache, events),
    events,
    usage: p.usage ?? featureUsage(new Registry()),
  };
}
