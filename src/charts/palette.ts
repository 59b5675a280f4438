/**
 * Series colours. Platform colours are the platforms' own hues, adjusted where
 * the original would vanish on white paper (X is black, TikTok's cyan is pale).
 */
export const PLATFORM_COLORS: Readonly<Record<string, string>> = {
  youtube: '#e62117',
  tiktok: '#00a3a6',
  instagram: '#c13584',
  twitter: '#1d1d1f',
  // Reports name the platform by its current name.
  x: '#1d1d1f',
};

/** Distinguishable on screen and in greyscale print, used when no colour is given. */
export const DEFAULT_PALETTE: readonly string[] = [
  '#2f6fde',
  '#f28e2b',
  '#59a14f',
  '#e15759',
  '#76b7b2',
  '#b07aa1',
  '#edc948',
  '#9c755f',
];

export const DEFAULT_FONT_FAMILY = 'Roboto, Helvetica, Arial, sans-serif';

/** The colour of series i: its own, else its platform's, else the palette's. */
export function seriesColor(name: string, own: string | undefined, index: number, palette: readonly string[]): string {
  return own ?? PLATFORM_COLORS[name.toLowerCase()] ?? palette[index % palette.length] ?? '#2f6fde';
}
