/**
 * Bytes of an uploaded export → text. The platforms write UTF-8 with or
 * without a BOM; Meta's per-metric exports were reported as UTF-16LE with a
 * BOM. UTF-16 without a BOM is recognised by its NUL bytes (an ASCII header
 * in UTF-16 has a NUL in every other byte); anything that still is not valid
 * text is rejected rather than imported as mojibake.
 */
import { ImportFileError } from './errors.js';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

export function decodeExport(bytes: Uint8Array): { text: string; encoding: TextEncodingName } {
  const encoding = sniffEncoding(bytes);
  let text: string;
  try {
    // fatal: invalid byte sequences throw instead of turning into U+FFFD.
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ImportFileError(`is not valid ${encoding.toUpperCase()} text; save the export as CSV (UTF-8 or UTF-16) and upload it again`);
  }
  if (text.includes('\u0000')) throw new ImportFileError('contains NUL characters: it is not a CSV text file');
  return { text, encoding };
}

function sniffEncoding(bytes: Uint8Array): TextEncodingName {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  // No BOM: look at the first bytes for the NUL pattern of UTF-16 ASCII text.
  const n = Math.min(bytes.length - (bytes.length % 2), 200);
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul += 1;
    if (bytes[i + 1] === 0) oddNul += 1;
  }
  const pairs = n / 2;
  if (pairs >= 2 && oddNul > pairs * 0.6 && evenNul === 0) return 'utf-16le';
  if (pairs >= 2 && evenNul > pairs * 0.6 && oddNul === 0) return 'utf-16be';
  return 'utf-8';
}
