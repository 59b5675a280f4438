import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { REPORT_PERIOD_FIELDS, addDays, eachDay, parsePeriod, previousPeriod, resolvePeriod, todayIn } from './period.js';

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

  it('accepts any length from 2005-01-01 to a year after today, and refuses a day outside', () => {
    expect(parsePeriod({ from: '2005-01-01', to: '2027-03-10' }, 'UTC', { now }).days).toBe(8104);
    expect(() => parsePeriod({ from: '2004-12-31', to: '2025-12-31' }, 'UTC', { now })).toThrow(/^from: must be 2005-01-01 or later/);
    expect(() => parsePeriod({ from: '2026-01-01', to: '2027-03-11' }, 'UTC', { now })).toThrow(/^to: must be at most 1 year after today \(2027-03-10\)/);
    // A year after today in the zone: already March 11th in Tokyo.
    expect(parsePeriod({ from: '2026-01-01', to: '2027-03-11', tz: 'Asia/Tokyo' }, 'UTC', { now }).to).toBe('2027-03-11');
    // The default 30 days never start before 2005-01-01, so a refusal always names a field that was given.
    expect(parsePeriod({ to: '2005-01-10' }, 'UTC', { now }).from).toBe('2005-01-01');
    expect(() => parsePeriod({ range: 'all' }, 'UTC', { now })).toThrow(/^range:/);
  });

  it('resolves range=all from the earliest day in the zone to today', async () => {
    const zones: string[] = [];
    const earliest = async (tz: string) => (zones.push(tz), '2017-02-11');
    const p = await resolvePeriod({ range: 'all', tz: 'Asia/Tokyo' }, 'UTC', earliest, { now });
    expect([p.from, p.to, zones]).toEqual(['2017-02-11', '2026-03-11', ['Asia/Tokyo']]);
    expect((await resolvePeriod({ range: 'all' }, 'UTC', async () => null, { now })).from).toBe('2026-03-10');
    // Bad stored timestamps do not turn all time into a refusal.
    expect((await resolvePeriod({ range: 'all' }, 'UTC', async () => '1970-01-01', { now })).from).toBe('2005-01-01');
    await expect(resolvePeriod({ range: 'all', from: '2026-01-01' }, 'UTC', earliest, { now })).rejects.toThrow(/^range: cannot be combined/);
    await expect(resolvePeriod({ range: 'week' }, 'UTC', earliest, { now })).rejects.toThrow(/^range: must be one of all/);
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
    expect(fieldOf(() => parsePeriod({ from: '2016-01-01', to: '2026-01-31' }, 'UTC', report))).toBe('no error');
    expect(fieldOf(() => parsePeriod({ from: '2004-12-31', to: '2026-01-31' }, 'UTC', report))).toBe('date_range_start');
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
    const query = words(() => parsePeriod({ from: '2015-01-01', to: '2028-01-01' }, 'UTC', { now }));
    const body = words(() => parsePeriod({ from: '2015-01-01', to: '2028-01-01' }, 'UTC', report));
    expect(query).toEqual({ field: 'to', reason: 'must be at most 1 year after today (2027-03-10), got 2028-01-01' });
    expect(body).toEqual({ field: 'date_range_end', reason: (query as { reason: string }).reason });
  });

  it('takes platforms as an array or a comma list; a blank parameter means all, an empty list is refused', () => {
    const range = { from: '2026-01-01', to: '2026-01-31' };
    expect(parsePeriod({ ...range, platforms: ['TikTok', 'tiktok'] }, 'UTC', report).platforms).toEqual(['tiktok']);
    expect(() => parsePeriod({ ...range, platforms: [] }, 'UTC', report)).toThrow(/at least one/);
    expect(parsePeriod({ ...range, platforms: '' }, 'UTC', { now }).platforms).toHaveLength(4);
  });
});

describe('eachDay', () => {
  it('lists every calendar day of a range, both ends included, as addDays steps through them', () => {
    expect(eachDay('2024-02-27', '2024-03-01')).toEqual(['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01']);
    expect(eachDay('2026-12-31', '2026-12-31')).toEqual(['2026-12-31']);
    expect(eachDay('2026-01-02', '2026-01-01')).toEqual([]);
    const long = eachDay('2016-01-01', '2026-12-31');
    expect(long).toHaveLength(4018);
    long.forEach((day, i) => expect(day).toBe(addDays('2016-01-01', i)));
  });
});
