// The running sums Σa1..Σd2 of one market (SPEC.md §4) and what derives from
// them: open amounts, average entry prices and unrealised PnL in O(1).
import { BigInt } from '@graphprotocol/graph-ts';
import { Market } from '../generated/schema';
import { mulDivCeil, mulDivFloor, ratio, WAD } from './decimals';

/** A position opened: Σa1/Σb1 (long) or Σc1/Σd1 (short) grow. */
export function addOpen(market: Market, isLong: boolean, notional: BigInt, size: BigInt): void {
  if (isLong) {
    market.sumA1 = market.sumA1.plus(notional);
    market.sumB1 = market.sumB1.plus(size);
  } else {
    market.sumC1 = market.sumC1.plus(notional);
    market.sumD1 = market.sumD1.plus(size);
  }
}

/** A position closed or liquidated (the closed part): Σa2/Σb2 or Σc2/Σd2 grow. */
export function addClose(market: Market, isLong: boolean, notional: BigInt, size: BigInt): void {
  if (isLong) {
    market.sumA2 = market.sumA2.plus(notional);
    market.sumB2 = market.sumB2.plus(size);
  } else {
    market.sumC2 = market.sumC2.plus(notional);
    market.sumD2 = market.sumD2.plus(size);
  }
}

/** Long PnL of (notional x1, size x2) at `price`: floor(x2·L) − x1, as PnlMath.pnl(.., true). */
export function longPnl(x1: BigInt, x2: BigInt, price: BigInt): BigInt {
  return mulDivFloor(x2, price, WAD).minus(x1);
}

/** Short PnL of (y1, y2) at `price`: y1 − ceil(y2·L), as PnlMath.pnl(.., false). */
export function shortPnl(y1: BigInt, y2: BigInt, price: BigInt): BigInt {
  return y1.minus(mulDivCeil(y2, price, WAD));
}

/** Recomputes open amounts, average entry prices, ratio and unrealised PnL from the sums and the latest price. */
export function refreshMarket(market: Market): void {
  market.x1 = market.sumA1.minus(market.sumA2);
  market.x2 = market.sumB1.minus(market.sumB2);
  market.y1 = market.sumC1.minus(market.sumC2);
  market.y2 = market.sumD1.minus(market.sumD2);
  market.averageEntryPriceLong = ratio(market.x1, market.x2);
  market.averageEntryPriceShort = ratio(market.y1, market.y2);
  market.longShortRatio = ratio(market.x1, market.y1);
  revalueMarket(market);
}

/** Unrealised PnL from the open amounts and the latest price (all refreshMarket changes when only the price moved). */
export function revalueMarket(market: Market): void {
  const price = market.latestPrice;
  if (price === null) {
    market.unrealisedPnlLong = BigInt.zero();
    market.unrealisedPnlShort = BigInt.zero();
  } else {
    // The contract skips a market with nothing open; both formulas give 0 there too.
    market.unrealisedPnlLong = longPnl(market.x1, market.x2, price);
    market.unrealisedPnlShort = shortPnl(market.y1, market.y2, price);
  }
  market.unrealisedPnl = market.unrealisedPnlLong.plus(market.unrealisedPnlShort);
}
