import { describe, expect, it } from 'vitest';
import { buildBandLineOption } from '../src/charts/index.js';
import { renderChartSvg } from '../src/reports/render-svg.js';

const dates = ['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04'];
const input = {
  dates,
  lines: [
    { name: 'Observed', values: [10, 12, null, null] },
    { name: 'Forecast', values: [null, 12, 14, 15] },
  ],
  bands: [
    { name: '95% range', lower: [null, null, 9, 8], upper: [null, null, 19, 22] },
    { name: '80% range', lower: [null, null, 11, 10.5], upper: [null, null, 17, 19] },
  ],
  dashLaterLines: true,
};

type Series = { name: string; data: (number | null)[]; stack?: string; areaStyle?: unknown; lineStyle?: { type?: string } };

describe('band chart builder', () => {
  it('draws each band as its lower bound plus a stacked width, gaps kept, lines over the bands', () => {
    const option = buildBandLineOption(input);
    const series = option.series as Series[];
    expect(series.map((s) => s.name)).toEqual(['95% range (lower)', '95% range', '80% range (lower)', '80% range', 'Observed', 'Forecast']);
    // Width = upper − lower, worked out here by hand: 19 − 9, 22 − 8; 17 − 11, 19 − 10.5.
    expect(series[0]!.data).toEqual([null, null, 9, 8]);
    expect(series[1]!.data).toEqual([null, null, 10, 14]);
    expect(series[3]!.data).toEqual([null, null, 6, 8.5]);
    expect(series[0]!.stack).toBe(series[1]!.stack);
    expect(series[2]!.stack).not.toBe(series[0]!.stack);
    expect(series[1]!.areaStyle).toBeDefined();
    expect(series[0]!.areaStyle).toBeUndefined();
    expect(series[5]!.lineStyle?.type).toBe('dashed');
    expect(series[4]!.lineStyle?.type).toBeUndefined();
    expect((option.legend as { data: string[] }).data).toEqual(['Observed', 'Forecast', '95% range', '80% range']);
  });

  it('tooltip names the real bounds, not the stacked widths', () => {
    const option = buildBandLineOption(input);
    const formatter = (option.tooltip as { formatter: (p: unknown) => string }).formatter;
    const text = formatter([{ dataIndex: 3 }]);
    expect(text).toContain('Forecast: 15');
    expect(text).toContain('95% range: 8 – 22');
    expect(text).toContain('80% range: 10.5 – 19');
    expect(text).not.toContain('Observed');
  });

  it('renders on the server like the report charts', () => {
    const svg = renderChartSvg(buildBandLineOption(input), { width: 600, height: 300 });
    expect(svg).toContain('<svg');
    expect(svg).toContain('<path');
  });
});
