// @pvp/math: the PvP AMM formulas in exact bigint arithmetic with the
// contracts' rounding (docs/mechanism.md), and the exact decimal codec.
// The decimal-string arithmetic is in '@pvp/math/decimal'; the reference
// pool model in '@pvp/math/model'.
export { WAD, BPS, divRound, mulDiv, bpsUp, bpsDown, isRounding, type Rounding } from './integer.ts';
export { DecimalError, formatFixed, formatFixedOrNull, parseFixed, normalizeDecimal, type DecimalErrorCode } from './decimal.ts';
export { sizeOf, valueOf, pricePnl, entryPrice, closePart, equity, liquidationLoss, isLiquidatable, liquidationPrice, type PositionAmounts, type ClosedPart } from './position.ts';
export { openAmounts, addOpen, addClose, longPnl, shortPnl, marketPnl, hasOpenPositions, averageEntryPrices, skew, NO_SUMS, type OpenAmounts, type MarketSums } from './market.ts';
export { SECONDS_PER_HOUR, fundingIndexAt, fundingBase, positionFundingOwed, sideFundingOwed, balanceRate, fundingRate, NO_FUNDING, type FundingState, type FundingParams } from './funding.ts';
export {
  settlementScale,
  marketFloatingPnl,
  floatingPnl,
  poolValue,
  swapRate,
  requireSwapRate,
  depositQuote,
  redeemQuote,
  zTokenValueUsd,
  zTokenValueInSettlement,
  SwapRateUndefinedError,
  type PoolAmounts,
  type DepositQuote,
  type RedeemQuote,
} from './pool.ts';
export { tradeFee, splitFee, capFee, mintFee, redeemFee, NO_FEE, type TradeFee, type TradeFeeParams } from './fees.ts';
export { closeSettlement, liquidationSettlement, keeperReward, type Settlement } from './settlement.ts';
