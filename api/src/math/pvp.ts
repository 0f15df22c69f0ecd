// The PvP AMM formulas of SPEC.md §2-§4 in exact integer arithmetic, rounded
// as the contracts round (PnlMath: long value floor, short value ceil; swap
// rate floor). An independent model: the API computes live rates and what-if
// curves with it, and tests check it against the contracts.

export const WAD = 10n ** 18n;

function mulDivFloor(a: bigint, b: bigint, d: bigint): bigint {
  return (a * b) / d; // operands are non-negative
}

function mulDivCeil(a: bigint, b: bigint, d: bigint): bigint {
  const p = a * b;
  return p % d === 0n ? p / d : p / d + 1n;
}

/** Open amounts of one market: x1/x2 long notional/size, y1/y2 short notional/size (WAD). */
export interface OpenAmounts {
  x1: bigint;
  x2: bigint;
  y1: bigint;
  y2: bigint;
}

/** Aggregate long PnL at `price`: L·x2 − x1 (SPEC.md §4), value rounded down. */
export function longPnl(m: OpenAmounts, price: bigint): bigint {
  return mulDivFloor(m.x2, price, WAD) - m.x1;
}

/** Aggregate short PnL at `price`: y1 − L·y2, value rounded up. */
export function shortPnl(m: OpenAmounts, price: bigint): bigint {
  return m.y1 - mulDivCeil(m.y2, price, WAD);
}

export function marketPnl(m: OpenAmounts, price: bigint): { long: bigint; short: bigint; net: bigint } {
  const long = longPnl(m, price);
  const short = shortPnl(m, price);
  return { long, short, net: long + short };
}

export interface PoolAmounts {
  /** Settlement tokens held, raw units. */
  settlementBalance: bigint;
  settlementDecimals: number;
  /** zToken supply, WAD. */
  zTokenSupply: bigint;
  /** Rate of the empty pool, WAD. */
  initialSwapRate: bigint;
}

/**
 * swapRate = balance / (supply + Σ floating PnL), WAD (SPEC.md §3), floor.
 * Null where the contract reverts (pool value ≤ 0 with a supply).
 */
export function swapRate(pool: PoolAmounts, floatingPnl: bigint): bigint | null {
  if (pool.zTokenSupply === 0n) return pool.initialSwapRate;
  const value = pool.zTokenSupply + floatingPnl;
  if (value <= 0n) return null;
  const scaled = pool.settlementBalance * 10n ** BigInt(18 - pool.settlementDecimals);
  return mulDivFloor(scaled, WAD, value);
}

/** A WAD or other fixed-point integer as an exact decimal string ("1.2", "-0.5", "3"). */
export function formatFixed(value: bigint, decimals = 18): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const base = 10n ** BigInt(decimals);
  const whole = abs / base;
  const frac = (abs % base).toString().padStart(decimals, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

/** An exact decimal string to a fixed-point integer; throws on malformed input or excess precision. */
export function parseFixed(text: string, decimals = 18): bigint {
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) throw new Error(`"${text}" is not a decimal number`);
  const frac = m[3] ?? '';
  if (frac.length > decimals) throw new Error(`"${text}" has more than ${decimals} decimals`);
  const value = BigInt(m[2]!) * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, '0') || '0');
  return m[1] ? -value : value;
}
