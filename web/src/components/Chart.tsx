/**
 * An ECharts chart from an option made by src/charts (the PDF reports' own
 * builders), with its data as a table one click away for screen readers and
 * for anyone who wants the exact figures. Only the chart types and
 * components used are imported (echarts/core), to keep the bundle small.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { EChartsOption } from 'echarts';
import { useDarkMode } from '../lib/theme.js';
import type { ECharts } from './chart-engine.js';

/** One load of the chart library for the whole page. */
let engine: Promise<typeof import('./chart-engine.js')> | null = null;
const loadEngine = () => (engine ??= import('./chart-engine.js'));
// A view that draws charts imports this file: fetch the library now, while the view loads its data.
void loadEngine();

export interface ChartTable {
  columns: readonly string[];
  rows: readonly (readonly string[])[];
}

/** The builders draw for white paper; on a dark page text, grid lines and X's black line need light colours. */
function forDarkMode(option: EChartsOption): EChartsOption {
  const series = (Array.isArray(option.series) ? option.series : option.series ? [option.series] : []).map((s) => {
    const own = s as { color?: string; label?: object };
    const light = own.color === '#1d1d1f' ? { ...s, color: '#d8d8dc' } : s;
    // Bar values are printed in dark grey for paper.
    return own.label ? { ...light, label: { ...own.label, color: '#d8d8dc' } } : light;
  });
  const axisLabel = { color: '#b4b7c0' };
  return {
    ...option,
    textStyle: { ...(option.textStyle as object), color: '#d8d8dc' },
    legend: { ...(option.legend as object), textStyle: { color: '#d8d8dc' } },
    ...(option.xAxis ? { xAxis: { ...(option.xAxis as { axisLabel?: object }), axisLabel: { ...(option.xAxis as { axisLabel?: object }).axisLabel, ...axisLabel } } } : {}),
    yAxis: { ...(option.yAxis as { axisLabel?: object }), axisLabel: { ...(option.yAxis as { axisLabel?: object }).axisLabel, ...axisLabel }, splitLine: { lineStyle: { color: '#3a3a40' } } },
    series: series as EChartsOption['series'],
  };
}

export function Chart({ option, label, height = 260, table }: { option: EChartsOption; label: string; height?: number; table?: ChartTable }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const [ready, setReady] = useState(false);
  const dark = useDarkMode();

  useEffect(() => {
    let disposed = false;
    let resize: ResizeObserver | null = null;
    void loadEngine().then(({ createChart }) => {
      if (disposed || !element.current) return;
      const instance = createChart(element.current);
      chart.current = instance;
      resize = new ResizeObserver(() => instance.resize());
      resize.observe(element.current);
      setReady(true);
    });
    return () => {
      disposed = true;
      resize?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (!chart.current) return;
    chart.current.setOption(dark ? forDarkMode(option) : option, { notMerge: true });
    element.current?.setAttribute('data-rendered', 'true');
  }, [option, dark, ready]);

  return (
    <figure class="chart">
      <div ref={element} class="chart-canvas" style={{ height: `${height}px` }} role="img" aria-label={label} />
      {table && (
        <details class="chart-table">
          <summary>Show as table</summary>
          <div class="table-scroll">
            <table>
              <caption class="visually-hidden">{label}</caption>
              <thead>
                <tr>
                  {table.columns.map((c) => (
                    <th scope="col" key={c}>
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((row, i) => (
                  <tr key={i}>
                    {row.map((cell, j) => (j === 0 ? <th scope="row" key={j}>{cell}</th> : <td key={j}>{cell}</td>))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
    </figure>
  );
}
