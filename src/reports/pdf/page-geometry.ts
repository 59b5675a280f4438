/**
 * Page sizes and the width left for content, which charts need up front:
 * an SVG is drawn at a fixed aspect ratio, scaled to the column width.
 */
export type PdfPageSize = 'A4' | 'LETTER';
export type PdfOrientation = 'portrait' | 'landscape';

/** Points (1/72 in). */
const PAGE_POINTS: Record<PdfPageSize, { width: number; height: number }> = {
  A4: { width: 595.28, height: 841.89 },
  LETTER: { width: 612, height: 792 },
};

/** [left, top, right, bottom]: the top leaves room for the running header, the bottom for the footer. */
export const PAGE_MARGINS: [number, number, number, number] = [40, 56, 40, 48];

export function contentWidth(size: PdfPageSize, orientation: PdfOrientation): number {
  const page = PAGE_POINTS[size];
  const width = orientation === 'portrait' ? page.width : page.height;
  return width - PAGE_MARGINS[0] - PAGE_MARGINS[2];
}
