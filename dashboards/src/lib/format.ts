// Formatting of the API's exact decimal strings without ever going through
// floats: every function works on the digits (BigInt where arithmetic is
// needed). Charts may call toNumber() for plotting; nothing shown as text does.

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

export interface Parsed {
  negative: boolean;
  int: string;
  frac: string;
}

export function parseDecimal(value: string): Parsed {
  const m = DECIMAL.exec(value.trim());
  if (!m) throw new Error(`not a decimal number: ${JSON.stringify(value)}`);
  const int = m[2]!.replace(/^0+(?=\d)/, '');
  const frac = (m[3] ?? '').replace(/0+$/, '');
  const zero = /^0*$/.test(int) && frac === '';
  return { negative: !!m[1] && !zero, int, frac };
}

function join(p: Parsed): string {
  return `${p.negative ? '-' : ''}${p.int}${p.frac ? `.${p.frac}` : ''}`;
}

/** Canonical form: no leading zeros, no trailing fractional zeros, no "-0". */
export function normalize(value: string): string {
  return join(parseDecimal(value));
}

/** value × 10^scale as a BigInt, rounded half away from zero (scale ≥ 0). */
export function toScaled(value: string, scale: number): bigint {
  const p = parseDecimal(value);
  const frac = p.frac.padEnd(scale + 1, '0');
  let n = BigInt(p.int + frac.slice(0, scale));
  if (Number(frac[scale] ?? '0') >= 5) n += 1n;
  return p.negative ? -n : n;
}

/** A scaled BigInt back to a canonical decimal string. */
export function fromScaled(n: bigint, scale: number): string {
  const negative = n < 0n;
  const digits = (negative ? -n : n).toString().padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  const frac = scale ? digits.slice(digits.length - scale) : '';
  return join({ negative: negative && n !== 0n, int, frac: frac.replace(/0+$/, '') });
}

const SCALE = 36;

/** a − b, exact. */
export function subtract(a: string, b: string): string {
  return fromScaled(toScaled(a, SCALE) - toScaled(b, SCALE), SCALE);
}

/** a + b, exact. */
export function add(a: string, b: string): string {
  return fromScaled(toScaled(a, SCALE) + toScaled(b, SCALE), SCALE);
}

/** Σ values, exact ("0" for none). */
export function sum(values: Iterable<string>): string {
  let total = 0n;
  for (const v of values) total += toScaled(v, SCALE);
  return fromScaled(total, SCALE);
}

/** a × b (b a decimal string), rounded to `decimals`. */
export function multiply(a: string, b: string, decimals = 18): string {
  const product = toScaled(a, SCALE) * toScaled(b, SCALE);
  return round(fromScaled(product, SCALE * 2), decimals);
}

/** a / b rounded half away from zero to `decimals`; null when b is zero. */
export function divide(a: string, b: string, decimals = 18): string | null {
  const den = toScaled(b, SCALE);
  if (den === 0n) return null;
  const num = toScaled(a, SCALE) * 10n ** BigInt(decimals + 1);
  let q = num / den; // one extra digit, truncated toward zero
  const negative = q < 0n;
  if (negative) q = -q;
  q = (q + 5n) / 10n;
  return fromScaled(negative ? -q : q, decimals);
}

export function compare(a: string, b: string): number {
  const d = toScaled(a, SCALE) - toScaled(b, SCALE);
  return d === 0n ? 0 : d < 0n ? -1 : 1;
}

export function isNegative(value: string): boolean {
  return parseDecimal(value).negative;
}

export function isZero(value: string): boolean {
  const p = parseDecimal(value);
  return /^0*$/.test(p.int) && p.frac === '';
}

/** Rounds to at most `decimals` fractional digits, half away from zero; trailing zeros dropped. */
export function round(value: string, decimals: number): string {
  return fromScaled(toScaled(value, decimals), decimals);
}

/** Token units: an on-chain integer ("1500000") with `decimals` (6) → "1.5". */
export function fromUnits(raw: string, decimals: number): string {
  if (!/^-?\d+$/.test(raw)) throw new Error(`not an integer: ${JSON.stringify(raw)}`);
  return fromScaled(BigInt(raw), decimals);
}

/** Whole tokens → on-chain integer string (exact; throws if more decimals than the token has). */
export function toUnits(value: string, decimals: number): string {
  const p = parseDecimal(value);
  if (p.frac.length > decimals) throw new Error(`${value} has more than ${decimals} decimals`);
  return toScaled(value, decimals).toString();
}

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
  const p = parseDecimal(round(value, decimals));
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
  const p = parseDecimal(value);
  const abs = join({ ...p, negative: false });
  const intDigits = p.int === '0' ? 0 : p.int.length;
  let body: string | null = null;
  const units = [...COMPACT].reverse(); // K, M, B, T
  let i = units.findIndex(([exp], k) => intDigits > exp && (k === units.length - 1 || intDigits <= units[k + 1]![0]));
  if (i < 0 && intDigits > 3) i = units.length - 1;
  if (i < 0 && intDigits === 3 && parseDecimal(round(abs, digits)).int.length > 3) i = 0; // 999.999 → 1K
  while (i >= 0) {
    const [exp, suffix] = units[i]!;
    const r = round(shift(abs, -exp), digits);
    // 999.999K rounds to 1000K: move up a unit where there is one
    if (parseDecimal(r).int.length > 3 && i < units.length - 1) {
      i++;
      continue;
    }
    body = `${r}${suffix}`;
    break;
  }
  if (body === null) {
    if (intDigits > 0 || abs === '0') body = round(abs, digits);
    else {
      // small numbers: keep `digits` significant digits
      const lead = p.frac.search(/[1-9]/);
      body = round(abs, lead + digits);
    }
  }
  const sign = p.negative ? '−' : opts.sign && !isZero(value) ? '+' : '';
  return `${sign}${body}${opts.unit ? ` ${opts.unit}` : ''}`;
}

/** Moves the decimal point: shift("1234.5", -3) = "1.2345". */
export function shift(value: string, places: number): string {
  const p = parseDecimal(value);
  if (places === 0) return join(p);
  if (places > 0) {
    const frac = p.frac.padEnd(places, '0');
    return join({ negative: p.negative, int: (p.int + frac.slice(0, places)).replace(/^0+(?=\d)/, ''), frac: frac.slice(places).replace(/0+$/, '') });
  }
  const n = -places;
  const int = p.int.padStart(n + 1, '0');
  return join({ negative: p.negative, int: int.slice(0, int.length - n).replace(/^0+(?=\d)/, ''), frac: (int.slice(int.length - n) + p.frac).replace(/0+$/, '') });
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
  const ratio = isZero(before) ? null : divide(diff, before.startsWith('-') ? before.slice(1) : before, 6);
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
