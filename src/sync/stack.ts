/**
 * Assembles the sync engine from its parts — connectors, budget gate, secret
 * box. Built before the services and handed to them (createServices), so the
 * routes reach it without the engine ever seeing the services. The one place
 * this wiring is written: the runtime, the tests and the benchmarks differ
 * only in the parts they hand in (queue, locks, budget store, clock).
 */
import { secretBox, type SecretBox } from '../auth/secret-box.js';
import type { PlatformSettings } from '../config-platforms.js';
import type { JobQueue, Locks } from '../queue/types.js';
import type { ResponseInfo } from '../platforms/types.js';
import type { Db } from '../db/client.js';
import type { Ingest } from '../ingest/create-ingest.js';
import { BudgetGate } from './budget-gate.js';
import type { BudgetStore } from './budget-store.js';
import { createConnectors, type ConnectorOverrides, type Connectors } from './connectors.js';
import { SyncEngine, type AccountSyncResult, type EngineLogger, type SyncStatusChange } from './engine.js';

/** What the account and sync routes need of the sync engine (absent: those routes answer 503). */
export interface SyncServices {
  engine: SyncEngine;
  connectors: Connectors;
  gate: BudgetGate;
  box: SecretBox;
  /** Longest a POST /analytics/sync waits for its results before answering 202. */
  waitMs: number;
}

export interface SyncStackParts {
  db: Db;
  /** The app's ingest, listeners included (a synced chunk must drop caches like any other batch). */
  ingest: Ingest;
  settings: PlatformSettings;
  /** Platform tokens are sealed with a key derived from it. */
  appSecret: string;
  queue: JobQueue;
  locks: Locks;
  store: BudgetStore;
  connectors?: ConnectorOverrides;
  /** Clock of the engine and the budgets (tests: the simulator's manual clock). */
  now?: () => number;
  /** How the budget gate waits for a window (tests: advance the manual clock). */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  log?: EngineLogger;
  onResponse?: (info: ResponseInfo) => void;
  onRun?: (result: AccountSyncResult) => void;
  /** Told when an account's sync status changes (the runtime publishes it live). */
  onStatus?: (change: SyncStatusChange) => Promise<void> | void;
  /** Longest POST /analytics/sync waits for results. Default 25 s. */
  waitMs?: number;
}

export function createSyncStack(p: SyncStackParts): SyncServices {
  const gate = new BudgetGate(p.settings.budgets, p.store, {
    ...(p.now ? { now: p.now } : {}),
    ...(p.sleep ? { sleep: p.sleep } : {}),
    ...(p.onResponse ? { onResponse: p.onResponse } : {}),
  });
  const connectors = createConnectors(p.settings, p.connectors);
  const box = secretBox(p.appSecret);
  const engine = new SyncEngine({
    db: p.db,
    ingest: p.ingest,
    connectors,
    gate,
    locks: p.locks,
    queue: p.queue,
    box,
    ...(p.now ? { now: p.now } : {}),
    ...(p.random ? { random: p.random } : {}),
    ...(p.log ? { log: p.log } : {}),
    ...(p.onRun ? { onRun: p.onRun } : {}),
    ...(p.onStatus ? { onStatus: p.onStatus } : {}),
  });
  return { engine, connectors, gate, box, waitMs: p.waitMs ?? 25_000 };
}
