/**
 * The cover: who it is from (brand), what it is (name and type), what it
 * covers (range, time zone, platforms) and when its numbers were taken. The
 * brand band is drawn by the page background so it can bleed to the edges.
 */
import type { Content } from 'pdfmake/interfaces.js';
import { formatRange, formatTimestamp } from '../format.js';
import type { ReportData } from '../types.js';
import { INK, MUTED, RULE, prefersWhiteText } from './theme.js';

export const TITLE_BAND_HEIGHT = 150;

const TYPE_LABELS: Record<ReportData['report_type'], string> = {
  performance: 'Performance report',
  growth: 'Growth report',
  comparison: 'Platform comparison',
  custom: 'Custom report',
};

const PLATFORM_LABELS: Record<string, string> = {
  youtube: 'YouTube',
  tiktok: 'TikTok',
  instagram: 'Instagram',
  twitter: 'X (Twitter)',
};

export function platformLabel(platform: string): string {
  return PLATFORM_LABELS[platform] ?? platform;
}

export function titleBand(report: ReportData, pageWidth: number): Content {
  return { canvas: [{ type: 'rect', x: 0, y: 0, w: pageWidth, h: TITLE_BAND_HEIGHT, color: report.brand.color }] };
}

export function titlePage(report: ReportData): Content {
  const onBand = prefersWhiteText(report.brand.color) ? '#ffffff' : INK;
  const meta: [string, string][] = [
    ['Period', formatRange(report.range)],
    ['Compared with', formatRange(report.summary.previous_range)],
    ['Time zone', report.time_zone],
    ['Platforms', report.platforms.map(platformLabel).join(', ')],
    ['Numbers taken at', formatTimestamp(report.generated_at)],
  ];
  return [
    { text: report.brand.name, style: 'brandName', color: onBand },
    { text: 'Social media analytics', fontSize: 9, color: onBand, margin: [0, 2, 0, 0] },
    { text: TYPE_LABELS[report.report_type], style: 'reportSubtitle', margin: [0, TITLE_BAND_HEIGHT - 56 + 40, 0, 6] },
    { text: report.report_name, style: 'reportTitle' },
    { canvas: [{ type: 'line', x1: 0, y1: 0, x2: 120, y2: 0, lineWidth: 3, lineColor: report.brand.color }], margin: [0, 14, 0, 18] },
    {
      table: {
        widths: [110, '*'],
        body: meta.map(([label, value]) => [
          { text: label, style: 'metaLabel', margin: [0, 2, 0, 0] },
          { text: value, style: 'metaValue' },
        ]),
      },
      layout: {
        hLineWidth: (i, node) => (i === 0 || i === node.table.body.length ? 0 : 0.5),
        vLineWidth: () => 0,
        hLineColor: () => RULE,
        paddingTop: () => 6,
        paddingBottom: () => 6,
        paddingLeft: () => 0,
      },
    },
    {
      text: 'Figures are frozen at the time above: a later download shows the same numbers. A dash (—) marks a value the platform does not report; it is never counted as zero.',
      fontSize: 8.5,
      color: MUTED,
      margin: [0, 24, 0, 0],
    },
  ];
}
