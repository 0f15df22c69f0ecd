// Event records: trades (opens, closes, liquidations), liquidations alone,
// and deposits/redemptions, newest first, filtered and windowed [from, to).
import { parseAddress, parseMarketId, parseOptional, parsePositionId, parseWindow } from '../args.ts';
import { scope } from '../context.ts';
import type { QueryResolvers, QueryTradesArgs } from '../generated/resolvers-types.ts';
import type { TradeFilter } from './trade.repository.ts';
import { liquidityPage, tradesPage } from './trade.service.ts';

function tradeFilter(args: Omit<QueryTradesArgs, 'first' | 'after' | 'block'>): TradeFilter {
  const window = parseWindow(args.from, args.to);
  return {
    pool: parseOptional(args.pool, parseAddress, 'pool'),
    market: parseOptional(args.market, parseMarketId, 'market'),
    trader: parseOptional(args.trader, parseAddress, 'trader'),
    position: parseOptional(args.position, parsePositionId, 'position'),
    kind: args.kind ?? undefined,
    ...window,
  };
}

export const tradeResolvers = {
  Query: {
    async trades(_, args, ctx) {
      const f = tradeFilter(args);
      return tradesPage(ctx, await scope(ctx, args.block), f, args);
    },
    async liquidations(_, args, ctx) {
      const f: TradeFilter = { ...tradeFilter(args), kind: 'LIQUIDATION' };
      return tradesPage(ctx, await scope(ctx, args.block), f, args);
    },
    async liquidityEvents(_, args, ctx) {
      const window = parseWindow(args.from, args.to);
      const f = { pool: parseOptional(args.pool, parseAddress, 'pool'), account: parseOptional(args.account, parseAddress, 'account'), kind: args.kind ?? undefined, ...window };
      return liquidityPage(ctx, await scope(ctx, args.block), f, args);
    },
  },
} satisfies { Query: Pick<QueryResolvers, 'trades' | 'liquidations' | 'liquidityEvents'> };
