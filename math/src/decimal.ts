// The exact decimal codec: on-chain integers ↔ fixed-point decimal strings for
// any number of decimals (6, 8, 18, …), and the decimal-string arithmetic the
// dashboards need. Strings in, strings out, bigint inside; no float anywhere.
// Every output is canonical: no leading zeros, no trailing fractional zeros,
// no "-0", no exponent.
import { divRound, type Rounding } from './integer.ts';

export type DecimalErrorCode = 'MALFORMED' | 'TOO_PRECISE' | 'OUT_OF_RANGE' | 'DIVISION_BY_ZERO';

/** A decimal that cannot be read or computed; `code` says which, `input` is what was given. */
export class DecimalError extends Error {
  override name = 'DecimalError';
  constructor(
    readonly code: DecimalErrorCode,
    message: string,
    readonly input?: string,
  ) {
    super(message);
  }
}

/** An exact decimal: units / 10^scale (scale ≥ 0). */
export interface Decimal {
  units: bigint;
  scale: number;
}

const PLAIN = /^(-)?(\d+)(?:\.(\d+))?$/;
// Postgres numeric text and graph-node BigDecimal text: "5.", ".5", "1.5e-7", "1E+21".
const WITH_EXPONENT = /^(-)?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
/** Postgres numeric holds at most 131072 digits before the point: larger exponents are not numbers any store writes. */
const MAX_EXPONENT = 131_072;

function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}

function malformed(text: unknown, what = 'a decimal number such as "12", "-0.5" or "1234.000001"'): DecimalError {
  const shown = typeof text === 'string' ? quote(text) : String(text);
  return new DecimalError('MALFORMED', `${shown} is not ${what}`, typeof text === 'string' ? text : undefined);
}

function checkDecimals(decimals: number): void {
  if (!Number.isSafeInteger(decimals) || decimals < 0) throw new DecimalError('OUT_OF_RANGE', `decimals must be a whole number ≥ 0, not ${decimals}`);
}

/** Sign, integer digits and fractional digits of a plain decimal string, canonical (no leading/trailing zeros). */
export interface DecimalParts {
  negative: boolean;
  int: string;
  frac: string;
}

/** Splits a plain decimal ("-0012.3400" → {negative, int: "12", frac: "34"}); throws DecimalError if malformed. */
export function splitDecimal(text: string): DecimalParts {
  const m = typeof text === 'string' ? PLAIN.exec(text.trim()) : null;
  if (!m) throw malformed(text);
  const int = m[2]!.replace(/^0+(?=\d)/, '');
  const frac = (m[3] ?? '').replace(/0+$/, '');
  return { negative: !!m[1] && !(int === '0' && frac === ''), int, frac };
}

function joinParts(p: DecimalParts): string {
  return `${p.negative ? '-' : ''}${p.int}${p.frac ? `.${p.frac}` : ''}`;
}

/** A plain decimal string as units/10^scale with the smallest scale. */
export function parseDecimal(text: string): Decimal {
  const p = splitDecimal(text);
  const units = BigInt(p.int + p.frac);
  return { units: p.negative ? -units : units, scale: p.frac.length };
}

/** units/10^scale as a canonical decimal string. */
export function formatDecimal(d: Decimal): string {
  return formatFixed(d.units, d.scale);
}

/**
 * A fixed-point integer (a bigint, or its decimal digits as a string, e.g. a
 * Postgres numeric column) with `decimals` decimals as an exact decimal
 * string: formatFixed(1500000n, 6) = "1.5", formatFixed(-5n, 2) = "-0.05".
 */
