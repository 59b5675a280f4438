/**
 * Key figures as a grid of cards: the value, the previous period's value and
 * the change, coloured by direction. Used by the executive summary and by KPI
 * sections. A missing value prints "—" and its change "n/a".
 */
import type { Content, TableCell } from 'pdfmake/interfaces.js';
import { changeDirection, formatChange, formatNumber } from '../format.js';
import type { Kpi } from '../types.js';
import { INK, MUTED, NEGATIVE, POSITIVE, tint } from './theme.js';

const CARDS_PER_ROW = 3;

export function kpiGrid(items: readonly Kpi[], brandColor: string): Content {
  if (items.length === 0) return { text: 'No figures in this section.', style: 'note' };
  const rows: TableCell[][] = [];
  for (let i = 0; i < items.length; i += CARDS_PER_ROW) {
    const row: TableCell[] = items.slice(i, i + CARDS_PER_ROW).map((kpi) => kpiCard(kpi));
    while (row.length < CARDS_PER_ROW) row.push({ text: '' });
    rows.push(row);
  }
  const fill = tint(brandColor, 0.92);
  return {
    table: { widths: Array(CARDS_PER_ROW).fill('*'), body: rows, dontBreakRows: true },
    layout: {
      // White rules of gutter width draw the gaps between the cards.
      hLineWidth: () => 6,
      vLineWidth: () => 6,
      hLineColor: () => '#ffffff',
      vLineColor: () => '#ffffff',
      fillColor: (rowIndex, node, columnIndex) => (isPadding(rows, rowIndex, columnIndex) ? null : fill),
      paddingLeft: () => 9,
      paddingRight: () => 9,
      paddingTop: () => 7,
      paddingBottom: () => 8,
    },
    margin: [-6, 0, -6, 0],
  };
}

function kpiCard(kpi: Kpi): TableCell {
  const direction = changeDirection(kpi);
  const changeColor = direction > 0 ? POSITIVE : direction < 0 ? NEGATIVE : MUTED;
  const lines: Content[] = [
    { text: kpi.label, style: 'kpiLabel' },
    { text: formatNumber(kpi.value, kpi.value_type), style: 'kpiValue', margin: [0, 2, 0, 2] },
    {
      text: [
        { text: formatChange(kpi), color: changeColor, bold: true },
        { text: `  vs ${formatNumber(kpi.previous, kpi.value_type)} before`, color: MUTED },
      ],
      style: 'kpiDetail',
    },
  ];
  if (kpi.sources && kpi.sources.length > 0) {
    lines.push({ text: `From ${kpi.sources.join(', ')}`, style: 'kpiDetail', color: INK, margin: [0, 2, 0, 0] });
  }
  return { stack: lines };
}

function isPadding(rows: TableCell[][], rowIndex: number, columnIndex: number): boolean {
  const cell = rows[rowIndex]?.[columnIndex];
  return typeof cell === 'object' && cell !== null && 'text' in cell && cell.text === '';
}
