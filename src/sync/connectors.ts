/** Builds the four connectors from configuration (or, for the demo and tests, all on one simulator origin). */
import { PLATFORMS, type Platform } from '../analytics/catalog.js';
import type { PlatformSettings } from '../config-platforms.js';
import { createConnector, simulatorOrigins, type ConnectorConfigs } from '../platforms/index.js';
import type { PlatformConnector } from '../platforms/types.js';

export type Connectors = Record<Platform, PlatformConnector>;

export interface ConnectorOverrides {
  /** Every platform API, token and consent endpoint on this origin (the simulator). */
  origin?: string;
  /** Client credentials to use where none are configured (the simulator's). */
  credentials?: { clientId: string; clientSecret: string };
  now?: () => Date;
  timeoutMs?: number;
}

function configuredOrigins(o: PlatformSettings['origins']): ReturnType<typeof simulatorOrigins> {
  return {
    youtube: { dataOrigin: o.youtubeData, analyticsOrigin: o.youtubeAnalytics, oauthOrigin: o.googleOAuth },
    tiktok: { origin: o.tiktok },
    instagram: { origin: o.instagram },
    twitter: { origin: o.x },
  };
}

export function createConnectors(settings: PlatformSettings, o: ConnectorOverrides = {}): Connectors {
  const origins = o.origin ? simulatorOrigins(o.origin) : configuredOrigins(settings.origins);
  const common = { ...(o.now ? { now: o.now } : {}), ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}) };
  const build = <P extends Platform>(p: P): PlatformConnector =>
    createConnector(p, {
      // Without configured credentials a connector can still read with tokens obtained elsewhere; it cannot refresh them.
      ...(settings.credentials[p] ?? o.credentials ?? { clientId: '', clientSecret: '' }),
      ...common,
      ...origins[p],
    } as ConnectorConfigs[P]);
  return Object.fromEntries(PLATFORMS.map((p) => [p, build(p)])) as Connectors;
}
