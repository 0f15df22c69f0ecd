// Positions: one by id and filtered lists; a position's pool and market, its
// live mark price and unrealised PnL (open positions only), and its trades.
import { parseAddress, parseMarketId, parseOptional, parsePositionId } from '../args.ts';
import { entityAt, nestedScope, scope } from '../context.ts';
import { wad } from '../format.ts';
import type { PositionResolvers, QueryResolvers } from '../generated/resolvers-types.ts';
import { pricePositionMarket, toMarketPrice } from '../live/live.service.ts';
import { loadOne } from '../loaders.ts';
import { toMarket } from '../market/market.service.ts';
import { toPool } from '../pool/pool.service.ts';
import { tradesPage } from '../trade/trade.service.ts';
import { positionPnl, positionsPage, toPosition } from './position.service.ts';

export const positionResolvers = {
  Query: {
    async position(_, args, ctx) {
      return entityAt(ctx, args.block, ctx.loaders.position, parsePositionId(args.id, 'id'), toPosition);
    },
    async positions(_, args, ctx) {
      const f = {
        pool: parseOptional(args.pool, parseAddress, 'pool'),
        market: parseOptional(args.market, parseMarketId, 'market'),
        trader: parseOptional(args.trader, parseAddress, 'trader'),
        status: args.status ?? undefined,
      };
      return positionsPage(ctx, await scope(ctx, args.block), f, args);
    },
  },
  Position: {
    // A position's pool and market rows exist at every block the position does.
    async pool(p, _, ctx) {
      return toPool((await loadOne(ctx.loaders.pool, await nestedScope(ctx, p._block), p._row.pool))!, p._block);
    },
    async market(p, _, ctx) {
      return toMarket((await loadOne(ctx.loaders.market, await nestedScope(ctx, p._block), p._row.market))!, p._block);
    },
    async markPrice(p, _, ctx) {
      if (p._row.status !== 'OPEN') return null;
      const priced = await pricePositionMarket(ctx, await nestedScope(ctx, p._block), p._row.market);
      return priced ? toMarketPrice(priced) : null;
    },
    async unrealisedPnl(p, _, ctx) {
      if (p._row.status !== 'OPEN') return null;
      const priced = await pricePositionMarket(ctx, await nestedScope(ctx, p._block), p._row.market);
      return priced?.price == null ? null : wad(positionPnl(p._row, priced.price));
    },
    async trades(p, args, ctx) {
      return tradesPage(ctx, await nestedScope(ctx, p._block), { position: p._row.id }, args, true);
    },
  },
} satisfies { Query: Pick<QueryResolvers, 'position' | 'positions'>; Position: PositionResolvers };
