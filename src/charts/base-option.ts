/**
 * The parts every Pulseboard chart shares: no animation (server rendering
 * takes the first frame, and printed pages have no time axis), one font, a
 * legend only when there is more than one series, and room for axis labels.
 */
import type { EChartsOption } from 'echarts';
import { formatAxisValue } from './axis-format.js';
import { DEFAULT_FONT_FAMILY, DEFAULT_PALETTE, seriesColor } from './palette.js';
import type { ChartSeriesInput, ChartStyle, ChartValueType } from './types.js';

export function baseOption(style: ChartStyle, seriesCount: number): EChartsOption {
  const showLegend = seriesCount > 1;
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { fontFamily: style.fontFamily ?? DEFAULT_FONT_FAMILY, fontSize: 11, color: '#333333' },
    // outerBounds 'same': the grid rect includes the axis labels and names (ECharts 6's containLabel).
    grid: { left: 8, right: 28, top: 28, bottom: showLegend ? 36 : 8, outerBoundsMode: 'same', outerBoundsContain: 'all' },
    legend: { show: showLegend, bottom: 0, icon: 'roundRect', itemWidth: 12, itemHeight: 8 },
    tooltip: { trigger: 'axis' },
  };
}

export function valueAxis(valueType: ChartValueType | undefined, name: string | undefined): EChartsOption['yAxis'] {
  return {
    type: 'value',
    name,
    nameTextStyle: { align: 'left' },
    axisLabel: { formatter: (value: number) => formatAxisValue(value, valueType) },
    splitLine: { lineStyle: { color: '#e6e6e6' } },
  };
}

export function colorsFor(series: readonly ChartSeriesInput[], style: ChartStyle): string[] {
  const palette = style.palette ?? DEFAULT_PALETTE;
  return series.map((s, i) => seriesColor(s.name, s.color, i, palette));
}