export function formatFixed(value: bigint | string, decimals = 18): string {
  checkDecimals(decimals);
  let v: bigint;
  if (typeof value === 'bigint') v = value;
  else if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) v = BigInt(value.trim());
  else throw malformed(value, 'an integer (raw on-chain units)');
  const negative = v < 0n;
  const digits = (negative ? -v : v).toString();
  if (decimals === 0) return `${negative ? '-' : ''}${digits}`;
  const padded = digits.padStart(decimals + 1, '0');
  const int = padded.slice(0, padded.length - decimals);
  const frac = padded.slice(padded.length - decimals).replace(/0+$/, '');
  return `${negative ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

/** formatFixed, and null for null or undefined (optional columns). */
export function formatFixedOrNull(value: bigint | string | null | undefined, decimals = 18): string | null {
  return value === null || value === undefined ? null : formatFixed(value, decimals);
}

/**
 * An exact decimal string to a fixed-point integer with `decimals` decimals:
 * parseFixed("1.5", 6) = 1500000n. More fractional digits than `decimals` is
 * an error (TOO_PRECISE) unless a `rounding` is given.
 */
export function parseFixed(text: string, decimals = 18, rounding?: Rounding): bigint {
  checkDecimals(decimals);
  const p = splitDecimal(text);
  let units: bigint;
  if (p.frac.length <= decimals) {
    units = BigInt(p.int + p.frac.padEnd(decimals, '0'));
  } else if (rounding === undefined) {
    throw new DecimalError('TOO_PRECISE', `${quote(text)} has ${p.frac.length} decimals; at most ${decimals} fit`, text);
  } else {
    const exact = BigInt(p.int + p.frac);
    return divRound(p.negative ? -exact : exact, 10n ** BigInt(p.frac.length - decimals), rounding);
  }
  return p.negative ? -units : units;
}

/**
 * Canonical form of a decimal that may carry an exponent (Postgres numeric or
 * graph-node BigDecimal text): "1.500" → "1.5", "-0.0" → "0", "1.5e-7" →
 * "0.00000015", "1E+3" → "1000". Throws DecimalError for anything else.
 */
export function normalizeDecimal(value: string): string {
  if (typeof value !== 'string') throw malformed(value);
  const dot = value.indexOf('.');
  // Fast path for the common store text: digits, an optional point, no exponent, no leading zero.
  if (dot === -1 ? /^-?(?:0|[1-9]\d*)$/.test(value) : /^-?(?:0|[1-9]\d*)\.\d*$/.test(value)) {
    let end = value.length;
    if (dot !== -1) {
      while (end > dot + 1 && value.charCodeAt(end - 1) === 48) end--;
      if (end === dot + 1) end = dot;
    }
    const out = value.slice(0, end);
    return out === '-0' ? '0' : out;
  }
  const m = WITH_EXPONENT.exec(value.trim());
  if (!m || ((m[2] ?? '') === '' && (m[3] ?? '') === '')) throw malformed(value, 'a decimal number (an exponent is allowed)');
  const exponent = Number(m[4] ?? 0);
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > MAX_EXPONENT) {
    throw new DecimalError('OUT_OF_RANGE', `${quote(value)} has an exponent beyond ±${MAX_EXPONENT}`, value);
  }
  let digits = (m[2] ?? '') + (m[3] ?? '');
  let point = (m[2] ?? '').length + exponent;
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits = digits.padEnd(point, '0');
  const int = digits.slice(0, point).replace(/^0+(?=\d)/, '') || '0';
  const frac = digits.slice(point).replace(/0+$/, '');
  return joinParts({ negative: !!m[1] && !(int === '0' && frac === ''), int, frac });
}

// ------------------------------------------------------------------ arithmetic

function aligned(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * 10n ** BigInt(scale - a.scale), b.units * 10n ** BigInt(scale - b.scale), scale];
}

/** a + b, exact. */
export function add(a: string, b: string): string {
  const [x, y, scale] = aligned(parseDecimal(a), parseDecimal(b));
  return formatFixed(x + y, scale);
}

/** a − b, exact. */
export function subtract(a: string, b: string): string {
  const [x, y, scale] = aligned(parseDecimal(a), parseDecimal(b));
  return formatFixed(x - y, scale);
}

/** Σ values, exact ("0" for none). */
export function sum(values: Iterable<string>): string {
  let total: Decimal = { units: 0n, scale: 0 };
  for (const v of values) {
    const [x, y, scale] = aligned(total, parseDecimal(v));
    total = { units: x + y, scale };
  }
  return formatDecimal(total);
}

/** −a. */
export function negate(a: string): string {
  const d = parseDecimal(a);
  return formatFixed(-d.units, d.scale);
}

/** |a|. */
export function absolute(a: string): string {
  const d = parseDecimal(a);
  return formatFixed(d.units < 0n ? -d.units : d.units, d.scale);
}

/** −1, 0 or 1 as a < b, a = b, a > b. */
export function compare(a: string, b: string): -1 | 0 | 1 {
  const [x, y] = aligned(parseDecimal(a), parseDecimal(b));
  return x === y ? 0 : x < y ? -1 : 1;
}

/** −1, 0 or 1: the sign of a. */
export function sign(a: string): -1 | 0 | 1 {
  const p = splitDecimal(a);
  return p.negative ? -1 : p.int === '0' && p.frac === '' ? 0 : 1;
}

export function isZero(a: string): boolean {
  return sign(a) === 0;
}

/**
 * a × b: exact without `decimals`, else rounded to `decimals` fractional
 * digits (default rounding half away from zero).
 */
export function multiply(a: string, b: string, decimals?: number, rounding: Rounding = 'halfExpand'): string {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  const product: Decimal = { units: x.units * y.units, scale: x.scale + y.scale };
  return decimals === undefined ? formatDecimal(product) : formatDecimal(roundTo(product, decimals, rounding));
}

/** a / b rounded to `decimals` fractional digits (default half away from zero); DIVISION_BY_ZERO for b = 0. */
export function divide(a: string, b: string, decimals: number, rounding: Rounding = 'halfExpand'): string {
  checkDecimals(decimals);
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  if (y.units === 0n) throw new DecimalError('DIVISION_BY_ZERO', `cannot divide ${quote(a)} by zero`, b);
  // a/b = (x.units/10^x.scale) / (y.units/10^y.scale); times 10^decimals:
  const shift = decimals + y.scale - x.scale;
  const n = shift >= 0 ? x.units * 10n ** BigInt(shift) : x.units;
  const d = shift >= 0 ? y.units : y.units * 10n ** BigInt(-shift);
  return formatFixed(divRound(n, d, rounding), decimals);
}

function roundTo(d: Decimal, decimals: number, rounding: Rounding): Decimal {
  checkDecimals(decimals);
  if (d.scale <= decimals) return d;
  return { units: divRound(d.units, 10n ** BigInt(d.scale - decimals), rounding), scale: decimals };
}

/** a rounded to at most `decimals` fractional digits (default half away from zero). */
export function round(a: string, decimals: number, rounding: Rounding = 'halfExpand'): string {
  return formatDecimal(roundTo(parseDecimal(a), decimals, rounding));
}

/**
 * a rounded to `digits` significant digits for display (default half away
 * from zero): roundSignificant("0.000123456", 2) = "0.00012",
 * roundSignificant("987654", 2) = "990000". Zero stays "0".
 */
export function roundSignificant(a: string, digits: number, rounding: Rounding = 'halfExpand'): string {
  if (!Number.isSafeInteger(digits) || digits < 1) throw new DecimalError('OUT_OF_RANGE', `significant digits must be a whole number ≥ 1, not ${digits}`);
  const d = parseDecimal(a);
  if (d.units === 0n) return '0';
  const length = (d.units < 0n ? -d.units : d.units).toString().length;
  const drop = length - digits; // digits to remove from the right of units
  if (drop <= 0) return formatDecimal(d);
  const p = 10n ** BigInt(drop);
  const units = divRound(d.units, p, rounding) * p;
  return formatFixed(units, d.scale);
}

/** a × 10^places, exact: shift("1234.5", -3) = "1.2345", shift("0.012", 2) = "1.2". */
export function shift(a: string, places: number): string {
  if (!Number.isSafeInteger(places)) throw new DecimalError('OUT_OF_RANGE', `places must be a whole number, not ${places}`);
  const d = parseDecimal(a);
  return places >= 0 ? formatFixed(d.units * 10n ** BigInt(places), d.scale) : formatFixed(d.units, d.scale - places);
}
