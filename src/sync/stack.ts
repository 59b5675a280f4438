/**
 * Assembles the sync engine from its parts — connectors, budget gate, secret
 * box — and attaches it to the services, so the routes reach it. The one
 * place this wiring is written: the runtime, the tests and the benchmarks
 * differ only in the parts they hand in (queue, locks, budget store, clock).
 */
import { secretBox } from '../auth/secret-box.js';
import type { PlatformSettings } from '../config-platforms.js';
import type { JobQueue, Locks } from '../jobs/types.js';
import type { ResponseInfo } from '../platforms/types.js';
import type { Services, SyncServices } from '../services.js';
import { BudgetGate } from './budget-gate.js';
import type { BudgetStore } from './budget-store.js';
import { createConnectors, type ConnectorOverrides } from './connectors.js';
import { SyncEngine, type AccountSyncResult, type EngineLogger } from './engine.js';

export interface SyncStackParts {
  services: Services;
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
    services: p.services,
    connectors,
    gate,
    locks: p.locks,
    queue: p.queue,
    box,
    ...(p.now ? { now: p.now } : {}),
    ...(p.random ? { random: p.random } : {}),
    ...(p.log ? { log: p.log } : {}),
    ...(p.onRun ? { onRun: p.onRun } : {}),
  });
  const sync: SyncServices = { engine, connectors, gate, box, waitMs: p.waitMs ?? 25_000 };
  p.services.sync = sync;
  return sync;
}
