import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'pb-config-'));

  it('has the documented defaults and keeps a generated secret in DATA_DIR', () => {
    const d = dir();
    const c = loadConfig({ DATA_DIR: d });
    expect([c.port, c.host, c.databaseUrl, c.redisUrl, c.logLevel]).toEqual([3000, '127.0.0.1', null, null, 'info']);
    expect(readFileSync(join(d, 'app-secret'), 'utf8').trim()).toBe(c.appSecret);
    expect(loadConfig({ DATA_DIR: d }).appSecret).toBe(c.appSecret);
  });

  it('refuses a REDIS_PREFIX with characters other than letters, digits and _ . : -', () => {
    expect(() => loadConfig({ DATA_DIR: dir(), REDIS_PREFIX: 'a b' })).toThrow(/REDIS_PREFIX/);
    expect(loadConfig({ DATA_DIR: dir(), REDIS_PREFIX: 'site-2:' }).redisPrefix).toBe('site-2:');
    expect(loadConfig({ DATA_DIR: dir() }).redisPrefix).toBe('');
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ DATA_DIR: dir(), PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATA_DIR: dir(), PORT: '70000' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATA_DIR: dir(), DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ DATA_DIR: dir(), REDIS_URL: 'not a url' })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ DATA_DIR: dir(), LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => loadConfig({ DATA_DIR: dir(), APP_SECRET: 'short' })).toThrow(/APP_SECRET/);
  });

  it('takes SMTP_URL and SMTP_FROM together, or neither', () => {
    expect(loadConfig({ DATA_DIR: dir() }).smtp).toBeNull();
    expect(loadConfig({ DATA_DIR: dir(), SMTP_URL: 'smtps://u:p@mail.example.com:465', SMTP_FROM: 'Reports <r@example.com>' }).smtp).toEqual({
      url: 'smtps://u:p@mail.example.com:465',
      from: 'Reports <r@example.com>',
    });
    expect(() => loadConfig({ DATA_DIR: dir(), SMTP_URL: 'smtp://mail.example.com' })).toThrow(/SMTP_FROM must be set/);
    expect(() => loadConfig({ DATA_DIR: dir(), SMTP_FROM: 'r@example.com' })).toThrow(/SMTP_FROM is set but SMTP_URL is not/);
    expect(() => loadConfig({ DATA_DIR: dir(), SMTP_URL: 'http://mail.example.com', SMTP_FROM: 'r@example.com' })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ DATA_DIR: dir(), SMTP_URL: 'smtp://mail.example.com', SMTP_FROM: 'Reports <nobody>' })).toThrow(/SMTP_FROM/);
  });

  it('names the platform variable that is wrong', () => {
    expect(() => loadConfig({ DATA_DIR: dir(), SYNC_CONCURRENCY: '0' })).toThrow(/SYNC_CONCURRENCY/);
    expect(() => loadConfig({ DATA_DIR: dir(), DEMO: 'maybe' })).toThrow(/DEMO/);
    expect(() => loadConfig({ DATA_DIR: dir(), YOUTUBE_CLIENT_ID: 'id' })).toThrow(/YOUTUBE_CLIENT_SECRET/);
    expect(() => loadConfig({ DATA_DIR: dir(), X_API_URL: 'ftp://x' })).toThrow(/X_API_URL/);
    expect(() => loadConfig({ DATA_DIR: dir(), LOG_LEVEL: '' })).toThrow(/LOG_LEVEL/);
  });

  it('refuses to start in production without APP_SECRET', () => {
    expect(() => loadConfig({ DATA_DIR: dir(), NODE_ENV: 'production' })).toThrow(/APP_SECRET/);
  });
});
