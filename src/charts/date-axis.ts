/**
 * The x axis of the charts over dates (lines, forecast bands): one category
 * per date, labels that never overlap. On a long range the labels sit at
 * month starts, every k-th calendar month (Jan/Apr/Jul/Oct for k = 3), so
 * that about eight labels span it: ECharts' own 'auto' interval measures the
 * text of the labels to space them, which over two years of days was a
 * quarter of the time a chart took to draw in the browser, and month starts
 * read better than evenly spaced days, on screen and on paper.
 */
import type { EChartsOption } from 'echarts';

/** Up to this many dates, ECharts spaces the labels itself (cheap, and a short range may hold no month start). */
export const MAX_DATES_AUTO_LABELS = 90;

const TARGET_LABELS = 8;
const MONTH_STEPS = [1, 2, 3, 4, 6, 12] as const;

/**
 * Which dates (YYYY-MM-DD, ascending) carry a label: the first date of each
 * labelled month (days, week starts or month starts alike).
 */
export function monthStartLabels(dates: readonly string[]): boolean[] {
  const starts: number[] = [];
  for (let i = 0; i < dates.length; i++) {
    // The first date starts its month only when it is the 1st; otherwise its month is cut short.
    if (i === 0 ? dates[0]!.endsWith('-01') : dates[i]!.slice(0, 7) !== dates[i - 1]!.slice(0, 7)) starts.push(i);
  }
  const step = MONTH_STEPS.find((k) => starts.length / k <= TARGET_LABELS) ?? 12;
  const shown = new Array<boolean>(dates.length).fill(false);
  for (const i of starts) if ((Number(dates[i]!.slice(5, 7)) - 1) % step === 0) shown[i] = true;
  return shown;
}

export function dateAxis(dates: readonly string[]): EChartsOption['xAxis'] {
  const labelled = dates.length > MAX_DATES_AUTO_LABELS ? monthStartLabels(dates) : null;
  return {
    type: 'category',
    data: [...dates],
    boundaryGap: false,
    axisLabel: { hideOverlap: true, ...(labelled ? { interval: (index: number) => labelled[index] === true } : {}) },
    axisTick: { alignWithLabel: true },
  };
}
