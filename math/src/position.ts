// One position (docs/mechanism.md §2), rounded as contracts/src/libraries/
// PnlMath.sol and PvpPool._reduce round: against the trader. Long sizes and
// values round down, short ones up. Units: notionals, margins and PnL are
// zToken wei; sizes are index units (WAD); prices are WAD.
import { bpsDown, divRound, mulDiv, WAD } from './integer.ts';

/** Size in index units of `notional` opened at `price`: rounded down for longs, up for shorts (PnlMath.sizeOf). */
export function sizeOf(notional: bigint, price: bigint, isLong: boolean): bigint {
  if (price <= 0n) throw new RangeError(`price must be positive, not ${price}`);
  return mulDiv(notional, WAD, price, isLong ? 'floor' : 'ceil');
}

/** Value at `price` of `size` index units: rounded down for longs, up for shorts (PnlMath.valueOf). */
export function valueOf(size: bigint, price: bigint, isLong: boolean): bigint {
  return mulDiv(size, price, WAD, isLong ? 'floor' : 'ceil');
}

/**
 * Price PnL at `price` of a position, or of all open longs (x1, x2) or shorts
 * (y1, y2) of a market: long L·size − notional, short notional − L·size, the
 * value rounded against the trader (PnlMath.pnl). Uncapped: a loss may exceed
 * the margin.
 */
export function pricePnl(notional: bigint, size: bigint, price: bigint, isLong: boolean): bigint {
  const value = valueOf(size, price, isLong);
  return isLong ? value - notional : notional - value;
}

/** Entry price of a position, or average entry price of a side: notional·1e18/size rounded down; null for size 0. */
export function entryPrice(notional: bigint, size: bigint): bigint | null {
  return size === 0n ? null : divRound(notional * WAD, size, 'floor');
}

/** An open position as the pool stores it: notional = margin · leverage always (partial closes keep the leverage). */
export interface PositionAmounts {
  isLong: boolean;
  margin: bigint;
  leverage: bigint;
  size: bigint;
}

/** What a close of `closedMargin` takes out of a position (PvpPool._reduce). */
export interface ClosedPart {
  closedMargin: bigint;
  closedNotional: bigint;
  /** Size leaving the market's sums: the position's size less its remaining size. */
  closedSize: bigint;
  /** Price PnL of the closed part, before funding, fees and the loss cap. */
  pnl: bigint;
  remainingMargin: bigint;
  remainingSize: bigint;
}

/**
 * The closed part of a close of `closedMargin` (≤ margin) at `price`. A full
 * close is exactly pricePnl of the whole position. A partial close must not
 * let either part beat its share of the whole: the remaining size
 * (size·remaining/margin) and the closed share of the whole position's value
 * (value·closed/margin) both round against the trader — down for longs, up
 * for shorts.
 */
export function closePart(p: PositionAmounts, closedMargin: bigint, price: bigint): ClosedPart {
  if (closedMargin <= 0n || closedMargin > p.margin) throw new RangeError(`closed margin ${closedMargin} must be in (0, ${p.margin}]`);
  if (price <= 0n) throw new RangeError(`price must be positive, not ${price}`);
  const closedNotional = closedMargin * p.leverage;
  let value = valueOf(p.size, price, p.isLong);
  let closedSize = p.size;
  if (closedMargin !== p.margin) {
    const r = p.isLong ? 'floor' : 'ceil';
    closedSize = p.size - mulDiv(p.size, p.margin - closedMargin, p.margin, r);
    value = mulDiv(value, closedMargin, p.margin, r);
  }
  const pnl = p.isLong ? value - closedNotional : closedNotional - value;
  return { closedMargin, closedNotional, closedSize, pnl, remainingMargin: p.margin - closedMargin, remainingSize: p.size - closedSize };
}

/** What the trader would get back for margin m before fees: max(0, m + pnl − funding) (the loss is capped at the margin). */
export function equity(margin: bigint, pnl: bigint, fundingOwed = 0n): bigint {
  const value = margin + pnl - fundingOwed;
  return value > 0n ? value : 0n;
}

/** The loss that liquidates: m · threshold, rounded down (PvpPool.liquidate). */
export function liquidationLoss(margin: bigint, liquidationThresholdBps: bigint | number): bigint {
  return bpsDown(margin, liquidationThresholdBps);
}

/** Whether a keeper may liquidate: funding − pnl ≥ m · threshold (funding owed counts as loss). */
export function isLiquidatable(margin: bigint, pnl: bigint, fundingOwed: bigint, liquidationThresholdBps: bigint | number): boolean {
  return fundingOwed - pnl >= liquidationLoss(margin, liquidationThresholdBps);
}

/**
 * The liquidation price with the contract's rounding: for a long the highest
 * index price, for a short the lowest, at which `isLiquidatable` holds —
 * docs/mechanism.md §2's P0·(1 − t·m/N) (long) and P0·(1 + t·m/N) (short),
 * moved by the funding owed (owed funding brings it closer). Null when no
 * positive price liquidates (a long whose received funding exceeds the whole
 * trigger); 1 wei when every price does.
 */
export function liquidationPrice(
  p: { isLong: boolean; margin: bigint; notional: bigint; size: bigint },
  liquidationThresholdBps: bigint | number,
  fundingOwed = 0n,
): bigint | null {
  const loss = liquidationLoss(p.margin, liquidationThresholdBps);
  if (p.size === 0n) return null;
  if (p.isLong) {
    // floor(size·L/1e18) ≤ N + funding − loss =: v  ⇔  size·L < (v + 1)·1e18
    const v = p.notional + fundingOwed - loss;
    if (v < 0n) return null;
    const price = divRound((v + 1n) * WAD - 1n, p.size, 'floor');
    return price > 0n ? price : null;
  }
  // ceil(size·L/1e18) ≥ N − funding + loss =: w  ⇔  size·L > (w − 1)·1e18
  const w = p.notional - fundingOwed + loss;
  if (w <= 1n) return 1n;
  return divRound((w - 1n) * WAD, p.size, 'floor') + 1n;
}
