/** Starts a simulator on a manual clock and builds connectors pointed at it. */
import type { Platform } from '../../src/analytics/catalog.js';
import type { PostMetricObservation } from '../../src/ingest/observations.js';
import { createInstagramConnector } from '../../src/platforms/instagram/connector.js';
import { createTikTokConnector } from '../../src/platforms/tiktok/connector.js';
import { createTwitterConnector } from '../../src/platforms/twitter/connector.js';
import type { PlatformConnector, SyncChunk, SyncRequest } from '../../src/platforms/types.js';
import { createYouTubeConnector } from '../../src/platforms/youtube/connector.js';
import { createSimulator, manualClock, type ManualClock, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';

export const START = new Date('2025-06-02T15:30:00Z');

export interface Harness {
  sim: Simulator;
  clock: ManualClock;
  origin: string;
  connector(platform: Platform, timeoutMs?: number): PlatformConnector;
  close(): Promise<void>;
}

export async function startHarness(options: Partial<SimulatorOptions> = {}): Promise<Harness> {
  const clock = manualClock(START);
  const sim = createSimulator({ seed: 42, now: clock.now, accounts: 2, postsPerAccount: 90, ...options });
  const origin = await sim.listen(0);
  const base = { clientId: 'sim-client', clientSecret: 'sim-secret', now: clock.now };
  return {
    sim,
    clock,
    origin,
    connector(platform, timeoutMs) {
      const cfg = timeoutMs === undefined ? base : { ...base, timeoutMs };
      switch (platform) {
        case 'youtube':
          return createYouTubeConnector({ ...cfg, dataOrigin: origin, analyticsOrigin: origin, oauthOrigin: origin });
        case 'tiktok':
          return createTikTokConnector({ ...cfg, origin });
        case 'instagram':
          return createInstagramConnector({ ...cfg, origin, oauthOrigin: origin });
        case 'twitter':
          return createTwitterConnector({ ...cfg, origin });
      }
    },
    close: () => sim.close(),
  };
}

export async function collect(gen: AsyncGenerator<SyncChunk>): Promise<SyncChunk[]> {
  const out: SyncChunk[] = [];
  for await (const chunk of gen) out.push(chunk);
  return out;
}

export function syncRequest(accessToken: string, externalId: string, mode: 'backfill' | 'recent' = 'backfill', extra: Partial<SyncRequest> = {}): SyncRequest {
  return { accessToken, externalId, options: { mode }, ...extra };
}

/** postId → metric → value, for comparing against the simulator's truth. */
export function metricTable(metrics: PostMetricObservation[]): Map<string, Record<string, number>> {
  const table = new Map<string, Record<string, number>>();
  for (const m of metrics) {
    const row = table.get(m.platformPostId) ?? {};
    row[m.metric] = m.value;
    table.set(m.platformPostId, row);
  }
  return table;
}

/** Runs `fn` and returns what it threw (fails the test when it does not throw). */
export async function caught(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure, got success');
}
