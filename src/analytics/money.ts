/**
 * Money, exactly. Amounts travel as decimal strings ("12.30") and are added as
 * integers of micro-units (BigInt), never as floats: 0.10 + 0.20 is 0.30 here,
 * not 0.30000000000000004. Amounts of different currencies are never added or
 * converted: every figure belongs to one currency.
 */

/** ISO 4217 codes this runtime knows (Intl, ~160 real codes; test codes such as XXX are not among them). */
export const CURRENCIES: readonly string[] = Intl.supportedValuesOf('currency');
const CURRENCY_SET = new Set(CURRENCIES);

export function isCurrency(code: string): boolean {
  return CURRENCY_SET.has(code);
}

/** Stored and summed at this many decimal places (platform-reported revenue may carry more than 2). */
export const MONEY_SCALE = 6;
const UNIT = 10n ** BigInt(MONEY_SCALE);

/** Micro-units of a currency amount. */
export type Micros = bigint;

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** "12.3" → 12300000n. Throws on anything that is not a plain decimal, or on more than MONEY_SCALE places. */
export function toMicros(text: string): Micros {
  const m = DECIMAL.exec(text);
  if (!m) throw new Error(`not a decimal amount: ${text}`);
  const [, sign, whole, frac = ''] = m;
  if (frac.length > MONEY_SCALE) {
    // Trailing zeros beyond the scale (PostgreSQL's numeric text) carry no value.
    if (!/^0*$/.test(frac.slice(MONEY_SCALE))) throw new Error(`more than ${MONEY_SCALE} decimal places: ${text}`);
  }
  const units = BigInt(whole!) * UNIT + BigInt(frac.slice(0, MONEY_SCALE).padEnd(MONEY_SCALE, '0'));
  return sign === '-' ? -units : units;
}

/** 12300000n → "12.30": at least 2 decimal places, more only when the amount has them. */
export function fromMicros(value: Micros): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = abs / UNIT;
  let frac = (abs % UNIT).toString().padStart(MONEY_SCALE, '0').replace(/0+$/, '');
  if (frac.length < 2) frac = frac.padEnd(2, '0');
  return `${negative ? '-' : ''}${whole}.${frac}`;
}

export function sumMicros(values: Iterable<Micros>): Micros {
  let total = 0n;
  for (const v of values) total += v;
  return total;
}

/**
 * a / b as the nearest double to the exact quotient (both are exact integers,
 * so one float division rounds once); null when b is 0.
 */
export function ratio(a: Micros, b: Micros): number | null {
  if (b === 0n) return null;
  return Number(a) / Number(b);
}

/** Micro-units per `per` units of a count (e.g. cost per 1,000 views), as a number of currency units; null when the count is 0 or unknown. */
export function perCount(amount: Micros, count: number | null, per = 1): number | null {
  if (count === null || count === 0) return null;
  return (Number(amount) * per) / (Number(UNIT) * count);
}
