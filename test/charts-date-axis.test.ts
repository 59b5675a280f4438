/**
 * The date axis of the line and forecast charts (src/charts/date-axis.ts):
 * a long range is labelled at calendar month starts, about eight of them,
 * instead of letting ECharts measure every label; a short range keeps
 * ECharts' own spacing.
 */
import { describe, expect, it } from 'vitest';
import { buildBandLineOption, buildTimeSeriesLineOption } from '../src/charts/index.js';
import { monthStartLabels } from '../src/charts/date-axis.js';

function days(from: string, count: number): string[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
}

const labelled = (dates: string[]) => dates.filter((_, i) => monthStartLabels(dates)[i]);

describe('date axis labels', () => {
  it('two years of days: the 1st of January, April, July and October', () => {
    expect(labelled(days('2024-12-05', 730))).toEqual([
      '2025-01-01', '2025-04-01', '2025-07-01', '2025-10-01', '2026-01-01', '2026-04-01', '2026-07-01', '2026-10-01',
    ]);
  });

  it('one year of days: every other month; a first day that is the 1st is labelled', () => {
    expect(labelled(days('2025-01-01', 365))).toEqual(['2025-01-01', '2025-03-01', '2025-05-01', '2025-07-01', '2025-09-01', '2025-11-01']);
  });

  it('week starts: the first week of each labelled month', () => {
    const weeks = Array.from({ length: 104 }, (_, i) => new Date(Date.parse('2025-01-06T00:00:00Z') + i * 7 * 86_400_000).toISOString().slice(0, 10));
    const shown = labelled(weeks);
    expect(shown[0]).toBe('2025-04-07');
    expect(shown.every((d) => ['01', '04', '07', '10'].includes(d.slice(5, 7)) && Number(d.slice(8)) <= 7)).toBe(true);
    expect(shown).toHaveLength(7);
  });

  it('the line and the forecast chart use it past 90 dates, and ECharts spaces a short range itself', () => {
    type Axis = { data: string[]; axisLabel: { interval?: (index: number) => boolean; hideOverlap: boolean } };
    const long = days('2024-12-05', 730);
    const line = buildTimeSeriesLineOption({ dates: long, series: [{ name: 'Views', values: long.map(() => 1) }] }).xAxis as Axis;
    expect(line.data).toHaveLength(730);
    expect(long.filter((_, i) => line.axisLabel.interval!(i))).toEqual(labelled(long));
    const band = buildBandLineOption({ dates: long, lines: [{ name: 'Followers', values: long.map(() => 1) }], bands: [] }).xAxis as Axis;
    expect(long.filter((_, i) => band.axisLabel.interval!(i))).toEqual(labelled(long));
    const short = days('2026-11-07', 28);
    const month = buildTimeSeriesLineOption({ dates: short, series: [{ name: 'Views', values: short.map(() => 1) }] }).xAxis as Axis;
    expect(month.axisLabel.interval).toBeUndefined();
    expect(month.axisLabel.hideOverlap).toBe(true);
  });
});
