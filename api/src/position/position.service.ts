// Position rows → GraphQL Position objects, the PnL of one open position at
// a price (docs/mechanism.md §2, rounded as PnlMath: long value down, short up), and a
// page of the positions a filter selects.
import type { Selectable } from 'kysely';
import { decodeCursor, encodeCursor, parsePage } from '../args.ts';
import type { ApiContext } from '../context.ts';
import type { PositionTable } from '../db/subgraph-tables.ts';
import { address, hex, int, intOrNull, wad } from '../format.ts';
import { longPnl, shortPnl } from '../math/pvp.ts';
import { connection } from '../pagination.ts';
import type { Scope } from '../scope.ts';
import { listPositions, type PositionFilter } from './position.repository.ts';

export type PositionRow = Selectable<PositionTable>;

export function positionPnl(p: { is_long: boolean; notional: string; size: string }, price: bigint): bigint {
  const n = BigInt(p.notional);
  const size = BigInt(p.size);
  return p.is_long ? longPnl({ x1: n, x2: size, y1: 0n, y2: 0n }, price) : shortPnl({ x1: 0n, x2: 0n, y1: n, y2: size }, price);
}

export function toPosition(row: PositionRow, block?: number) {
  return {
    _row: row,
    _block: block,
    id: hex(row.id),
    positionId: row.position_id,
    trader: address(row.trader),
    isLong: row.is_long,
    status: row.status,
    leverage: row.leverage,
    entryPrice: wad(row.entry_price),
    margin: wad(row.margin),
    notional: wad(row.notional),
    size: wad(row.size),
    initialMargin: wad(row.initial_margin),
    initialNotional: wad(row.initial_notional),
    realisedPnl: wad(row.realised_pnl),
    fundingPaid: wad(row.funding_paid),
    feesPaid: wad(row.fees_paid),
    payout: wad(row.payout),
    closeCount: row.close_count,
    openedAtBlock: int(row.opened_at_block),
    openedAtTimestamp: int(row.opened_at_timestamp),
    closedAtBlock: intOrNull(row.closed_at_block),
    closedAtTimestamp: intOrNull(row.closed_at_timestamp),
  };
}

export type PositionNode = ReturnType<typeof toPosition>;

/** The page of positions `f` selects, ordered by id (`first`/`after` as the client sent them). */
export async function positionsPage(ctx: ApiContext, s: Scope, f: PositionFilter, page: { first?: number | null; after?: string | null }) {
  const { first, after } = parsePage(page, ctx.config.maxPageSize, (c) => decodeCursor(c, 'position'));
  const rows = await listPositions(ctx.db, s, f, { first, afterId: after });
  return connection(rows, first, (r) => toPosition(r, s.block), (r) => encodeCursor(r.id, 'position'));
}
