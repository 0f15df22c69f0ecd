// What-if: a market's PnL and its pool's swap rate over a range of index
// prices, the pool's other markets at their live prices.
import { parseIntIn, parseMarketId, parsePrice } from '../args.ts';
import { scope } from '../context.ts';
import { badInput } from '../errors.ts';
import type { QueryResolvers } from '../generated/resolvers-types.ts';
import { loadOne } from '../loaders.ts';
import { toMarket } from '../market/market.service.ts';
import { combineSources, floatingOf, hasOpen, openAmounts, poolAmounts, priceMarkets } from './live.service.ts';
import { MAX_WHAT_IF_STEPS, whatIfCurve, whatIfPrices } from './what-if.service.ts';

export const liveResolvers = {
  Query: {
    async whatIf(_, args, ctx) {
      const id = parseMarketId(args.market, 'market');
      const lo = parsePrice(args.fromPrice, 'fromPrice');
      const hi = parsePrice(args.toPrice, 'toPrice');
      if (lo > hi) throw badInput(`fromPrice (${args.fromPrice}) must not be above toPrice (${args.toPrice})`, 'fromPrice');
      // An explicit null is refused by the integer check.
      const steps = parseIntIn(args.steps as number, 1, MAX_WHAT_IF_STEPS, 'steps');
      if (steps === 1 && lo !== hi) throw badInput('steps must be at least 2 for a price range (1 only when fromPrice = toPrice)', 'steps');
      const s = await scope(ctx, args.block);
      const market = await loadOne(ctx.loaders.market, s, id);
      if (!market) throw badInput(`no market ${args.market} is indexed`, 'market');
      // A market's pool row exists at every block the market does.
      const pool = (await loadOne(ctx.loaders.pool, s, market.pool))!;
      const others = (await ctx.loaders.marketsOfPool.load({ s, id: market.pool })).filter((m) => !m.id.equals(market.id));
      const priced = await priceMarkets(ctx, s, others);
      const points = whatIfCurve(poolAmounts(pool), hasOpen(market) ? openAmounts(market) : null, floatingOf(priced), whatIfPrices(lo, hi, steps));
      return { market: toMarket(market, s.block), otherPriceSource: combineSources(priced.filter((p) => hasOpen(p.row)).map((p) => p.source)), points };
    },
  },
} satisfies { Query: Pick<QueryResolvers, 'whatIf'> };
