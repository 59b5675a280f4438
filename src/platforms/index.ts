/**
 * Entry point for the sync engine and the accounts API: one connector per
 * platform, built from per-platform configuration (client credentials and,
 * for tests or the simulator, origins).
 */
import type { Platform } from '../analytics/catalog.js';
import { createInstagramConnector, type InstagramConnectorConfig } from './instagram/connector.js';
import { createTikTokConnector, type TikTokConnectorConfig } from './tiktok/connector.js';
import { createTwitterConnector, type TwitterConnectorConfig } from './twitter/connector.js';
import type { PlatformConnector } from './types.js';
import { createYouTubeConnector, type YouTubeConnectorConfig } from './youtube/connector.js';

export interface ConnectorConfigs {
  youtube: YouTubeConnectorConfig;
  tiktok: TikTokConnectorConfig;
  instagram: InstagramConnectorConfig;
  twitter: TwitterConnectorConfig;
}

export function createConnector<P extends Platform>(platform: P, config: ConnectorConfigs[P]): PlatformConnector {
  switch (platform) {
    case 'youtube':
      return createYouTubeConnector(config as YouTubeConnectorConfig);
    case 'tiktok':
      return createTikTokConnector(config as TikTokConnectorConfig);
    case 'instagram':
      return createInstagramConnector(config as InstagramConnectorConfig);
    case 'twitter':
      return createTwitterConnector(config as TwitterConnectorConfig);
    default:
      throw new Error(`unknown platform: ${String(platform)}`);
  }
}

/** Origins that point every connector at one simulator (it serves all paths on one origin). */
export function simulatorOrigins(origin: string): {
  [P in Platform]: Pick<ConnectorConfigs[P], keyof ConnectorConfigs[P] & ('origin' | 'dataOrigin' | 'analyticsOrigin' | 'oauthOrigin' | 'authorizeOrigin')>;
} {
  return {
    youtube: { dataOrigin: origin, analyticsOrigin: origin, oauthOrigin: origin, authorizeOrigin: origin },
    tiktok: { origin, authorizeOrigin: origin },
    instagram: { origin, oauthOrigin: origin, authorizeOrigin: origin },
    twitter: { origin, authorizeOrigin: origin },
  };
}

export * from './errors.js';
export type * from './types.js';
