// A pool's floating PnL and swap rate (SPEC.md §3) recomputed from its
// markets, and the rate history point written after every change.
import { BigInt, ethereum } from '@graphprotocol/graph-ts';
import { Market, Pool, PoolActivity, PoolRatePoint } from '../generated/schema';
import { fromWad, mulDivFloor, pow10, ratio, toUnits, WAD } from './decimals';

/** rate = balance·10^(18−decimals) · 1e18 / (supply + floating), floor; the initial rate while supply is 0. */
export function computeSwapRate(pool: Pool): BigInt {
  if (pool.zTokenSupply.isZero()) return pool.initialSwapRate;
  const value = pool.zTokenSupply.plus(pool.floatingPnl);
  // The contract reverts (SwapRateUndefined) here; keep the last rate rather than invent one.
  if (value.le(BigInt.zero())) return pool.swapRateWad;
  const scaled = pool.settlementBalance.times(pow10(18 - pool.settlementDecimals));
  return mulDivFloor(scaled, WAD, value);
}

/**
 * Σ unrealised price PnL over the pool's markets at their latest prices, the
 * pool's open interest, and each market's balance rate. Funding accrued since
 * the last on-chain update is not included (funding is off by default); the
 * Deposit and Redeem events carry the contract's own floating PnL, funding
 * included, and overwrite this value when they occur.
 */
export function refreshPoolFromMarkets(pool: Pool): Market[] {
  const markets = pool.markets.load();
  let floating = BigInt.zero();
  let oiLong = BigInt.zero();
  let oiShort = BigInt.zero();
  for (let i = 0; i < markets.length; i++) {
    floating = floating.plus(markets[i].unrealisedPnl);
    oiLong = oiLong.plus(markets[i].x1);
    oiShort = oiShort.plus(markets[i].y1);
  }
  pool.floatingPnl = floating;
  pool.openInterestLong = oiLong;
  pool.openInterestShort = oiShort;
  return markets;
}

/** Sets the rate, writes balance rates of the markets, and records the rate point. */
export function settlePool(pool: Pool, markets: Market[], event: ethereum.Event): void {
  pool.swapRateWad = computeSwapRate(pool);
  pool.swapRate = fromWad(pool.swapRateWad);
  pool.lastUpdatedBlock = event.block.number;
  const value = pool.zTokenSupply.plus(pool.floatingPnl);
  for (let i = 0; i < markets.length; i++) {
    const m = markets[i];
    m.balanceRate = value.gt(BigInt.zero()) ? ratio(m.x1.minus(m.y1), value) : null;
    m.save();
  }
  pool.save();
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
