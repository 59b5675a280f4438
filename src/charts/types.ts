/**
 * Inputs of the chart option builders. Deliberately plain data (no report or
 * database types) because the web dashboard builds the same charts from the
 * same API responses, in the browser.
 */

/** How values are formatted on the axis and in tooltips. percent: 4.56 means 4.56 %. */
export type ChartValueType = 'int' | 'decimal' | 'percent';

export interface ChartSeriesInput {
  name: string;
  /** One value per category / date; null is a gap (missing is not zero). */
  values: readonly (number | null)[];
  /** Optional fixed colour, e.g. a platform's brand colour. */
  color?: string;
}

export interface ChartStyle {
  /** Font family used for every label; the PDF embeds Roboto, the web page has its own stack. */
  fontFamily?: string;
  /** Colours assigned to series without their own colour, in order. */
  palette?: readonly string[];
}

export interface TimeSeriesChartInput extends ChartStyle {
  /** Dates as YYYY-MM-DD, ascending. */
  dates: readonly string[];
  series: readonly ChartSeriesInput[];
  valueType?: ChartValueType;
  yLabel?: string;
}

export interface CategoryChartInput extends ChartStyle {
  /** Categories along the x axis, e.g. platforms. */
  categories: readonly string[];
  series: readonly ChartSeriesInput[];
  valueType?: ChartValueType;
  yLabel?: string;
}

export interface ChartBandInput {
  /** Legend name, e.g. "80% interval". */
  name: string;
  /** One bound per date; null where the band does not exist (e.g. over the history). */
  lower: readonly (number | null)[];
  upper: readonly (number | null)[];
}

export interface BandChartInput extends ChartStyle {
  /** Dates as YYYY-MM-DD, ascending. */
  dates: readonly string[];
  /** Lines drawn over the bands, e.g. the history and the point forecast (null = gap). */
  lines: readonly ChartSeriesInput[];
  /** Bands, widest first (drawn translucent, so narrower ones show darker). */
  bands: readonly ChartBandInput[];
  /** Colour of the bands (default: the last line's). */
  bandColor?: string;
  /** Draw every line after the first dashed (a forecast after its history). */
  dashLaterLines?: boolean;
  valueType?: ChartValueType;
  yLabel?: string;
}
