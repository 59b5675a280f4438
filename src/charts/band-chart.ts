/**
 * Line chart with uncertainty bands, e.g. a forecast with its 80 % and 95 %
 * intervals after the observed history. Each band is drawn as an invisible
 * lower line plus a stacked, translucent area of (upper − lower), its own
 * stack per band, so the narrower band shows darker inside the wider one.
 * The tooltip names the real bounds, not the stacked differences.
 */
import type { EChartsOption, LineSeriesOption } from 'echarts';
import { formatAxisValue } from './axis-format.js';
import { dateAxis } from './date-axis.js';
import { baseOption, colorsFor, valueAxis } from './base-option.js';
import type { BandChartInput } from './types.js';

const BAND_OPACITY = 0.18;

export function buildBandLineOption(input: BandChartInput): EChartsOption {
  const colors = colorsFor(input.lines, input);
  const bandColor = input.bandColor ?? colors[colors.length - 1] ?? '#2f6fde';
  const showSymbol = input.dates.length <= 45;
  const bandSeries: LineSeriesOption[] = input.bands.flatMap((band, i) => {
    const stack = `band-${i}`;
    const width = band.lower.map((low, j) => {
      const high = band.upper[j];
      return low === null || high === null || high === undefined ? null : high - low;
    });
    return [
      { type: 'line', name: `${band.name} (lower)`, data: [...band.lower], stack, lineStyle: { opacity: 0 }, showSymbol: false, silent: true, connectNulls: false },
      {
        type: 'line',
        name: band.name,
        data: width,
        stack,
        color: bandColor,
        lineStyle: { opacity: 0 },
        areaStyle: { color: bandColor, opacity: BAND_OPACITY },
        // The legend's swatch is the band's own translucent colour, not the line's.
        itemStyle: { color: bandColor, opacity: BAND_OPACITY * 2 },
        showSymbol: false,
        silent: true,
        connectNulls: false,
      },
    ];
  });
  const lineSeries: LineSeriesOption[] = input.lines.map((s, i) => ({
    type: 'line',
    name: s.name,
    data: [...s.values],
    color: colors[i],
    showSymbol,
    symbolSize: 4,
    connectNulls: false,
    lineStyle: { width: 2, ...(i > 0 && input.dashLaterLines ? { type: 'dashed' as const } : {}) },
  }));
  const legendNames = [...input.lines.map((l) => l.name), ...input.bands.map((b) => b.name)];
  const base = baseOption(input, legendNames.length);
  const format = (value: number | null | undefined) => (value === null || value === undefined ? '—' : formatAxisValue(value, input.valueType));
  return {
    ...base,
    legend: { ...(base.legend as object), data: legendNames },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const index = Array.isArray(params) ? ((params[0] as { dataIndex?: number } | undefined)?.dataIndex ?? 0) : 0;
        const rows = [input.dates[index] ?? ''];
        for (const line of input.lines) if (line.values[index] !== null && line.values[index] !== undefined) rows.push(`${line.name}: ${format(line.values[index])}`);
        for (const band of input.bands)
          if (band.lower[index] !== null && band.lower[index] !== undefined) rows.push(`${band.name}: ${format(band.lower[index])} – ${format(band.upper[index])}`);
        return rows.join('<br/>');
      },
    },
    xAxis: dateAxis(input.dates),
    yAxis: { ...(valueAxis(input.valueType, input.yLabel) as object), scale: true },
    // Bands first so the lines are drawn over them.
    series: [...bandSeries, ...lineSeries],
  };
}
