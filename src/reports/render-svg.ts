/**
 * Server-side chart rendering: an ECharts option in, an SVG string out, with
 * no DOM (ECharts' SSR mode). Only the chart types and components the option
 * builders in src/charts use are registered, which keeps start-up small.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { EChartsOption } from 'echarts';

echarts.use([LineChart, BarChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, SVGRenderer]);

export interface SvgSize {
  /** Drawing size in CSS pixels; the PDF scales the result to the column width. */
  width: number;
  height: number;
}

/**
 * Renders the option and returns the SVG document. The root keeps its viewBox
 * but loses width/height: svg-to-pdfkit (inside pdfmake) ignores the size it
 * is asked to draw at when those attributes are present.
 */
export function renderChartSvg(option: EChartsOption, size: SvgSize): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ ...option, animation: false });
    return stripRootSize(chart.renderToSVGString(), size);
  } finally {
    chart.dispose();
  }
}

/** Removes width/height from the <svg> root and makes sure a viewBox is there. */
export function stripRootSize(svg: string, size: SvgSize): string {
  return svg.replace(/<svg\b[^>]*>/, (root) => {
    let out = root.replace(/\s(width|height)="[^"]*"/g, '');
    if (!/\sviewBox=/.test(out)) out = out.replace('<svg', `<svg viewBox="0 0 ${size.width} ${size.height}"`);
    return out;
  });
}
