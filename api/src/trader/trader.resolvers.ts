// Traders: the leaderboard over a window, one trader's totals; a trader's
// live unrealised PnL, positions, trades and liquidity events at the block
// the trader was read at.
import { decodeIntCursor, encodeIntCursor, parseAddress, parseOptional, parsePage, parseWindow } from '../args.ts';
import { nestedScope, scope } from '../context.ts';
import { badInput } from '../errors.ts';
import { wad } from '../format.ts';
import type { QueryResolvers, TraderResolvers } from '../generated/resolvers-types.ts';
import { positionsPage } from '../position/position.service.ts';
import { liquidityPage, tradesPage } from '../trade/trade.service.ts';
import { getAccount, leaderboard } from './trader.repository.ts';
import { toLeaderboardEntry, toTrader, unrealisedPnlOf } from './trader.service.ts';

/** Ranks beyond this are refused: the board is an OFFSET query, and no client pages that far. */
const MAX_LEADERBOARD_OFFSET = 100_000;

export const traderResolvers = {
  Query: {
    async leaderboard(_, args, ctx) {
      const pool = parseOptional(args.pool, parseAddress, 'pool');
      const window = parseWindow(args.from, args.to);
      const { first, after } = parsePage(args, ctx.config.maxPageSize, (c) => Number(decodeIntCursor('rank', c)));
      const offset = after ?? 0;
      if (offset > MAX_LEADERBOARD_OFFSET) throw badInput("after is beyond the leaderboard's last page", 'after');
      const s = await scope(ctx, args.block);
      const { rows, open: openOf } = await leaderboard(ctx.db, s, { pool, ...window, orderBy: args.orderBy ?? 'REALISED_PNL', first, offset }, ctx.caches.leaderboard);
      const nodes = await Promise.all(
        rows.slice(0, first).map(async (r, i) => {
          const open = (openOf.get(r.trader.toString('hex')) ?? []).filter((p) => !pool || p.pool.equals(pool));
          return toLeaderboardEntry(r, offset + i + 1, await unrealisedPnlOf(ctx, s, open));
        }),
      );
      const hasNextPage = rows.length > first;
      return { nodes, pageInfo: { hasNextPage, endCursor: hasNextPage ? encodeIntCursor('rank', offset + first) : null } };
    },
    async trader(_, args, ctx) {
      const id = parseAddress(args.id, 'id');
      const s = await scope(ctx, args.block);
      const row = await getAccount(ctx.db, s, id);
      return row ? toTrader(row, s.block) : null;
    },
  },
  Trader: {
    async unrealisedPnl(t, _, ctx) {
      const s = await nestedScope(ctx, t._block);
      return wad(await unrealisedPnlOf(ctx, s, await ctx.loaders.openPositionsOfTrader.load({ s, id: t._row.id })));
    },
    async positions(t, args, ctx) {
      return positionsPage(ctx, await nestedScope(ctx, t._block), { trader: t._row.id, status: args.status ?? undefined }, args);
    },
    async trades(t, args, ctx) {
      const window = parseWindow(args.from, args.to);
      return tradesPage(ctx, await nestedScope(ctx, t._block), { trader: t._row.id, ...window }, args);
    },
    async liquidityEvents(t, args, ctx) {
      return liquidityPage(ctx, await nestedScope(ctx, t._block), { account: t._row.id }, args);
    },
  },
} satisfies { Query: Pick<QueryResolvers, 'leaderboard' | 'trader'>; Trader: TraderResolvers };
