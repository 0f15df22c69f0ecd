// Trade and liquidity-event rows → GraphQL objects.
import type { Selectable } from 'kysely';
import type { LiquidityEventTable, TradeTable } from '../db/subgraph-tables.ts';
import { address, hex, int, intOrNull, units, wad, wadOrNull } from '../format.ts';

export function toTrade(row: Selectable<TradeTable>) {
  return {
    id: hex(row.id),
    kind: row.kind,
    pool: address(row.pool),
    market: hex(row.market),
    position: hex(row.position),
    trader: address(row.trader),
    isLong: row.is_long,
    margin: wad(row.margin),
    notional: wad(row.notional),
    size: wad(row.size),
    price: wad(row.price),
    pnl: wad(row.pnl),
    funding: wad(row.funding),
    payout: wad(row.payout),
    remainingMargin: wad(row.remaining_margin),
    keeper: row.keeper ? address(row.keeper) : null,
    keeperReward: wadOrNull(row.keeper_reward),
    blockNumber: int(row.block_number),
    timestamp: int(row.timestamp),
    transactionHash: hex(row.transaction_hash),
  };
}

/** `decimals`: the pool's settlement decimals (settlement amounts and fees). */
export function toLiquidityEvent(row: Selectable<LiquidityEventTable>, decimals: number) {
  return {
    id: hex(row.id),
    pool: address(row.pool),
    kind: row.kind,
    account: address(row.account),
    settlementAmount: units(row.settlement_amount, decimals),
    settlementAmountRaw: row.settlement_amount,
    fee: units(row.fee, decimals),
    zTokenAmount: wad(row.z_token_amount),
    swapRate: wad(row.swap_rate_wad),
    unlockTime: intOrNull(row.unlock_time),
    blockNumber: int(row.block_number),
    timestamp: int(row.timestamp),
    transactionHash: hex(row.transaction_hash),
  };
}
