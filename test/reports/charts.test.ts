import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBarComparisonOption, buildStackedBarOption, buildTimeSeriesLineOption, formatAxisValue } from '../../src/charts/index.js';
import { renderChartSvg, stripRootSize } from '../../src/reports/render-svg.js';
import { isoDay } from './sample-report.js';

const dates = Array.from({ length: 730 }, (_, i) => isoDay('2023-01-01', i));
const platforms = ['youtube', 'tiktok', 'instagram', 'twitter'];
const series = platforms.map((name, k) => ({ name, values: dates.map((_, i) => (k === 2 && i < 30 ? null : 1000 + ((i * (k + 3)) % 500))) }));

type SeriesOf<T> = T extends { series?: infer S } ? S : never;

describe('chart option builders', () => {
  it('line: one series per input, gaps stay null, no animation, no markers on long series', () => {
    const option = buildTimeSeriesLineOption({ dates, series });
    const out = option.series as { data: (number | null)[]; showSymbol: boolean; connectNulls: boolean }[];
    expect(option.animation).toBe(false);
    expect(out).toHaveLength(4);
    expect(out[2]!.data.slice(0, 30).every((v) => v === null)).toBe(true);
    expect(out[2]!.connectNulls).toBe(false);
    expect(out[0]!.showSymbol).toBe(false);
    expect((option.xAxis as { data: string[] }).data).toHaveLength(730);
  });

  it('line: copies its input instead of sharing arrays with the caller', () => {
    const input = { dates: ['2024-01-01'], series: [{ name: 'a', values: [1] }] };
    const option = buildTimeSeriesLineOption(input);
    ((option.series as { data: number[] }[])[0]!.data)[0] = 99;
    expect(input.series[0]!.values[0]).toBe(1);
  });

  it('bar: platforms side by side in platform colours', () => {
    const option = buildBarComparisonOption({ categories: platforms, series: [{ name: 'youtube', values: [1, 2, 3, 4] }] });
    const out = option.series as SeriesOf<typeof option>;
    expect(out).toMatchObject([{ type: 'bar', color: '#e62117', data: [1, 2, 3, 4] }]);
  });

  it('stacked bar: every part on one stack, nulls kept', () => {
    const option = buildStackedBarOption({
      categories: platforms,
      series: [
        { name: 'likes', values: [1, 2, 3, 4] },
        { name: 'saves', values: [null, null, 3, 4] },
      ],
    });
    const out = option.series as { stack: string; data: (number | null)[] }[];
    expect(out.map((s) => s.stack)).toEqual(['total', 'total']);
    expect(out[1]!.data).toEqual([null, null, 3, 4]);
  });

  it('formats axis values compactly', () => {
    expect(formatAxisValue(1_250_000)).toBe('1.3M');
    expect(formatAxisValue(12_000)).toBe('12k');
    expect(formatAxisValue(950)).toBe('950');
    expect(formatAxisValue(4.5, 'percent')).toBe('4.5%');
  });

  it('imports nothing Node-only, so the web dashboard can use the same builders', async () => {
    const dir = path.resolve(import.meta.dirname, '../../src/charts');
    for (const file of await readdir(dir)) {
      const source = await readFile(path.join(dir, file), 'utf8');
      const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
      for (const specifier of imports) {
        expect(specifier.startsWith('./') || specifier === 'echarts', `${file} imports ${specifier}`).toBe(true);
      }
    }
  });
});

describe('server-side SVG', () => {
  it('renders a 730-point, 4-series chart to an SVG that svg-to-pdfkit can scale', () => {
    renderChartSvg(buildTimeSeriesLineOption({ dates: dates.slice(0, 5), series: [{ name: 'warm-up', values: [1, 2, 3, 4, 5] }] }), { width: 100, height: 50 });
    const started = performance.now();
    const svg = renderChartSvg(buildTimeSeriesLineOption({ dates, series, fontFamily: 'Roboto' }), { width: 640, height: 290 });
    console.log(`730-point × 4-series line chart → SVG: ${(performance.now() - started).toFixed(1)} ms, ${svg.length} chars`);
    const root = /<svg\b[^>]*>/.exec(svg)![0];
    expect(root).toContain('viewBox="0 0 640 290"');
    expect(root).not.toMatch(/\s(width|height)=/);
    expect(svg).toContain('youtube');
    expect(svg).toContain('Roboto');
  });

  it('adds a viewBox when the root has only width and height', () => {
    expect(stripRootSize('<svg width="10" height="20"><rect width="5"/></svg>', { width: 10, height: 20 })).toBe(
      '<svg viewBox="0 0 10 20"><rect width="5"/></svg>',
    );
  });
});

describe('bar labels in print', () => {
  it('prints values on a few bars without a halo that would hide them in the PDF', () => {
    const svg = renderChartSvg(
      buildBarComparisonOption({ categories: ['a', 'b'], valueType: 'percent', series: [{ name: 's', values: [2.1, 5.4] }] }),
      { width: 400, height: 200 },
    );
    const label = /<text[^>]*>5\.4%<\/text>/.exec(svg)?.[0];
    expect(label).toBeDefined();
    expect(label).not.toContain('stroke="rgb(255,255,255)"');
  });
});
