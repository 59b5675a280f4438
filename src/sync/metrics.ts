/**
 * Prometheus metrics of the sync engine (prom-client): runs by outcome,
 * platform requests and their latency, budget use. Labels are platforms, APIs
 * and outcomes only — never a user, an account or a token.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ResponseInfo } from '../platforms/types.js';
import type { AccountSyncResult } from './engine.js';

export interface SyncMetrics {
  registry: Registry;
  onResponse(info: ResponseInfo): void;
  onRun(result: AccountSyncResult): void;
}

export function createSyncMetrics(): SyncMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'pulseboard_' });
  const runs = new Counter({ name: 'pulseboard_sync_runs_total', help: 'Account syncs by platform, tier and outcome', labelNames: ['platform', 'tier', 'status'], registers: [registry] });
  const requests = new Counter({ name: 'pulseboard_platform_requests_total', help: 'Requests sent to platform APIs by HTTP status', labelNames: ['platform', 'api', 'status'], registers: [registry] });
  const units = new Counter({ name: 'pulseboard_platform_units_total', help: 'Budget units spent (YouTube quota units; otherwise calls)', labelNames: ['platform', 'api'], registers: [registry] });
  const latency = new Histogram({
    name: 'pulseboard_platform_request_seconds',
    help: 'Latency of platform API requests',
    labelNames: ['platform', 'api'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15],
    registers: [registry],
  });
  return {
    registry,
    onResponse(info) {
      requests.inc({ platform: info.platform, api: info.api, status: String(info.status) });
      units.inc({ platform: info.platform, api: info.api }, info.cost);
      latency.observe({ platform: info.platform, api: info.api }, info.latencyMs / 1000);
    },
    onRun(result) {
      if (result.platform) runs.inc({ platform: result.platform, tier: result.tier ?? 'none', status: result.status });
    },
  };
}
