/**
 * Time-series line chart: one line per series over consecutive days, e.g.
 * views per platform per day. Missing days stay gaps instead of dropping to
 * zero, so a platform that does not report a metric is visibly absent.
 */
import type { EChartsOption, LineSeriesOption } from 'echarts';
import { baseOption, colorsFor, valueAxis } from './base-option.js';
import { dateAxis } from './date-axis.js';
import type { TimeSeriesChartInput } from './types.js';

/** Beyond this many points per line, markers turn into clutter. */
const MAX_POINTS_WITH_SYMBOLS = 45;

export function buildTimeSeriesLineOption(input: TimeSeriesChartInput): EChartsOption {
  const colors = colorsFor(input.series, input);
  const showSymbol = input.dates.length <= MAX_POINTS_WITH_SYMBOLS;
  const series: LineSeriesOption[] = input.series.map((s, i) => ({
    type: 'line',
    name: s.name,
    data: [...s.values],
    color: colors[i],
    showSymbol,
    symbolSize: 4,
    connectNulls: false,
    lineStyle: { width: input.dates.length > 200 ? 1.2 : 2 },
  }));
  return {
    ...baseOption(input, series.length),
    xAxis: dateAxis(input.dates),
    yAxis: valueAxis(input.valueType, input.yLabel),
    series,
  };
}
