/**
 * Stacked bar chart: each category's total split into parts, e.g. engagement
 * per platform broken down into likes, comments, shares and saves. A null part
 * adds nothing to the stack (the platform does not report it); it is not drawn
 * as a zero-height segment with a label.
 */
import type { BarSeriesOption, EChartsOption } from 'echarts';
import { baseOption, colorsFor, valueAxis } from './base-option.js';
import { DEFAULT_PALETTE } from './palette.js';
import type { CategoryChartInput } from './types.js';

export function buildStackedBarOption(input: CategoryChartInput): EChartsOption {
  // Parts of a whole are not platforms: colour them from the palette even when
  // a part happens to share a platform's name.
  const colors = colorsFor(
    input.series.map((s) => ({ ...s, name: `part:${s.name}` })),
    { palette: input.palette ?? DEFAULT_PALETTE },
  );
  const series: BarSeriesOption[] = input.series.map((s, i) => ({
    type: 'bar',
    name: s.name,
    stack: 'total',
    data: [...s.values],
    color: colors[i],
    barMaxWidth: 56,
    emphasis: { focus: 'series' },
  }));
  return {
    ...baseOption(input, series.length),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: [...input.categories] },
    yAxis: valueAxis(input.valueType, input.yLabel),
    series,
  };
}
