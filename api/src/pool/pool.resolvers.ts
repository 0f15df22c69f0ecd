// Pools: the list (by address) and one pool; a pool's markets and its live
// swap rate, read at the block the pool was read at.
import { decodeCursor, encodeCursor, parseAddress, parsePage } from '../args.ts';
import { entityAt, nestedScope, scope } from '../context.ts';
import type { PoolResolvers, QueryResolvers } from '../generated/resolvers-types.ts';
import { liveRate, priceMarkets } from '../live/live.service.ts';
import { toMarket } from '../market/market.service.ts';
import { connection } from '../pagination.ts';
import { listPools } from './pool.repository.ts';
import { toPool } from './pool.service.ts';

export const poolResolvers = {
  Query: {
    async pools(_, args, ctx) {
      const { first, after } = parsePage(args, ctx.config.maxPageSize, (c) => decodeCursor(c));
      const s = await scope(ctx, args.block);
      const rows = await listPools(ctx.db, s, { first, afterId: after });
      return connection(rows, first, (r) => toPool(r, s.block), (r) => encodeCursor(r.id));
    },
    async pool(_, args, ctx) {
      return entityAt(ctx, args.block, ctx.loaders.pool, parseAddress(args.id, 'id'), toPool);
    },
  },
  Pool: {
    async markets(pool, _, ctx) {
      const s = await nestedScope(ctx, pool._block);
      return (await ctx.loaders.marketsOfPool.load({ s, id: pool._row.id })).map((m) => toMarket(m, pool._block));
    },
    async liveSwapRate(pool, _, ctx) {
      const s = await nestedScope(ctx, pool._block);
      const priced = await priceMarkets(ctx, s, await ctx.loaders.marketsOfPool.load({ s, id: pool._row.id }));
      return liveRate(pool._row, priced, s.block ?? s.head);
    },
  },
} satisfies { Query: Pick<QueryResolvers, 'pools' | 'pool'>; Pool: PoolResolvers };
