/**
 * A table section as a pdfmake table. The section title and the column labels
 * are both header rows, so on every page a long table continues on, the reader
 * sees which table it is and what each column means; keepWithHeaderRows stops
 * the header from ending up alone at the bottom of a page.
 */
import type { Content, TableCell } from 'pdfmake/interfaces.js';
import { formatCell } from '../format.js';
import type { TableColumn, TableSection } from '../types.js';
import { INK, LINK, RULE, ZEBRA, prefersWhiteText } from './theme.js';

/** More columns than this do not fit a portrait page at a readable size. */
export const MAX_PORTRAIT_COLUMNS = 8;

const HEADER_ROWS = 2;

/** The columns the PDF prints: those marked in_pdf: false stay in the JSON and CSV only. */
function pdfColumns(section: TableSection): TableColumn[] {
  return section.columns.filter((c) => c.in_pdf !== false);
}

export function needsLandscape(section: TableSection): boolean {
  return pdfColumns(section).length > MAX_PORTRAIT_COLUMNS;
}

export function tableBlock(section: TableSection, brandColor: string): Content {
  const columns = pdfColumns(section);
  const headerText = prefersWhiteText(brandColor) ? '#ffffff' : INK;
  const titleRow: TableCell[] = [
    { text: section.title, style: 'h2', colSpan: columns.length, margin: [-4, 0, 0, 2] },
    ...columns.slice(1).map(() => ({ text: '' })),
  ];
  const labelRow: TableCell[] = columns.map((c) => ({
    text: c.label,
    style: 'tableHeader',
    color: headerText,
    alignment: isNumeric(c) ? 'right' : 'left',
  }));
  const bodyRows: TableCell[][] = section.rows.map((row) =>
    columns.map((c) => {
      const cell: TableCell = { text: formatCell(row[c.key], c.type), style: 'tableCell', alignment: isNumeric(c) ? 'right' : 'left' };
      const url = c.link_key === undefined ? null : linkTarget(row[c.link_key]);
      return url === null ? cell : { ...cell, link: url, color: LINK };
    }),
  );
  if (bodyRows.length === 0) {
    bodyRows.push([{ text: 'No rows for this period.', style: 'note', colSpan: columns.length }, ...columns.slice(1).map(() => ({ text: '' }))]);
  }
  const content: Content[] = [
    {
      table: {
        headerRows: HEADER_ROWS,
        keepWithHeaderRows: 1,
        dontBreakRows: true,
        widths: columnWidths(columns, section.rows),
        body: [titleRow, labelRow, ...bodyRows],
      },
      layout: {
        hLineWidth: (i) => (i === HEADER_ROWS ? 0 : i > HEADER_ROWS ? 0.5 : 0),
        vLineWidth: () => 0,
        hLineColor: () => RULE,
        fillColor: (rowIndex) => (rowIndex === 1 ? brandColor : rowIndex > 1 && rowIndex % 2 === 1 ? ZEBRA : null),
        paddingLeft: () => 4,
        paddingRight: () => 4,
        paddingTop: (i) => (i === 0 ? 0 : 3),
        paddingBottom: (i) => (i === 0 ? 4 : 3),
      },
    },
  ];
  if (section.note) content.push({ text: section.note, style: 'note', margin: [0, 4, 0, 0] });
  return { stack: content, margin: [0, 0, 0, 12] };
}

/**
 * A link only to a web page: the URL comes from the platform (or an import
 * file), and a PDF viewer would also follow javascript: or file: targets.
 */
function linkTarget(value: unknown): string | null {
  return typeof value === 'string' && /^https?:\/\/\S+$/i.test(value) ? value : null;
}

function isNumeric(column: TableColumn): boolean {
  return column.type === 'int' || column.type === 'decimal' || column.type === 'percent';
}

/**
 * The text column with the longest content (usually a title) takes the spare
 * width and wraps; the others fit their content. Without a text column the
 * columns share the width evenly, which reads better than one stretched date.
 */
function columnWidths(columns: TableColumn[], rows: TableSection['rows']): ('*' | 'auto')[] {
  let flexible = -1;
  let longest = -1;
  columns.forEach((c, i) => {
    if (c.type !== 'text') return;
    const length = rows.reduce((max, row) => Math.max(max, String(row[c.key] ?? '').length), 0);
    if (length > longest) [flexible, longest] = [i, length];
  });
  if (flexible === -1) return columns.map(() => '*');
  return columns.map((_, i) => (i === flexible ? '*' : 'auto'));
}
