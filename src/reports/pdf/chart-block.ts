/**
 * A chart section as a vector drawing: the section's data goes through the
 * same option builders the web dashboard uses, ECharts renders it to SVG on
 * the server, and pdfmake draws the SVG scaled to the column width.
 */
import type { EChartsOption } from 'echarts';
import type { Content } from 'pdfmake/interfaces.js';
import { buildBarComparisonOption, buildStackedBarOption, buildTimeSeriesLineOption } from '../../charts/index.js';
import { renderChartSvg } from '../render-svg.js';
import type { ChartSection } from '../types.js';
import { PDF_FONT } from './pdfmake-setup.js';

/** Drawing size in px. At ~515 pt wide the 11 px labels print at about 8.8 pt. */
const DRAWING = { width: 640, height: 290 };

export function chartOptionFor(section: ChartSection): EChartsOption {
  const style = { fontFamily: PDF_FONT, valueType: section.value_type, yLabel: section.y_label };
  const series = section.series.map((s) => ({ name: s.name, values: s.values }));
  switch (section.chart) {
    case 'line':
      return buildTimeSeriesLineOption({ ...style, dates: section.x.values, series });
    case 'bar':
      return buildBarComparisonOption({ ...style, categories: section.x.values, series });
    case 'stacked_bar':
      return buildStackedBarOption({ ...style, categories: section.x.values, series });
  }
}

export function chartBlock(section: ChartSection, width: number): Content {
  const svg = renderChartSvg(chartOptionFor(section), DRAWING);
  const parts: Content[] = [{ text: section.title, style: 'h2' }, { svg, width }];
  if (section.note) parts.push({ text: section.note, style: 'note', margin: [0, 4, 0, 0] });
  // Heading and drawing move to the next page together rather than split.
  return { stack: parts, unbreakable: true, margin: [0, 0, 0, 10] };
}
