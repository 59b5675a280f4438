/**
 * Assembles the whole PDF: cover, executive summary, then the report's
 * sections in order. Sections run on portrait pages; a table too wide for
 * portrait gets landscape pages of its own and the flow returns to portrait
 * after it. Every page but the cover carries a running header, and every page
 * a footer with the brand and "Page X of Y".
 */
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { formatRange } from '../format.js';
import type { ReportData, ReportSection } from '../types.js';
import { chartBlock } from './chart-block.js';
import { kpiGrid } from './kpi-grid.js';
import { PAGE_MARGINS, contentWidth, type PdfOrientation, type PdfPageSize } from './page-geometry.js';
import { needsLandscape, tableBlock } from './table-block.js';
import { INK, STYLES } from './theme.js';
import { titleBand, titlePage } from './title-page.js';
import { summaryPage } from './summary-page.js';
import { PDF_FONT } from './pdfmake-setup.js';

export interface PdfOptions {
  pageSize?: PdfPageSize;
}

export function buildDocumentDefinition(report: ReportData, options: PdfOptions = {}): TDocumentDefinitions {
  const pageSize = options.pageSize ?? 'A4';
  const runningTitle = `${report.report_name} · ${formatRange(report.range)}`;
  return {
    pageSize,
    pageOrientation: 'portrait',
    pageMargins: PAGE_MARGINS,
    info: {
      title: report.report_name,
      author: report.brand.name,
      subject: `${report.report_type} report, ${formatRange(report.range)} (${report.time_zone})`,
      creator: 'Pulseboard',
      producer: 'Pulseboard',
    },
    defaultStyle: { font: PDF_FONT, fontSize: 10, color: INK },
    styles: STYLES,
    background: (currentPage, size) => (currentPage === 1 ? titleBand(report, size.width) : null),
    header: (currentPage) =>
      currentPage === 1 ? null : { text: runningTitle, style: 'running', margin: [PAGE_MARGINS[0], 24, PAGE_MARGINS[2], 0] },
    footer: (currentPage, pageCount) => ({
      columns: [
        { text: report.brand.name, style: 'running' },
        { text: `Page ${currentPage} of ${pageCount}`, style: 'running', alignment: 'right' },
      ],
      margin: [PAGE_MARGINS[0], 16, PAGE_MARGINS[2], 0],
    }),
    content: [
      { section: titlePage(report) },
      { section: summaryPage(report) },
      ...pageGroups(report.sections).map((group) => ({
        section: group.sections.map((s) => sectionBlock(s, report, contentWidth(pageSize, group.orientation))),
        pageOrientation: group.orientation,
      })),
    ],
  };
}

interface PageGroup {
  orientation: PdfOrientation;
  sections: ReportSection[];
}

/** Consecutive sections that share an orientation share pages; a wide table starts its own group. */
function pageGroups(sections: readonly ReportSection[]): PageGroup[] {
  const groups: PageGroup[] = [];
  for (const section of sections) {
    const orientation: PdfOrientation = section.kind === 'table' && needsLandscape(section) ? 'landscape' : 'portrait';
    const last = groups.at(-1);
    if (last && last.orientation === orientation && orientation === 'portrait') last.sections.push(section);
    else groups.push({ orientation, sections: [section] });
  }
  return groups;
}

function sectionBlock(section: ReportSection, report: ReportData, width: number): Content {
  switch (section.kind) {
    case 'chart':
      return chartBlock(section, width);
    case 'table':
      return tableBlock(section, report.brand.color);
    case 'kpis': {
      const parts: Content[] = [{ text: section.title, style: 'h2' }, kpiGrid(section.items, report.brand.color)];
      if (section.note) parts.push({ text: section.note, style: 'note', margin: [0, 4, 0, 0] });
      return { stack: parts, unbreakable: true, margin: [0, 0, 0, 10] };
    }
  }
}
