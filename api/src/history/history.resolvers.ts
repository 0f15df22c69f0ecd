// Time series: swap-rate candles and raw rate points of a pool, and period
// stats of a market, a pool or all pools, gap-free over [from, to).
import { badInput } from '../errors.ts';
import { decodeIntCursor, encodeIntCursor, parseAddress, parseMarketId, parsePage, parseWindow } from '../args.ts';
import { scope } from '../context.ts';
import type { QueryResolvers } from '../generated/resolvers-types.ts';
import { loadOne } from '../loaders.ts';
import { connection } from '../pagination.ts';
import { allPoolIds } from '../protocol/protocol.repository.ts';
import type { Scope } from '../scope.ts';
import { fillCandles, fillStats, sumStats } from './buckets.ts';
import { periodStats, rateCandles, ratePoints } from './history.repository.ts';
import { formatCandle, formatStats, seriesNow, seriesRange, toRatePoint } from './history.service.ts';

export const historyResolvers = {
  Query: {
    async rateCandles(_, args, ctx) {
      const pool = parseAddress(args.pool, 'pool');
      const s = await scope(ctx, args.block);
      const r = seriesRange(args, 7, await seriesNow(ctx, s));
      // Read exactly at the indexed head this request saw (or the block asked
      // for): the candles are then a function of (deployment, block, pool,
      // range, now) and are shared between requests through a cache.
      const at: Scope = { ...s, block: s.block ?? s.head ?? undefined };
      const compute = async () => {
        if (!(await loadOne(ctx.loaders.pool, at, pool))) throw badInput(`no pool ${args.pool} is indexed${s.block !== undefined ? ` at block ${s.block}` : ''}`, 'pool');
        const { rows, previous } = await rateCandles(ctx.db, at, pool, r);
        return fillCandles(rows, previous, r).map(formatCandle);
      };
      if (at.block === undefined) return compute();
      return ctx.caches.candles.get([s.schema, at.block, pool.toString('hex'), r.interval, r.from, r.to, r.now].join('|'), compute);
    },
    async ratePoints(_, args, ctx) {
      const pool = parseAddress(args.pool, 'pool');
      const window = parseWindow(args.from, args.to);
      const { first, after } = parsePage(args, ctx.config.maxPageSize, (c) => decodeIntCursor('rate', c));
      const s = await scope(ctx, args.block);
      const rows = await ratePoints(ctx.db, s, pool, { ...window, first, afterId: after });
      return connection(rows, first, toRatePoint, (r) => encodeIntCursor('rate', r.id));
    },
    async periodStats(_, args, ctx) {
      if (args.pool && args.market) throw badInput('pass either pool or market, not both', 'market');
      const s = await scope(ctx, args.block);
      const r = seriesRange(args, args.interval === 'DAY' ? 90 : 7, await seriesNow(ctx, s));
      if (args.market) {
        const market = parseMarketId(args.market, 'market');
        if (!(await loadOne(ctx.loaders.market, s, market))) throw badInput(`no market ${args.market} is indexed`, 'market');
        const { rows, previous } = await periodStats(ctx.db, s, 'market', market, r);
        return fillStats(rows, previous, r).map(formatStats);
      }
      if (args.pool) {
        const pool = parseAddress(args.pool, 'pool');
        if (!(await loadOne(ctx.loaders.pool, s, pool))) throw badInput(`no pool ${args.pool} is indexed`, 'pool');
        const { rows, previous } = await periodStats(ctx.db, s, 'pool', pool, r);
        return fillStats(rows, previous, r).map(formatStats);
      }
      const pools = await allPoolIds(ctx.db, s);
      const series = await Promise.all(
        pools.map(async (p) => {
          const { rows, previous } = await periodStats(ctx.db, s, 'pool', p, r);
          return fillStats(rows, previous, r);
        }),
      );
      return sumStats(series).map(formatStats);
    },
  },
} satisfies { Query: Pick<QueryResolvers, 'rateCandles' | 'ratePoints' | 'periodStats'> };
