// Pool rows → GraphQL Pool objects. `_row` and `_block` travel along for the
// nested resolvers (markets, live rate), which read at the same block.
import type { Selectable } from 'kysely';
import type { PoolTable } from '../db/subgraph-tables.ts';
import { address, int, units, wad, ZTOKEN_DECIMALS } from '../format.ts';

export type PoolRow = Selectable<PoolTable>;

export function toPool(row: PoolRow, block?: number) {
  const d = row.settlement_decimals;
  return {
    _row: row,
    _block: block,
    id: address(row.id),
    protocol: address(row.protocol),
    creator: address(row.creator),
    settlementToken: address(row.settlement_token),
    settlementDecimals: d,
    zToken: address(row.z_token),
    zTokenName: row.z_token_name,
    zTokenSymbol: row.z_token_symbol,
    priceFeed: address(row.price_feed),
    initialSwapRate: wad(row.initial_swap_rate),
    parameters: {
      governor: address(row.governor),
      protocolFeeRecipient: address(row.protocol_fee_recipient),
      passNft: address(row.pass_nft),
      mintFeeBps: row.mint_fee_bps,
      redeemFeeBps: row.redeem_fee_bps,
      openFeeBps: row.open_fee_bps,
      closeFeeBps: row.close_fee_bps,
      protocolShareBps: row.protocol_share_bps,
      referralRebateBps: row.referral_rebate_bps,
      passDiscountBps: row.pass_discount_bps,
      liquidityLock: row.liquidity_lock,
      liquidationThresholdBps: row.liquidation_threshold_bps,
      keeperRewardBps: row.keeper_reward_bps,
      fundingEnabled: row.funding_enabled,
      fundingFactorPerHour: wad(row.funding_factor_per_hour),
      maxFundingRatePerHour: wad(row.max_funding_rate_per_hour),
      paused: row.paused,
    },
    settlementBalance: units(row.settlement_balance, d),
    settlementBalanceRaw: row.settlement_balance,
    zTokenSupply: units(row.z_token_supply, ZTOKEN_DECIMALS),
    zTokenSupplyRaw: row.z_token_supply,
    floatingPnl: wad(row.floating_pnl),
    swapRate: wad(row.swap_rate_wad),
    swapRateWad: row.swap_rate_wad,
    openInterestLong: wad(row.open_interest_long),
    openInterestShort: wad(row.open_interest_short),
    cumulativeVolume: wad(row.cumulative_volume),
    cumulativeFees: wad(row.cumulative_fees),
    cumulativeProtocolFees: wad(row.cumulative_protocol_fees),
    cumulativeReferralRebates: wad(row.cumulative_referral_rebates),
    cumulativeRealisedPnl: wad(row.cumulative_realised_pnl),
    cumulativeDepositAmount: units(row.cumulative_deposit_amount, d),
    cumulativeRedeemAmount: units(row.cumulative_redeem_amount, d),
    cumulativeMintFees: units(row.cumulative_mint_fees, d),
    cumulativeRedeemFees: units(row.cumulative_redeem_fees, d),
    depositCount: row.deposit_count,
    redeemCount: row.redeem_count,
    positionCount: row.position_count,
    openPositionCount: row.open_position_count,
    tradeCount: row.trade_count,
    liquidationCount: row.liquidation_count,
    createdAtBlock: int(row.created_at_block),
    createdAtTimestamp: int(row.created_at_timestamp),
    lastUpdatedBlock: int(row.last_updated_block),
  };
}

export type PoolNode = ReturnType<typeof toPool>;
