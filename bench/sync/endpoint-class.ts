import type { Platform } from '../../src/analytics/catalog.js';

/** Endpoint classes: what draws from which budget. */
export function endpointClass(platform: Platform, endpoint: string): string {
  if (platform === 'youtube') {
    if (endpoint.startsWith('GET /youtube/v3/')) return 'youtube-data';
    if (endpoint === 'GET /v2/reports') return 'youtube-analytics';
    return 'oauth';
  }
  if (/token/.test(endpoint)) return 'oauth';
  return platform === 'twitter' ? 'x' : platform;
}
