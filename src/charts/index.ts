/** Chart option builders shared by the PDF renderer and the web dashboard. */
export { buildTimeSeriesLineOption } from './line-chart.js';
export { buildBarComparisonOption } from './bar-chart.js';
export { buildStackedBarOption } from './stacked-bar-chart.js';
export { buildBandLineOption } from './band-chart.js';
export { formatAxisValue, formatCompact } from './axis-format.js';
export { DEFAULT_FONT_FAMILY, DEFAULT_PALETTE, PLATFORM_COLORS } from './palette.js';
export type { BandChartInput, ChartBandInput, CategoryChartInput, ChartSeriesInput, ChartStyle, ChartValueType, TimeSeriesChartInput } from './types.js';
