/**
 * Platforms by the names a reader knows ("X", not the id "twitter"). Every
 * text meant for a person (report tables and charts, alert messages, insight
 * reasons) says a platform this way, so they all say the same thing.
 */
import type { Platform } from './catalog.js';

const PLATFORM_NAMES: Record<Platform, string> = { youtube: 'YouTube', tiktok: 'TikTok', instagram: 'Instagram', twitter: 'X' };

export function platformName(p: Platform): string {
  return PLATFORM_NAMES[p];
}

/** "1 post", "3 posts": a count with its noun, singular when it is one. */
export function counted(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
