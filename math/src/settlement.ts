// What a close or a liquidation settles, and the realised PnL it books
// (docs/mechanism.md §2): the price PnL is uncapped, what settles is capped
// by the margin.
//
//   settled = pnl − funding − closeFee + uncollectedLoss − liquidationPenalty
//   close:        settled = payout − closedMargin
//   liquidation:  settled = −margin
import { bpsDown } from './integer.ts';
import { capFee, NO_FEE, tradeFee, type TradeFee, type TradeFeeParams } from './fees.ts';

/** The settlement of one close or liquidation and its realised PnL split into components. */
export interface Settlement {
  /** zTokens paid to the trader (0 for a liquidation). */
  payout: bigint;
  /** payout − closed margin, or −margin on liquidation. */
  realisedPnl: bigint;
  /** Price PnL of the closed part (uncapped). */
  pnl: bigint;
  /** Funding paid by the closed part (negative: received). */
  funding: bigint;
  /** The close fee (0 for a liquidation or a close that is worth nothing). */
  fee: TradeFee;
  /** The loss below −margin the margin could not cover: max(0, −(m + pnl − funding)); bad debt of the pool. */
  uncollectedLoss: bigint;
  /** The margin a liquidated trader forfeits beyond the loss: max(0, m + pnl − funding); 0 for a close. */
  liquidationPenalty: bigint;
  /** The liquidator's share of the margin: m·keeperRewardBps/1e4 rounded down; 0 for a close. */
  keeperReward: bigint;
  /** zToken supply change: minted profit positive, burned loss and fee negative. */
  supplyDelta: bigint;
}

/**
 * A close of `closedMargin` with price PnL `pnl` and funding `funding`
 * (PvpPool._close): value = m + pnl − funding; if positive the close fee on
 * the closed notional is charged (at most the value) and the trader gets
 * value − fee, else nothing and no fee.
 */
export function closeSettlement(closedMargin: bigint, closedNotional: bigint, pnl: bigint, funding: bigint, fee: TradeFeeParams): Settlement {
  const value = closedMargin + pnl - funding;
  let charged: TradeFee = NO_FEE;
  let payout = 0n;
  if (value > 0n) {
    charged = capFee(tradeFee(closedNotional, fee), value, fee);
    payout = value - charged.fee;
  }
  return {
    payout,
    realisedPnl: payout - closedMargin,
    pnl,
    funding,
    fee: charged,
    uncollectedLoss: value < 0n ? -value : 0n,
    liquidationPenalty: 0n,
    keeperReward: 0n,
    // The pool pays payout + protocol share + rebate out of the margin it holds; the rest is burned or minted.
    supplyDelta: payout + charged.protocolFee + charged.referralRebate - closedMargin,
  };
}

/** Keeper reward of a liquidation: margin·keeperRewardBps/1e4 rounded down. */
export function keeperReward(margin: bigint, keeperRewardBps: bigint | number): bigint {
  return bpsDown(margin, keeperRewardBps);
}

/** A liquidation (PvpPool.liquidate): the whole margin leaves the supply except the keeper's reward. */
export function liquidationSettlement(margin: bigint, pnl: bigint, funding: bigint, keeperRewardBps: bigint | number): Settlement {
  const value = margin + pnl - funding;
  const reward = keeperReward(margin, keeperRewardBps);
  return {
    payout: 0n,
    realisedPnl: -margin,
    pnl,
    funding,
    fee: NO_FEE,
    uncollectedLoss: value < 0n ? -value : 0n,
    liquidationPenalty: value > 0n ? value : 0n,
    keeperReward: reward,
    supplyDelta: reward - margin,
  };
}
