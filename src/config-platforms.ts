/**
 * Platform and sync settings, parsed from the environment object config.ts
 * hands over (config.ts stays the only reader of process.env).
 */
import type { Platform } from './analytics/catalog.js';

export class PlatformConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Invalid configuration: ${variable} ${reason}`);
  }
}

type Env = Record<string, string | undefined>;

/** Whatever platformSettings returns: the type is derived from the parser, so the two cannot drift apart. */
export type PlatformSettings = ReturnType<typeof platformSettings>;
export type PlatformOrigins = PlatformSettings['origins'];
/** Request budgets per platform API, in the platform's own units. */
export type BudgetSettings = PlatformSettings['budgets'];
export type ClientCredentials = NonNullable<ReturnType<typeof pair>>;

function origin(env: Env, name: string, fallback: string): string {
  const raw = env[name] || fallback;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new PlatformConfigError(name, 'is not a valid URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new PlatformConfigError(name, 'must be an http(s) URL');
  return raw.replace(/\/+$/, '');
}

function positive(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new PlatformConfigError(name, `must be a positive whole number, got "${raw}"`);
  return Number(raw);
}

function pair(env: Env, idName: string, secretName: string): { clientId: string; clientSecret: string } | null {
  const clientId = env[idName];
  const clientSecret = env[secretName];
  if (!clientId && !clientSecret) return null;
  if (!clientId) throw new PlatformConfigError(idName, `must be set together with ${secretName}`);
  if (!clientSecret) throw new PlatformConfigError(secretName, `must be set together with ${idName}`);
  return { clientId, clientSecret };
}

/**
 * The demo's Instagram budget per account and hour. Meta's 200 calls per hour
 * would defer the demo's first backfill (300 posts, one insights call each)
 * for most of an hour; the demo plays a larger account, and its simulator is
 * given this same limit (src/demo.ts), so the budget is still enforced against
 * a platform that enforces it too. BUDGET_INSTAGRAM_PER_HOUR sets both.
 */
export const DEMO_INSTAGRAM_PER_HOUR = 2000;

export function platformSettings(env: Env) {
  /** Credentials per platform; null when the operator has not configured that platform. */
  const credentials: Record<Platform, ClientCredentials | null> = {
    youtube: pair(env, 'YOUTUBE_CLIENT_ID', 'YOUTUBE_CLIENT_SECRET'),
    tiktok: pair(env, 'TIKTOK_CLIENT_KEY', 'TIKTOK_CLIENT_SECRET'),
    instagram: pair(env, 'INSTAGRAM_APP_ID', 'INSTAGRAM_APP_SECRET'),
    twitter: pair(env, 'X_CLIENT_ID', 'X_CLIENT_SECRET'),
  };
  const anyCredentials = Object.values(credentials).some((c) => c !== null);
  const demoRaw = env.DEMO;
  if (demoRaw !== undefined && demoRaw !== '' && demoRaw !== 'true' && demoRaw !== 'false') throw new PlatformConfigError('DEMO', 'must be true or false');
  const demo = demoRaw === 'true' || (demoRaw !== 'false' && !anyCredentials);
  return {
    origins: {
      youtubeData: origin(env, 'YOUTUBE_DATA_API_URL', 'https://www.googleapis.com'),
      youtubeAnalytics: origin(env, 'YOUTUBE_ANALYTICS_API_URL', 'https://youtubeanalytics.googleapis.com'),
      googleOAuth: origin(env, 'GOOGLE_OAUTH_URL', 'https://oauth2.googleapis.com'),
      tiktok: origin(env, 'TIKTOK_API_URL', 'https://open.tiktokapis.com'),
      instagram: origin(env, 'INSTAGRAM_API_URL', 'https://graph.instagram.com'),
      x: origin(env, 'X_API_URL', 'https://api.x.com'),
    },
    /** Credentials per platform; null when the operator has not configured that platform. */
    credentials,
    /** Request budgets per platform API, in the platform's own units. */
    budgets: {
      youtubeUnitsPerDay: positive(env, 'BUDGET_YOUTUBE_UNITS_PER_DAY', 10_000),
      tiktokPerMinute: positive(env, 'BUDGET_TIKTOK_PER_MINUTE', 100),
      instagramPerHourPerAccount: positive(env, 'BUDGET_INSTAGRAM_PER_HOUR', demo ? DEMO_INSTAGRAM_PER_HOUR : 200),
      xPer15MinPerAccount: positive(env, 'BUDGET_X_PER_15_MIN', 75),
    },
    /** Whether `npm start` runs the in-process simulator with a demo user: when no platform is configured, unless DEMO=false. */
    demo,
    /** Sync jobs one process runs at once. */
    syncConcurrency: positive(env, 'SYNC_CONCURRENCY', 4),
    /** Secret for verifying Meta webhook signatures (the app secret of the Meta app); null: Meta webhooks off. */
    metaWebhookSecret: env.META_WEBHOOK_SECRET || credentials.instagram?.clientSecret || null,
    /** Token Meta echoes on webhook verification. */
    metaWebhookVerifyToken: env.META_WEBHOOK_VERIFY_TOKEN || null,
    /** Secret shared with the YouTube PubSubHubbub hub (hub.secret); null: YouTube push off. */
    youtubeWebhookSecret: env.YOUTUBE_WEBHOOK_SECRET || null,
  };
}
