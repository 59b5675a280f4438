/**
 * ECharts with only the chart types and components the dashboard uses
 * (echarts/core). Its own chunk, loaded when the first chart mounts, so the
 * page's numbers render before the chart library has arrived.
 */
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

// Canvas: two years of days in four charts draw several times faster than as SVG nodes.
echarts.use([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type { ECharts } from 'echarts/core';

export function createChart(element: HTMLElement): echarts.ECharts {
  return echarts.init(element, undefined, { renderer: 'canvas' });
}
