import { describe, expect, it } from 'vitest';
import { addDays, parsePeriod, previousPeriod, todayIn } from './period.js';

describe('parsePeriod', () => {
  const now = new Date('2026-03-10T23:30:00Z');

  it('defaults to the last 30 days ending today in the time zone', () => {
    // 23:30 UTC on March 10th is already March 11th in Tokyo.
    expect(todayIn('Asia/Tokyo', now)).toBe('2026-03-11');
    const p = parsePeriod({ tz: 'Asia/Tokyo' }, 'UTC', now);
    expect([p.from, p.to, p.days]).toEqual(['2026-02-10', '2026-03-11', 30]);
    expect(parsePeriod({}, 'UTC', now).to).toBe('2026-03-10');
  });

  it('takes the whole range inclusive and its previous period of equal length', () => {
    const p = parsePeriod({ from: '2026-01-01', to: '2026-01-31', platforms: 'TikTok, youtube,tiktok' }, 'UTC', now);
    expect(p.days).toBe(31);
    expect(p.platforms).toEqual(['tiktok', 'youtube']);
    const prev = previousPeriod(p);
    expect([prev.from, prev.to]).toEqual(['2025-12-01', '2025-12-31']);
  });

  it('accepts exactly five years and refuses more', () => {
    expect(() => parsePeriod({ from: '2021-01-01', to: '2025-12-31' }, 'UTC', now)).not.toThrow();
    expect(() => parsePeriod({ from: '2020-01-01', to: '2025-12-31' }, 'UTC', now)).toThrow(/to: the range/);
  });

  it('crosses month and leap-day boundaries', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
