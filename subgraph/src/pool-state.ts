// A pool's floating PnL and swap rate (SPEC.md §3) kept from its markets, and
// the rate history point written after every change.
//
// The pool keeps Σ unrealised PnL, the open interest and each market's skew
// (x1 − y1), updated by the change of the one market an event touches
// (applyMarketChange), so no handler loads or rewrites every market of the
// pool. The sums are exact integers: the same values as summing the markets.
import { BigDecimal, BigInt, Bytes, ethereum, Value } from '@graphprotocol/graph-ts';
import { Market, Pool, PoolActivity, PoolRatePoint } from '../generated/schema';
import { fromWad, mulDivFloor, pow10, ratio, toUnits, WAD } from './decimals';
import { patchField, saveChanges } from './writes';

/** rate = balance·10^(18−decimals) · 1e18 / (supply + floating), floor; the initial rate while supply is 0. */
export function computeSwapRate(pool: Pool): BigInt {
  if (pool.zTokenSupply.isZero()) return pool.initialSwapRate;
  const value = pool.zTokenSupply.plus(pool.floatingPnl);
  // The contract reverts (SwapRateUndefined) here; keep the last rate rather than invent one.
  if (value.le(BigInt.zero())) return pool.swapRateWad;
  const decimals = pool.settlementDecimals;
  const scaled = decimals == 18 ? pool.settlementBalance : pool.settlementBalance.times(pow10(18 - decimals));
  return mulDivFloor(scaled, WAD, value);
}

function marketIndex(pool: Pool, id: Bytes): i32 {
  const ids = pool.marketIds;
  for (let i = 0; i < ids.length; i++) if (ids[i].equals(id)) return i;
  return -1;
}

/**
 * A market's sums or price changed: the pool's Σ unrealised PnL, open interest
 * and the market's skew move by the market's change. `before*` are the
 * market's x1, y1 and unrealised PnL before it. The pool is saved by the caller
 * (settlePool saves it).
 */
export function applyMarketChange(pool: Pool, market: Market, beforeX1: BigInt, beforeY1: BigInt, beforeUnrealised: BigInt): void {
  const unrealised = market.unrealisedPnl;
  if (!unrealised.equals(beforeUnrealised)) {
    pool.marketsUnrealisedPnl = pool.marketsUnrealisedPnl.plus(unrealised.minus(beforeUnrealised));
  }
  const x1 = market.x1;
  const y1 = market.y1;
  const x1Changed = !x1.equals(beforeX1);
  const y1Changed = !y1.equals(beforeY1);
  if (x1Changed) pool.openInterestLong = pool.openInterestLong.plus(x1.minus(beforeX1));
  if (y1Changed) pool.openInterestShort = pool.openInterestShort.plus(y1.minus(beforeY1));
  if (x1Changed || y1Changed) {
    const i = marketIndex(pool, market.id);
    if (i >= 0) {
      const skews = pool.marketSkews;
      skews[i] = x1.minus(y1);
      pool.marketSkews = skews;
    }
  }
}

/** (x1 − y1) / value; value > 0. */
function balanceRate(skew: BigInt, value: BigInt): BigDecimal {
  return skew.isZero() ? BigDecimal.zero() : ratio(skew, value)!;
}

/**
 * Sets floating PnL (Σ unrealised PnL of the markets), the swap rate and the
 * markets' balance rates (SPEC.md §5), saves the pool and records the rate
 * point. `own` is the market the event touched, if any: its balance rate is
 * set on the object and the caller saves it. Every other market's balance
 * rate is rewritten (one field) only where it changes: it is (x1 − y1) /
 * value, so it moves only if the value moved and the market has a skew, or
 * the value's sign changed, or the market was not there at the last update.
 */
export function settlePool(pool: Pool, own: Market | null, event: ethereum.Event): void {
  pool.floatingPnl = pool.marketsUnrealisedPnl;
  pool.swapRateWad = computeSwapRate(pool);
  pool.swapRate = fromWad(pool.swapRateWad);
  pool.lastUpdatedBlock = event.block.number;
  const zero = BigInt.zero();
  const value = pool.zTokenSupply.plus(pool.floatingPnl);
  const positive = value.gt(zero);
  const before = pool.settledValue;
  const beforeCount = pool.settledMarketCount;
  const ids = pool.marketIds;
  const skews = pool.marketSkews;
  for (let i = 0; i < ids.length; i++) {
    const skew = skews[i];
    if (own !== null && ids[i].equals(own.id)) {
      own.balanceRate = positive ? balanceRate(skew, value) : null;
      continue;
    }
    if (before !== null && i < beforeCount) {
      if (skew.isZero()) {
        if (before.gt(zero) == positive) continue;
      } else if (before.equals(value)) {
        continue;
      }
    }
    patchField('Market', ids[i], 'balanceRate', positive ? Value.fromBigDecimal(balanceRate(skew, value)) : Value.fromNull());
  }
  pool.settledValue = value;
  pool.settledMarketCount = ids.length;
  saveChanges('Pool', pool);
  recordRatePoint(pool);
}

export function recordRatePoint(pool: Pool): void {
  // Timeseries ids and timestamps are set by graph-node.
  const point = new PoolRatePoint(0);
  point.pool = pool.id;
  point.rate = pool.swapRate;
  point.floatingPnl = fromWad(pool.floatingPnl);
  point.zTokenSupply = fromWad(pool.zTokenSupply);
  point.settlementBalance = toUnits(pool.settlementBalance, pool.settlementDecimals);
  point.save();
}

/** One pool activity point; amounts in whole zToken / settlement units. */
export function recordPoolActivity(
  pool: Pool,
  volume: BigInt,
  fees: BigInt,
  realisedPnl: BigInt,
  liquidations: i32,
  deposits: BigInt,
  redemptions: BigInt,
): void {
  const a = new PoolActivity(0);
  a.pool = pool.id;
  a.volume = fromWad(volume);
  a.fees = fromWad(fees);
  a.realisedPnl = fromWad(realisedPnl);
  a.liquidations = i64(liquidations);
  a.deposits = toUnits(deposits, pool.settlementDecimals);
  a.redemptions = toUnits(redemptions, pool.settlementDecimals);
  a.openInterestLong = fromWad(pool.openInterestLong);
  a.openInterestShort = fromWad(pool.openInterestShort);
  a.floatingPnl = fromWad(pool.floatingPnl);
  a.save();
}
