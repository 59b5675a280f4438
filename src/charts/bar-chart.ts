/**
 * Grouped bar chart: categories (e.g. platforms) side by side, one bar per
 * series. Values are printed on the bars while there are few enough to read,
 * because a printed report cannot show a tooltip.
 */
import type { BarSeriesOption, EChartsOption } from 'echarts';
import { formatAxisValue } from './axis-format.js';
import { baseOption, colorsFor, valueAxis } from './base-option.js';
import type { CategoryChartInput } from './types.js';

const MAX_BARS_WITH_LABELS = 16;

export function buildBarComparisonOption(input: CategoryChartInput): EChartsOption {
  const colors = colorsFor(input.series, input);
  const labelled = input.categories.length * input.series.length <= MAX_BARS_WITH_LABELS;
  const series: BarSeriesOption[] = input.series.map((s, i) => ({
    type: 'bar',
    name: s.name,
    data: [...s.values],
    color: colors[i],
    barMaxWidth: 48,
    label: {
      show: labelled,
      position: 'top',
      fontSize: 10,
      color: '#333333',
      // No halo: ECharts draws it with paint-order, which the PDF's SVG
      // renderer ignores, so the white outline would cover the digits.
      textBorderWidth: 0,
      formatter: (p: { value?: unknown }) => (typeof p.value === 'number' ? formatAxisValue(p.value, input.valueType) : ''),
    },
  }));
  return {
    ...baseOption(input, series.length),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: [...input.categories] },
    yAxis: valueAxis(input.valueType, input.yLabel),
    series,
  };
}
