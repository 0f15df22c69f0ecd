// Markets: one market by id; its pool, its live index price and its live
// unrealised PnL, read at the block the market was read at.
import { parseMarketId } from '../args.ts';
import { entityAt, nestedScope, type ApiContext } from '../context.ts';
import type { MarketResolvers, QueryResolvers } from '../generated/resolvers-types.ts';
import { liveMarketPnl, priceMarket, toMarketPrice } from '../live/live.service.ts';
import { loadOne } from '../loaders.ts';
import { toPool } from '../pool/pool.service.ts';
import { toMarket, type MarketNode } from './market.service.ts';

const livePnl = async (ctx: ApiContext, market: MarketNode) => liveMarketPnl(ctx, await nestedScope(ctx, market._block), market._row);

export const marketResolvers = {
  Query: {
    async market(_, args, ctx) {
      return entityAt(ctx, args.block, ctx.loaders.market, parseMarketId(args.id, 'id'), toMarket);
    },
  },
  Market: {
    async pool(market, _, ctx) {
      const s = await nestedScope(ctx, market._block);
      // A market's pool row exists at every block the market does (the factory creates both).
      return toPool((await loadOne(ctx.loaders.pool, s, market._row.pool))!, market._block);
    },
    async livePrice(market, _, ctx) {
      return toMarketPrice(await priceMarket(ctx, await nestedScope(ctx, market._block), market._row));
    },
    async liveUnrealisedPnlLong(market, _, ctx) {
      return (await livePnl(ctx, market)).long;
    },
    async liveUnrealisedPnlShort(market, _, ctx) {
      return (await livePnl(ctx, market)).short;
    },
    async liveUnrealisedPnl(market, _, ctx) {
      return (await livePnl(ctx, market)).net;
    },
  },
} satisfies { Query: Pick<QueryResolvers, 'market'>; Market: MarketResolvers };
