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

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ DATA_DIR: dir(), PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATA_DIR: dir(), PORT: '70000' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATA_DIR: dir(), DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ DATA_DIR: dir(), REDIS_URL: 'not a url' })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ DATA_DIR: dir(), LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => loadConfig({ DATA_DIR: dir(), APP_SECRET: 'short' })).toThrow(/APP_SECRET/);
  });

  it('refuses to start in production without APP_SECRET', () => {
    expect(() => loadConfig({ DATA_DIR: dir(), NODE_ENV: 'production' })).toThrow(/APP_SECRET/);
  });
});
