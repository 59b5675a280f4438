import { describe, expect, it } from 'vitest';
import { lastFullPeriod, nextRunAfter, zonedInstant } from './calendar.js';

describe('schedule calendar', () => {
  it('converts local wall time to an instant, across DST', () => {
    expect(zonedInstant('2026-01-15', 6, 'Europe/Berlin').toISOString()).toBe('2026-01-15T05:00:00.000Z');
    expect(zonedInstant('2026-07-15', 6, 'Europe/Berlin').toISOString()).toBe('2026-07-15T04:00:00.000Z');
    expect(zonedInstant('2026-03-29', 6, 'Europe/Berlin').toISOString()).toBe('2026-03-29T04:00:00.000Z');
    expect(zonedInstant('2026-05-04', 6, 'Asia/Kolkata').toISOString()).toBe('2026-05-04T00:30:00.000Z');
    expect(zonedInstant('2026-05-04', 6, 'America/Los_Angeles').toISOString()).toBe('2026-05-04T13:00:00.000Z');
  });

  it('finds the next Monday 06:00 or the next 1st 06:00 in the zone', () => {
    // Wednesday 2026-05-06
    expect(nextRunAfter('weekly', 'UTC', new Date('2026-05-06T12:00:00Z')).toISOString()).toBe('2026-05-11T06:00:00.000Z');
    // Monday before 06:00 local: today's run is still ahead
    expect(nextRunAfter('weekly', 'UTC', new Date('2026-05-11T05:59:00Z')).toISOString()).toBe('2026-05-11T06:00:00.000Z');
    expect(nextRunAfter('weekly', 'UTC', new Date('2026-05-11T06:00:00Z')).toISOString()).toBe('2026-05-18T06:00:00.000Z');
    expect(nextRunAfter('monthly', 'Europe/Berlin', new Date('2026-05-06T12:00:00Z')).toISOString()).toBe('2026-06-01T04:00:00.000Z');
    expect(nextRunAfter('monthly', 'UTC', new Date('2026-12-20T00:00:00Z')).toISOString()).toBe('2027-01-01T06:00:00.000Z');
  });

  it('covers the last full week Monday–Sunday or the last full month', () => {
    expect(lastFullPeriod('weekly', 'UTC', new Date('2026-05-11T06:00:00Z'))).toEqual({ from: '2026-05-04', to: '2026-05-10' });
    expect(lastFullPeriod('weekly', 'UTC', new Date('2026-05-10T23:00:00Z'))).toEqual({ from: '2026-04-27', to: '2026-05-03' });
    // 23:30 UTC on Sunday is already Monday in Kolkata
    expect(lastFullPeriod('weekly', 'Asia/Kolkata', new Date('2026-05-10T23:30:00Z'))).toEqual({ from: '2026-05-04', to: '2026-05-10' });
    expect(lastFullPeriod('monthly', 'UTC', new Date('2026-03-01T06:00:00Z'))).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(lastFullPeriod('monthly', 'UTC', new Date('2026-01-01T06:00:00Z'))).toEqual({ from: '2025-12-01', to: '2025-12-31' });
  });
});
