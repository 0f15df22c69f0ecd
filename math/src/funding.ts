// Imbalance funding (docs/mechanism.md §5, §4's floating PnL): a cumulative
// index per market that longs pay (shorts pay its negative), moving at a rate
// set from the balance rate after every open, close and liquidation in the
// market. As PvpPool's funding functions and PnlMath.fundingOwed/fundingBase.
import { divRound, WAD } from './integer.ts';
import type { OpenAmounts } from './market.ts';

/** Seconds per hour: the per-hour rate is divided by it, truncated. */
export const SECONDS_PER_HOUR = 3600n;

/** A market's funding state as the pool stores it. */
export interface FundingState {
  /** Cumulative funding per unit notional paid by longs at `fundingUpdatedAt` (WAD, signed). */
  fundingIndex: bigint;
  /** WAD per second; positive: longs pay shorts. */
  fundingRatePerSecond: bigint;
  /** Unix seconds of the last accrual or rate change. */
  fundingUpdatedAt: bigint;
  /** Σ trunc(notional·entryIndex/1e18) over the open longs. */
  longFundingBase: bigint;
  /** The same over the open shorts. */
  shortFundingBase: bigint;
}

export const NO_FUNDING: Readonly<FundingState> = Object.freeze({ fundingIndex: 0n, fundingRatePerSecond: 0n, fundingUpdatedAt: 0n, longFundingBase: 0n, shortFundingBase: 0n });

/** The index at `time`: index + rate·(time − updatedAt). */
export function fundingIndexAt(f: Pick<FundingState, 'fundingIndex' | 'fundingRatePerSecond' | 'fundingUpdatedAt'>, time: bigint): bigint {
  if (time < f.fundingUpdatedAt) throw new RangeError(`time ${time} is before the last funding update ${f.fundingUpdatedAt}`);
  return f.fundingIndex + f.fundingRatePerSecond * (time - f.fundingUpdatedAt);
}

/** notional·index/1e18 truncated toward zero: one position's share of its side's funding base (PnlMath.fundingBase). */
export function fundingBase(notional: bigint, index: bigint): bigint {
  return divRound(notional * index, WAD, 'trunc');
}

/**
 * Funding owed by `notional` of one position over an index move
 * `index − entryIndex`: longs pay +Δ, shorts −Δ, rounded up (PnlMath.fundingOwed).
 * Negative = to receive.
 */
export function positionFundingOwed(notional: bigint, index: bigint, entryIndex: bigint, isLong: boolean): bigint {
  const delta = index - entryIndex;
  if (delta === 0n) return 0n;
  return divRound(notional * (isLong ? delta : -delta), WAD, 'ceil');
}

/**
 * Funding owed by all open longs and all open shorts of a market at `index`
 * (PvpPool._fundingOwed): long = base(x1, index) − longBase, short = shortBase
 * − base(y1, index). Each side's figure truncates once, so it may differ from
 * the sum of its positions' rounded-up figures by less than one wei per position.
 */
export function sideFundingOwed(m: Pick<OpenAmounts, 'x1' | 'y1'>, f: Pick<FundingState, 'longFundingBase' | 'shortFundingBase'>, index: bigint): { long: bigint; short: bigint } {
  return { long: fundingBase(m.x1, index) - f.longFundingBase, short: f.shortFundingBase - fundingBase(m.y1, index) };
}

/** The funding parameters of a pool (IPvpPool.PoolParams). */
export interface FundingParams {
  fundingEnabled: boolean;
  /** Rate per hour per unit of balance rate (WAD). */
  fundingFactorPerHour: bigint;
  /** Cap on |rate| per hour (WAD of notional). */
  maxFundingRatePerHour: bigint;
}

/** BR = (long − short open notional)·1e18 / pool value in zToken, truncated toward zero (WAD, signed); null for a value ≤ 0. */
export function balanceRate(m: Pick<OpenAmounts, 'x1' | 'y1'>, poolValue: bigint): bigint | null {
  if (poolValue <= 0n) return null;
  return divRound((m.x1 - m.y1) * WAD, poolValue, 'trunc');
}

/**
 * The funding rate a market gets after an open, close or liquidation in it
 * (PvpPool._updateFundingRate): per hour factor·BR, clamped to ±max (±max
 * outright when the pool value is ≤ 0), then per second truncated toward zero.
 * `poolValue` is the zToken supply plus the floating PnL (funding included)
 * at the latest index prices, after the action. Zero without imbalance or
 * with funding off; the balance rate reported is 0 then too (as the event).
 */
export function fundingRate(params: FundingParams, m: Pick<OpenAmounts, 'x1' | 'y1'>, poolValue: bigint): { ratePerSecond: bigint; balanceRate: bigint } {
  const imbalance = m.x1 - m.y1;
  if (!params.fundingEnabled || imbalance === 0n) return { ratePerSecond: 0n, balanceRate: 0n };
  const maxRate = params.maxFundingRatePerHour;
  let perHour: bigint;
  let br = 0n;
  if (poolValue <= 0n) {
    perHour = imbalance > 0n ? maxRate : -maxRate;
  } else {
    br = divRound(imbalance * WAD, poolValue, 'trunc');
    perHour = divRound(br * params.fundingFactorPerHour, WAD, 'trunc');
    if (perHour > maxRate) perHour = maxRate;
    if (perHour < -maxRate) perHour = -maxRate;
  }
  return { ratePerSecond: divRound(perHour, SECONDS_PER_HOUR, 'trunc'), balanceRate: br };
}
