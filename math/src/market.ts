// A market's running sums Σa1..Σd2, its open amounts and the aggregate
// unrealised PnL of all its open positions in O(1) (docs/mechanism.md §4).
import { entryPrice, pricePnl } from './position.ts';

/** Open amounts of one market: x1/x2 long notional/size, y1/y2 short notional/size (zToken wei, index units WAD). */
export interface OpenAmounts {
  x1: bigint;
  x2: bigint;
  y1: bigint;
  y2: bigint;
}

/** The eight monotonic running sums: a/c notional, b/d size; 1 = opened, 2 = closed or liquidated. */
export interface MarketSums {
  sumA1: bigint;
  sumB1: bigint;
  sumC1: bigint;
  sumD1: bigint;
  sumA2: bigint;
  sumB2: bigint;
  sumC2: bigint;
  sumD2: bigint;
}

export const NO_SUMS: Readonly<MarketSums> = Object.freeze({ sumA1: 0n, sumB1: 0n, sumC1: 0n, sumD1: 0n, sumA2: 0n, sumB2: 0n, sumC2: 0n, sumD2: 0n });

/** x1 = Σa1 − Σa2, x2 = Σb1 − Σb2, y1 = Σc1 − Σc2, y2 = Σd1 − Σd2. */
export function openAmounts(s: MarketSums): OpenAmounts {
  return { x1: s.sumA1 - s.sumA2, x2: s.sumB1 - s.sumB2, y1: s.sumC1 - s.sumC2, y2: s.sumD1 - s.sumD2 };
}

/** The sums after an opening of `notional` and `size` on one side. */
export function addOpen(s: MarketSums, isLong: boolean, notional: bigint, size: bigint): MarketSums {
  return isLong ? { ...s, sumA1: s.sumA1 + notional, sumB1: s.sumB1 + size } : { ...s, sumC1: s.sumC1 + notional, sumD1: s.sumD1 + size };
}

/** The sums after a close or liquidation of `notional` and `size` (the closed part, at its opening size). */
export function addClose(s: MarketSums, isLong: boolean, notional: bigint, size: bigint): MarketSums {
  return isLong ? { ...s, sumA2: s.sumA2 + notional, sumB2: s.sumB2 + size } : { ...s, sumC2: s.sumC2 + notional, sumD2: s.sumD2 + size };
}

/** Aggregate long PnL at `price`: L·x2 − x1, value rounded down. */
export function longPnl(m: OpenAmounts, price: bigint): bigint {
  return pricePnl(m.x1, m.x2, price, true);
}

/** Aggregate short PnL at `price`: y1 − L·y2, value rounded up. */
export function shortPnl(m: OpenAmounts, price: bigint): bigint {
  return pricePnl(m.y1, m.y2, price, false);
}

/** Both sides' unrealised price PnL at `price` and their sum (funding not included: see marketFloatingPnl). */
export function marketPnl(m: OpenAmounts, price: bigint): { long: bigint; short: bigint; net: bigint } {
  const long = longPnl(m, price);
  const short = shortPnl(m, price);
  return { long, short, net: long + short };
}

export function hasOpenPositions(m: OpenAmounts): boolean {
  return (m.x1 | m.x2 | m.y1 | m.y2) !== 0n;
}

/** Average entry prices pL = x1/x2 and pS = y1/y2 (WAD, rounded down); null for an empty side. */
export function averageEntryPrices(m: OpenAmounts): { long: bigint | null; short: bigint | null } {
  return { long: entryPrice(m.x1, m.x2), short: entryPrice(m.y1, m.y2) };
}

/** Net open interest long − short (zToken), the numerator of the balance rate. */
export function skew(m: OpenAmounts): bigint {
  return m.x1 - m.y1;
}
