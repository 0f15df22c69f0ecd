// Trade and liquidity-event rows → GraphQL objects, and the pages of them a
// filter selects (newest first by default; cursors over graph-node's vid).
import type { Selectable } from 'kysely';
import { decodeIntCursor, encodeIntCursor, parsePage } from '../args.ts';
import type { ApiContext } from '../context.ts';
import type { LiquidityEventTable, TradeTable } from '../db/subgraph-tables.ts';
import { address, hex, int, intOrNull, units, wad, wadOrNull } from '../format.ts';
import { loadOne } from '../loaders.ts';
import { connection } from '../pagination.ts';
import type { Scope } from '../scope.ts';
import { listLiquidityEvents, listTrades, type LiquidityFilter, type TradeFilter } from './trade.repository.ts';

type PageArgs = { first?: number | null; after?: string | null };

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

/** The page of trades `f` selects; `ascending`: oldest first (a position's own trades). */
export async function tradesPage(ctx: ApiContext, s: Scope, f: TradeFilter, page: PageArgs, ascending = false) {
  const { first, after } = parsePage(page, ctx.config.maxPageSize, (c) => decodeIntCursor('trade', c));
  const rows = await listTrades(ctx.db, s, f, { first, afterVid: after, ascending });
  return connection(rows, first, toTrade, (r) => encodeIntCursor('trade', r.vid as unknown as string));
}

/** The page of deposits and redemptions `f` selects, each in its pool's settlement decimals. */
export async function liquidityPage(ctx: ApiContext, s: Scope, f: LiquidityFilter, page: PageArgs) {
  const { first, after } = parsePage(page, ctx.config.maxPageSize, (c) => decodeIntCursor('liquidity', c));
  const rows = await listLiquidityEvents(ctx.db, s, f, { first, afterVid: after });
  const decimals = new Map<string, number>();
  for (const r of rows.slice(0, first)) {
    const key = r.pool.toString('hex');
    if (!decimals.has(key)) decimals.set(key, (await loadOne(ctx.loaders.pool, s, r.pool))?.settlement_decimals ?? 18);
  }
  return connection(rows, first, (r) => toLiquidityEvent(r, decimals.get(r.pool.toString('hex'))!), (r) => encodeIntCursor('liquidity', r.vid as unknown as string));
}
