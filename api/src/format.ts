// Rows → GraphQL values: exact decimal strings with the token decimals
// applied, checksummed addresses, 0x hex for other bytes.
import { getAddress, toHex } from 'viem';
import { formatFixed } from './math/pvp.ts';

export const ZTOKEN_DECIMALS = 18;

export function address(bytes: Buffer): `0x${string}` {
  return getAddress(toHex(bytes));
}

export function hex(bytes: Buffer): `0x${string}` {
  return `0x${bytes.toString('hex')}`;
}

/** A raw integer (numeric column, bigint) with `decimals` decimals as an exact decimal string. */
export function units(value: string | bigint, decimals: number): string {
  return formatFixed(BigInt(value), decimals);
}

/** A WAD integer (zToken amounts, prices, sizes, rates) as an exact decimal string. */
export function wad(value: string | bigint): string {
  return formatFixed(BigInt(value), 18);
}

export function wadOrNull(value: string | bigint | null | undefined): string | null {
  return value === null || value === undefined ? null : wad(value);
}

/** A BigDecimal column (already in whole units) normalised: no trailing zeros, no exponent. */
export function decimal(value: string): string {
  const dot = value.indexOf('.');
  if (dot === -1 && !/[eE]/.test(value)) return value === '-0' ? '0' : value;
  // Fast path (Postgres numeric text: plain digits with a point): strip trailing zeros.
  if (dot > 0 && value.indexOf('e') === -1 && value.indexOf('E') === -1 && /^-?\d+\.\d*$/.test(value) && !/^-?0\d/.test(value)) {
    let end = value.length;
    while (end > dot + 1 && value.charCodeAt(end - 1) === 48) end--;
    if (end === dot + 1) end = dot;
    const out = value.slice(0, end);
    return out === '-0' ? '0' : out;
  }
  const m = /^(-)?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(value.trim());
  if (!m) return value;
  let digits = (m[2] ?? '') + (m[3] ?? '');
  let point = (m[2] ?? '').length + Number(m[4] ?? 0);
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits = digits.padEnd(point, '0');
  const whole = digits.slice(0, point).replace(/^0+(?=\d)/, '') || '0';
  const frac = digits.slice(point).replace(/0+$/, '');
  const out = frac ? `${whole}.${frac}` : whole;
  return m[1] && /[1-9]/.test(out) ? `-${out}` : out;
}

export function int(value: string | number | bigint): number {
  return Number(value);
}

export function intOrNull(value: string | number | bigint | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** bytes32("BTC") → "BTC"; null unless the bytes are printable ASCII followed by zero padding. */
export function bytes32Name(id: Buffer): string | null {
  const end = id.indexOf(0);
  const text = id.subarray(0, end === -1 ? id.length : end);
  if (text.length === 0 || (end !== -1 && id.subarray(end).some((b) => b !== 0))) return null;
  return [...text].every((b) => b >= 0x20 && b < 0x7f) ? text.toString('ascii') : null;
}
