// Presentation of the API's exact decimal strings: grouping, compact units,
// percentages, signs, times, addresses. The digits themselves are parsed,
// rounded and computed by @pvp/math's exact decimal codec, never through
// floats. Charts may call toNumber() for plotting; nothing shown as text does.
import { absolute, divide, isZero, round, roundSignificant, shift, splitDecimal, subtract } from '@pvp/math/decimal';

function group(int: string): string {
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export interface AmountOptions {
  /** Fractional digits at most (default 4); fewer when they are zeros unless `fixed`. */
  decimals?: number;
  /** Always show exactly `decimals` digits. */
  fixed?: boolean;
  /** Thousands separators (default true). */
  grouping?: boolean;
  /** Prefix "+" to positive values (changes, PnL). */
  sign?: boolean;
  /** Unit appended after a space (token symbol). */
  unit?: string;
}

/** "1234567.891" → "1,234,567.891" (rounded to `decimals`). */
export function formatAmount(value: string, opts: AmountOptions = {}): string {
  const decimals = opts.decimals ?? 4;
  const p = splitDecimal(round(value, decimals));
  const frac = opts.fixed ? p.frac.padEnd(decimals, '0') : p.frac;
  const int = opts.grouping === false ? p.int : group(p.int);
  const sign = p.negative ? '−' : opts.sign && !isZero(value) ? '+' : '';
  return `${sign}${int}${frac ? `.${frac}` : ''}${opts.unit ? ` ${opts.unit}` : ''}`;
}

const COMPACT: Array<[number, string]> = [
  [12, 'T'],
  [9, 'B'],
  [6, 'M'],
  [3, 'K'],
];

/** Compact numbers: "1234567" → "1.23M", "-987.654" → "−987.65", "0.000123" → "0.000123". */
export function formatCompact(value: string, opts: { digits?: number; sign?: boolean; unit?: string } = {}): string {
  const digits = opts.digits ?? 2;
  const p = splitDecimal(value);
  const abs = absolute(value);
  const intDigits = p.int === '0' ? 0 : p.int.length;
  let body: string | null = null;
  const units = [...COMPACT].reverse(); // K, M, B, T
  let i = units.findIndex(([exp], k) => intDigits > exp && (k === units.length - 1 || intDigits <= units[k + 1]![0]));
  if (i < 0 && intDigits > 3) i = units.length - 1;
  if (i < 0 && intDigits === 3 && splitDecimal(round(abs, digits)).int.length > 3) i = 0; // 999.999 → 1K
  while (i >= 0) {
    const [exp, suffix] = units[i]!;
    const r = round(shift(abs, -exp), digits);
    // 999.999K rounds to 1000K: move up a unit where there is one
    if (splitDecimal(r).int.length > 3 && i < units.length - 1) {
      i++;
      continue;
    }
    body = `${r}${suffix}`;
    break;
  }
  if (body === null) {
    if (intDigits > 0 || abs === '0') body = round(abs, digits);
    else body = roundSignificant(abs, digits); // small numbers: keep `digits` significant digits
  }
  const sign = p.negative ? '−' : opts.sign && !isZero(value) ? '+' : '';
  return `${sign}${body}${opts.unit ? ` ${opts.unit}` : ''}`;
}

/** A ratio as a percentage: "0.12345" → "12.35%". */
export function formatPercent(ratio: string, opts: { decimals?: number; sign?: boolean } = {}): string {
  return `${formatAmount(shift(ratio, 2), { decimals: opts.decimals ?? 2, sign: opts.sign, fixed: true })}%`;
}

/** Basis points as a percentage: 30 → "0.3%". */
export function formatBps(bps: number): string {
  return `${formatAmount(shift(String(bps), -2), { decimals: 2 })}%`;
}

/** Change from `before` to `now` in words for headline figures: "+12.5 (+3.2%)". */
export function formatChange(now: string, before: string | null | undefined, opts: { decimals?: number; compact?: boolean } = {}): string {
  if (before === null || before === undefined) return 'new';
  const diff = subtract(now, before);
  const abs = opts.compact ? formatCompact(diff, { sign: true }) : formatAmount(diff, { decimals: opts.decimals ?? 4, sign: true });
  const ratio = isZero(before) ? null : divide(diff, absolute(before), 6);
  return ratio === null ? abs : `${abs} (${formatPercent(ratio, { sign: true })})`;
}

/** For charts only: the nearest double. Never used for text. */
export function toNumber(value: string): number {
  return Number(value);
}

/** Unix seconds → "2026-05-01 14:00" (UTC). */
export function formatTime(seconds: number, opts: { date?: boolean } = {}): string {
  const iso = new Date(seconds * 1000).toISOString();
  return opts.date ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** 0x1234…abcd */
export function shortAddress(address: string): string {
  return address.length > 14 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}
