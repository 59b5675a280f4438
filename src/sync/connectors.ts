/** Builds the four connectors from configuration (or, for the demo and tests, all on one simulator origin). */
import type { Platform } from '../analytics/catalog.js';
import type { PlatformSettings } from '../config-platforms.js';
import { createInstagramConnector } from '../platforms/instagram/connector.js';
import { createTikTokConnector } from '../platforms/tiktok/connector.js';
import { createTwitterConnector } from '../platforms/twitter/connector.js';
import type { PlatformConnector } from '../platforms/types.js';
import { createYouTubeConnector } from '../platforms/youtube/connector.js';

export type Connectors = Record<Platform, PlatformConnector>;

export interface ConnectorOverrides {
  /** Every platform API, token and consent endpoint on this origin (the simulator). */
  origin?: string;
  /** Client credentials to use where none are configured (the simulator's). */
  credentials?: { clientId: string; clientSecret: string };
  now?: () => Date;
  timeoutMs?: number;
}

export function createConnectors(settings: PlatformSettings, o: ConnectorOverrides = {}): Connectors {
  // A platform without configured credentials can still read with tokens obtained elsewhere; it cannot refresh them.
  const creds = (p: Platform) => settings.credentials[p] ?? o.credentials ?? { clientId: '', clientSecret: '' };
  const common = { ...(o.now ? { now: o.now } : {}), ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}) };
  const origins = settings.origins;
  return {
    youtube: createYouTubeConnector({
      ...creds('youtube'),
      ...common,
      dataOrigin: o.origin ?? origins.youtubeData,
      analyticsOrigin: o.origin ?? origins.youtubeAnalytics,
      oauthOrigin: o.origin ?? origins.googleOAuth,
      ...(o.origin ? { authorizeOrigin: o.origin } : {}),
    }),
    tiktok: createTikTokConnector({ ...creds('tiktok'), ...common, origin: o.origin ?? origins.tiktok, ...(o.origin ? { authorizeOrigin: o.origin } : {}) }),
    instagram: createInstagramConnector({
      ...creds('instagram'),
      ...common,
      origin: o.origin ?? origins.instagram,
      ...(o.origin ? { oauthOrigin: o.origin, authorizeOrigin: o.origin } : {}),
    }),
    twitter: createTwitterConnector({ ...creds('twitter'), ...common, origin: o.origin ?? origins.x, ...(o.origin ? { authorizeOrigin: o.origin } : {}) }),
  };
}
