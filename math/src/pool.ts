// A pool's floating PnL, swap rate, deposits and redemptions
// (docs/mechanism.md §3, §4, §5a), rounded as PvpPool: the rate down, zTokens
// minted down, settlement paid down, fees up.
import { divRound, mulDiv, WAD } from './integer.ts';
import { mintFee, redeemFee } from './fees.ts';
import { hasOpenPositions, marketPnl, type OpenAmounts } from './market.ts';

/** The settlement side of a pool. */
export interface PoolAmounts {
  /** Settlement tokens held, raw units. */
  settlementBalance: bigint;
  /** The settlement token's decimals (0..18). */
  settlementDecimals: number;
  /** zToken supply (margins of open positions included), WAD. */
  zTokenSupply: bigint;
  /** Rate of the empty pool, WAD. */
  initialSwapRate: bigint;
}

/** Why the contract would revert: the rate has no meaning (zero balance or pool value ≤ 0 with a supply). */
export class SwapRateUndefinedError extends Error {
  override name = 'SwapRateUndefinedError';
  constructor(readonly poolValue: bigint) {
    super(`the swap rate is undefined: pool value (supply + floating PnL) is ${poolValue} (contract error SwapRateUndefined)`);
  }
}

/** 10^(18 − decimals): lifts raw settlement units to 18 decimals (PvpPool.settlementScale). */
export function settlementScale(settlementDecimals: number): bigint {
  if (!Number.isInteger(settlementDecimals) || settlementDecimals < 0 || settlementDecimals > 18) {
    throw new RangeError(`settlement decimals must be 0..18, not ${settlementDecimals}`);
  }
  return 10n ** BigInt(18 - settlementDecimals);
}

/** Floating PnL of one market: L·x2 − x1 + y1 − L·y2 less the funding both sides owe (docs/mechanism.md §4). */
export function marketFloatingPnl(m: OpenAmounts, price: bigint, fundingOwed: { long: bigint; short: bigint } = { long: 0n, short: 0n }): bigint {
  if (!hasOpenPositions(m)) return 0n;
  return marketPnl(m, price).net - fundingOwed.long - fundingOwed.short;
}

/** Σ over a pool's markets of marketFloatingPnl. */
export function floatingPnl(markets: Iterable<{ amounts: OpenAmounts; price: bigint; fundingOwed?: { long: bigint; short: bigint } }>): bigint {
  let total = 0n;
  for (const m of markets) total += marketFloatingPnl(m.amounts, m.price, m.fundingOwed);
  return total;
}

/** Pool value in zToken: supply + floating PnL. */
export function poolValue(pool: Pick<PoolAmounts, 'zTokenSupply'>, floating: bigint): bigint {
  return pool.zTokenSupply + floating;
}

/**
 * swapRate = balance·scale·1e18 / (supply + floating), WAD, rounded down
 * (docs/mechanism.md §3); the initial rate for an empty pool. Null where the
 * contract reverts with SwapRateUndefined (pool value ≤ 0 with a supply).
 */
export function swapRate(pool: PoolAmounts, floating: bigint): bigint | null {
  if (pool.zTokenSupply === 0n) return pool.initialSwapRate;
  const value = pool.zTokenSupply + floating;
  if (value <= 0n) return null;
  return mulDiv(pool.settlementBalance * settlementScale(pool.settlementDecimals), WAD, value, 'floor');
}

/** swapRate, throwing SwapRateUndefinedError where the contract reverts. */
export function requireSwapRate(pool: PoolAmounts, floating: bigint): bigint {
  const rate = swapRate(pool, floating);
  if (rate === null) throw new SwapRateUndefinedError(pool.zTokenSupply + floating);
  return rate;
}

export interface DepositQuote {
  /** Mint fee kept by the pool, settlement raw units: amount·bps/1e4 rounded up. */
  fee: bigint;
  /** zTokens minted for amount − fee, rounded down. */
  minted: bigint;
}

/**
 * zTokens for a deposit of `amount` settlement units (PvpPool.deposit,
 * PvpPoolLens.previewDeposit): net·(supply + floating)/balance, never through
 * the rounded rate; an empty pool mints net·scale·1e18/initialRate. `floating`
 * is at the fresh index prices before the deposit.
 */
export function depositQuote(pool: PoolAmounts, floating: bigint, amount: bigint, mintFeeBps: bigint | number): DepositQuote {
  const fee = mintFee(amount, mintFeeBps);
  const net = amount - fee;
  if (pool.zTokenSupply === 0n) {
    return { fee, minted: mulDiv(net * settlementScale(pool.settlementDecimals), WAD, pool.initialSwapRate, 'floor') };
  }
  const value = pool.zTokenSupply + floating;
  if (value <= 0n || pool.settlementBalance === 0n) throw new SwapRateUndefinedError(value);
  return { fee, minted: mulDiv(net, value, pool.settlementBalance, 'floor') };
}

export interface RedeemQuote {
  /** amount·balance/(supply + floating), rounded down. */
  gross: bigint;
  /** Redeem fee kept by the pool: gross·bps/1e4 rounded up. */
  fee: bigint;
  /** Settlement units paid: gross − fee. */
  amountOut: bigint;
}

/** Settlement paid for redeeming `zTokenAmount` (PvpPool.redeem, PvpPoolLens.previewRedeem). */
export function redeemQuote(pool: PoolAmounts, floating: bigint, zTokenAmount: bigint, redeemFeeBps: bigint | number): RedeemQuote {
  const value = pool.zTokenSupply + floating;
  if (value <= 0n) throw new SwapRateUndefinedError(value);
  const gross = mulDiv(zTokenAmount, pool.settlementBalance, value, 'floor');
  const fee = redeemFee(gross, redeemFeeBps);
  return { gross, fee, amountOut: gross - fee };
}

/**
 * USD value of a zToken amount (docs/mechanism.md §5a): z · swapRate ·
 * usdPrice, all WAD, truncated toward zero once (so a loss and the equal
 * gain have opposite values). `usdPriceWad` is the settlement token's USD
 * price: 1e18 for a USD stablecoin, else an index price such as BNB/USD.
 */
export function zTokenValueUsd(zTokenAmount: bigint, swapRateWad: bigint, usdPriceWad: bigint): bigint {
  return divRound(zTokenAmount * swapRateWad * usdPriceWad, WAD * WAD, 'trunc');
}

/** Settlement tokens (WAD, whole tokens with 18 decimals) a zToken amount is worth at a rate: z · rate, truncated toward zero. */
export function zTokenValueInSettlement(zTokenAmount: bigint, swapRateWad: bigint): bigint {
  return divRound(zTokenAmount * swapRateWad, WAD, 'trunc');
}
