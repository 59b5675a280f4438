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
import { loadChartEngine } from './chart-engine-loader.js';

// A view that draws charts imports this file: fetch the library now (if its route has not), while the view loads its data.
void loadChartEngine();

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

/** The rows of a chart's table, built only once someone opens it (two years of days are 730 rows). */
function ChartDataTable({ label, table }: { label: string; table: ChartTable }) {
  const [open, setOpen] = useState(false);
  return (
    <details class="chart-table" onToggle={(event) => setOpen((event.currentTarget as HTMLDetailsElement).open)}>
      <summary>Show as table</summary>
      {open && (
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
      )}
    </details>
  );
}

export function Chart({ option, label, height = 260, table }: { option: EChartsOption; label: string; height?: number; table?: ChartTable }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const dark = useDarkMode();
  // What to draw now; the library may arrive after the first option, and draws the latest one.
  const shown = useRef<EChartsOption>(option);
  shown.current = dark ? forDarkMode(option) : option;

  const draw = (instance: ECharts) => {
    // Synchronous: with animation off, setOption paints the canvas before it returns.
    instance.setOption(shown.current, { notMerge: true });
    element.current?.setAttribute('data-rendered', 'true');
  };

  useEffect(() => {
    let disposed = false;
    let resize: ResizeObserver | null = null;
    void loadChartEngine().then(({ createChart }) => {
      const box = element.current;
      if (disposed || !box) return;
      const instance = createChart(box);
      chart.current = instance;
      draw(instance);
      // The observer reports the size once when it starts: redrawing at the size just drawn would
      // lay out the whole chart a second time, so only a real change of size redraws.
      resize = new ResizeObserver(() => {
        if (box.clientWidth !== instance.getWidth() || box.clientHeight !== instance.getHeight()) instance.resize();
      });
      resize.observe(box);
    });
    return () => {
      disposed = true;
      resize?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (chart.current) draw(chart.current);
  }, [option, dark]);

  return (
    <figure class="chart">
      <div ref={element} class="chart-canvas" style={{ height: `${height}px` }} role="img" aria-label={label} />
      {table && <ChartDataTable label={label} table={table} />}
    </figure>
  );
}
