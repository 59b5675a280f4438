/**
 * Configuration: the only module that reads process.env. Validated once at
 * start-up; an invalid value stops the process with a message naming the variable.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dataDirProblem } from './data-dir.js';
import { isEmailAddress } from './email-address.js';
import { PlatformConfigError, platformSettings, type PlatformSettings } from './config-platforms.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The configuration is whatever loadConfig returns: its type is derived from
 * the parser, so the validation and the type cannot drift apart (the shape
 * differs from the environment: a generated secret, parsed numbers, nested
 * settings). The documentation of each field sits where it is parsed.
 */
export type Config = ReturnType<typeof loadConfig>;
/** Outgoing mail for scheduled reports. */
export type SmtpSettings = NonNullable<Config['smtp']>;

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Invalid configuration: ${variable} ${reason}`);
  }
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function url(env: Env, name: string, protocols: string[]): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, 'is not a valid URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got ${parsed.protocol}`);
  }
  return raw;
}

/** SMTP_URL and SMTP_FROM go together: a relay needs a sender it accepts, so there is no made-up default. */
function smtp(env: Env) {
  const smtpUrl = url(env, 'SMTP_URL', ['smtp:', 'smtps:']);
  const from = env.SMTP_FROM?.trim() || null;
  if (smtpUrl === null) {
    if (from !== null) throw new ConfigError('SMTP_FROM', 'is set but SMTP_URL is not');
    return null;
  }
  if (from === null) throw new ConfigError('SMTP_FROM', 'must be set when SMTP_URL is (e.g. "Pulseboard <reports@example.com>")');
  const address = /<([^<>]*)>\s*$/.exec(from)?.[1] ?? from;
  if (!isEmailAddress(address)) throw new ConfigError('SMTP_FROM', `must be an e-mail address or "Name <address>", got "${from}"`);
  return {
    /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465 (TLS from the start). */
    url: smtpUrl,
    /** The From address of report mails. */
    from,
  };
}

/**
 * APP_SECRET: required in production; otherwise generated once and kept in
 * DATA_DIR so tokens and encrypted platform credentials survive restarts.
 */
function appSecret(env: Env, dataDir: string, production: boolean): string {
  const raw = env.APP_SECRET;
  if (raw !== undefined && raw !== '') {
    if (raw.length < 32) throw new ConfigError('APP_SECRET', 'must be at least 32 characters');
    return raw;
  }
  if (production) throw new ConfigError('APP_SECRET', 'must be set when NODE_ENV=production');
  const file = join(dataDir, 'app-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

function platformSettingsOrConfigError(env: Env): PlatformSettings {
  try {
    return platformSettings(env);
  } catch (err) {
    if (err instanceof PlatformConfigError) throw new ConfigError(err.variable, err.message.replace(/^Invalid configuration: \S+ /, ''));
    throw err;
  }
}

/** REDIS_PREFIX: empty by default, which keeps the keys an installation without it has always used. */
function redisPrefix(env: Env): string {
  const raw = env.REDIS_PREFIX ?? '';
  if (!/^[A-Za-z0-9_.:-]{0,64}$/.test(raw)) throw new ConfigError('REDIS_PREFIX', 'may hold only letters, digits and _ . : - (at most 64 characters)');
  return raw;
}

function logLevel(env: Env): LogLevel {
  const raw = env.LOG_LEVEL ?? 'info';
  const level = LOG_LEVELS.find((l) => l === raw);
  if (level === undefined) throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  return level;
}

export function loadConfig(env: Env = process.env) {
  const production = env.NODE_ENV === 'production';
  const level = logLevel(env);
  const host = env.HOST || '127.0.0.1';
  const dataDir = resolve(env.DATA_DIR || './data');
  // Before anything is read from or written into it (the generated secret just below).
  const unsafe = dataDirProblem(dataDir);
  if (unsafe) throw new ConfigError('DATA_DIR', unsafe);
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host,
    dataDir,
    /** Unset: embedded PostgreSQL (PGlite) under dataDir/pglite. */
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    /** Unset: cache, queue and events run in-process. */
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    /** Put before every Redis key and channel, so installations (or test runs) sharing one Redis never see each other's jobs, locks, budgets, cache or events. */
    redisPrefix: redisPrefix(env),
    /** Secret for signing tokens and encrypting platform tokens at rest. */
    appSecret: appSecret(env, dataDir, production),
    logLevel: level,
    production,
    /** Lifetime of a login token, in seconds. */
    tokenTtlSeconds: integer(env, 'TOKEN_TTL_SECONDS', 7 * 24 * 3600, 60, 365 * 24 * 3600),
    /** How long an analytics response may be served from cache, in seconds (ingestion invalidates sooner). */
    cacheTtlSeconds: integer(env, 'CACHE_TTL_SECONDS', 600, 1, 24 * 3600),
    /** Days a generated report (and its share links) is kept before it expires and is deleted. */
    reportTtlDays: integer(env, 'REPORT_TTL_DAYS', 30, 1, 3650),
    /** Raw snapshots older than this many days are compacted to the last of each day (docs/data-retention.md). */
    compactionHorizonDays: integer(env, 'COMPACTION_HORIZON_DAYS', 730, 1, 36_500),
    /** Upper bound on computing one report, in milliseconds; over it the request gets 408 and nothing is stored. */
    reportTimeoutMs: integer(env, 'REPORT_TIMEOUT_MS', 30_000, 1, 600_000),
    /** Most rows one GET /analytics/export may stream; more is answered with 413. */
    exportRowLimit: integer(env, 'EXPORT_ROW_LIMIT', 5_000_000, 1, 1_000_000_000),
    /** Base URL people reach the API at (for links in webhooks and API responses); null: links are relative paths. */
    publicUrl: url(env, 'PUBLIC_URL', ['http:', 'https:'])?.replace(/\/+$/, '') ?? null,
    /** Outgoing mail for scheduled reports (SMTP_URL, SMTP_FROM); null: e-mail recipients are refused. */
    smtp: smtp(env),
    /** Live updates (WebSocket): heartbeat period, ticket lifetime, and how much a slow socket may have queued before it is closed. */
    live: {
      heartbeatMs: integer(env, 'LIVE_HEARTBEAT_MS', 25_000, 10, 3_600_000),
      ticketTtlMs: integer(env, 'LIVE_TICKET_TTL_MS', 60_000, 100, 3_600_000),
      maxBufferedBytes: integer(env, 'LIVE_MAX_BUFFERED_BYTES', 1024 * 1024, 1024, 1024 * 1024 * 1024),
    },
    /** Platform origins, credentials, request budgets, demo and sync settings. */
    platforms: platformSettingsOrConfigError(env),
  };
}
