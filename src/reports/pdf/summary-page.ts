/**
 * The executive summary: the key totals against the previous period of equal
 * length, then the caveats that apply to the whole report.
 */
import type { Content } from 'pdfmake/interfaces.js';
import { formatRange } from '../format.js';
import type { ReportData } from '../types.js';
import { kpiGrid } from './kpi-grid.js';

export function summaryPage(report: ReportData): Content {
  const parts: Content[] = [
    { text: 'Executive summary', style: 'h1' },
    {
      text: `Totals for ${formatRange(report.range)} compared with the previous period of equal length, ${formatRange(report.summary.previous_range)}. Rates compare in percentage points (pp).`,
      fontSize: 9.5,
      margin: [0, 0, 0, 10],
    },
    kpiGrid(report.summary.items, report.brand.color),
  ];
  if (report.notes.length > 0) {
    parts.push({ text: 'Notes', style: 'h2' }, { ul: report.notes.map((n) => ({ text: n, fontSize: 9 })) });
  }
  return parts;
}
