import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { REPORT_PERIOD_FIELDS, addDays, parsePeriod, previousPeriod, todayIn } from './period.js';

describe('parsePeriod', () => {
  const now = new Date('2026-03-10T23:30:00Z');

  it('defaults to the last 30 days ending today in the time zone', () => {
    // 23:30 UTC on March 10th is already March 11th in Tokyo.
    expect(todayIn('Asia/Tokyo', now)).toBe('2026-03-11');
    const p = parsePeriod({ tz: 'Asia/Tokyo' }, 'UTC', { now });
    expect([p.from, p.to, p.days]).toEqual(['2026-02-10', '2026-03-11', 30]);
    expect(parsePeriod({}, 'UTC', { now }).to).toBe('2026-03-10');
  });

  it('takes the whole range inclusive and its previous period of equal length', () => {
    const p = parsePeriod({ from: '2026-01-01', to: '2026-01-31', platforms: 'TikTok, youtube,tiktok' }, 'UTC', { now });
    expect(p.days).toBe(31);
    expect(p.platforms).toEqual(['tiktok', 'youtube']);
    const prev = previousPeriod(p);
    expect([prev.from, prev.to]).toEqual(['2025-12-01', '2025-12-31']);
  });

  it('accepts exactly five years and refuses more', () => {
    expect(() => parsePeriod({ from: '2021-01-01', to: '2025-12-31' }, 'UTC', { now })).not.toThrow();
    expect(() => parsePeriod({ from: '2020-01-01', to: '2025-12-31' }, 'UTC', { now })).toThrow(/to: the range/);
  });

  it('crosses month and leap-day boundaries', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});

describe('parsePeriod with a report\'s field names', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  const report = { fields: REPORT_PERIOD_FIELDS, datesRequired: true, now };
  const fieldOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      return e instanceof ValidationError ? (e.details as { field: string }).field : 'not a ValidationError';
    }
    return 'no error';
  };

  it('requires both dates and names each field as the report spells it', () => {
    expect(fieldOf(() => parsePeriod({ to: '2026-01-31' }, 'UTC', report))).toBe('date_range_start');
    expect(fieldOf(() => parsePeriod({ from: '2026-01-01', to: 'soon' }, 'UTC', report))).toBe('date_range_end');
    expect(fieldOf(() => parsePeriod({ from: '2026-02-01', to: '2026-01-31' }, 'UTC', report))).toBe('date_range_start');
    expect(fieldOf(() => parsePeriod({ from: '2016-01-01', to: '2026-01-31' }, 'UTC', report))).toBe('date_range_end');
    expect(fieldOf(() => parsePeriod({ from: '2026-01-01', to: '2026-01-31', tz: 'Mars/Olympus' }, 'UTC', report))).toBe('time_zone');
    expect(fieldOf(() => parsePeriod({ from: '2026-01-01', to: '2026-01-31', platforms: ['youtube', 'myspace'] }, 'UTC', report))).toBe('platforms');
  });

  it('says the same words whichever API asks', () => {
    const words = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return (e as ValidationError).details;
      }
    };
    const query = words(() => parsePeriod({ from: '2015-01-01', to: '2026-01-01' }, 'UTC', { now }));
    const body = words(() => parsePeriod({ from: '2015-01-01', to: '2026-01-01' }, 'UTC', report));
    expect(query).toEqual({ field: 'to', reason: expect.stringMatching(/at most 1830 days/) });
    expect(body).toEqual({ field: 'date_range_end', reason: (query as { reason: string }).reason });
  });

  it('takes platforms as an array or a comma list; a blank parameter means all, an empty list is refused', () => {
    const range = { from: '2026-01-01', to: '2026-01-31' };
    expect(parsePeriod({ ...range, platforms: ['TikTok', 'tiktok'] }, 'UTC', report).platforms).toEqual(['tiktok']);
    expect(() => parsePeriod({ ...range, platforms: [] }, 'UTC', report)).toThrow(/at least one/);
    expect(parsePeriod({ ...range, platforms: '' }, 'UTC', { now }).platforms).toHaveLength(4);
  });
});
