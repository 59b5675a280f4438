/** Money as the API gives it: exact decimal strings in one currency each, shown in the browser's locale (never converted). */
import { MISSING } from '../../lib/format.js';

const formats = new Map<string, Intl.NumberFormat>();
function formatter(currency: string, maxDigits: number): Intl.NumberFormat | null {
  const key = `${currency}-${maxDigits}`;
  let f = formats.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat(undefined, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: maxDigits });
    } catch {
      return null;
    }
    formats.set(key, f);
  }
  return f;
}

/** A decimal string ("1234.50") with its currency symbol; the string itself when the locale cannot format it. */
export function formatMoney(amount: string, currency: string): string {
  const f = formatter(currency, 2);
  const value = Number(amount);
  return f && Number.isFinite(value) ? f.format(value) : `${amount} ${currency}`;
}

/** A per-unit figure (cost per engagement, per 1,000 views); null is a dash. */
export function formatRate(value: number | null, currency: string): string {
  if (value === null) return MISSING;
  const f = formatter(currency, 4);
  return f ? f.format(value) : `${value} ${currency}`;
}
