/**
 * Colours and text styles of the PDF. The brand colour is the user's; the rest
 * is neutral so any brand colour works with it.
 */
import type { StyleDictionary } from 'pdfmake/interfaces.js';

export const INK = '#1f2328';
export const MUTED = '#6a737d';
export const RULE = '#d0d7de';
export const ZEBRA = '#f6f8fa';
export const POSITIVE = '#1a7f37';
export const NEGATIVE = '#cf222e';
/** Linked cell text (a post title linking to the post): blue marks it as clickable on screen and stays legible in print. */
export const LINK = '#0550ae';

export const STYLES: StyleDictionary = {
  brandName: { fontSize: 13, bold: true, color: '#ffffff' },
  reportTitle: { fontSize: 28, bold: true, color: INK, lineHeight: 1.1 },
  reportSubtitle: { fontSize: 13, color: MUTED },
  metaLabel: { fontSize: 9, color: MUTED },
  metaValue: { fontSize: 11, color: INK },
  h1: { fontSize: 18, bold: true, color: INK, margin: [0, 0, 0, 6] },
  h2: { fontSize: 13, bold: true, color: INK, margin: [0, 14, 0, 4] },
  note: { fontSize: 8.5, italics: true, color: MUTED, margin: [0, 0, 0, 6] },
  kpiLabel: { fontSize: 8.5, color: MUTED },
  kpiValue: { fontSize: 17, bold: true, color: INK },
  kpiDetail: { fontSize: 8, color: MUTED },
  tableHeader: { fontSize: 8, bold: true, color: '#ffffff' },
  tableCell: { fontSize: 8, color: INK },
  running: { fontSize: 8, color: MUTED },
};

/** The brand colour mixed with white: for fills behind dark text. */
export function tint(hex: string, amount: number): string {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const mixed = channels.map((c) => Math.round(c + (255 - c) * amount));
  return `#${mixed.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** Whether white text is readable on the colour (WCAG relative luminance). */
export function prefersWhiteText(hex: string): boolean {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance < 0.4;
}
