// GraphQL resolvers: validate arguments (args.ts), read through the feature
// repositories (batched per request with DataLoader), shape with the feature
// services. Objects carry `_row`/`_block` so nested fields read at the block
// the root field asked for.
import type { ApiContext } from './context.ts';
import { nestedScope as nested, scope } from './context.ts';
import type { Scope } from './scope.ts';
import {
  decodeCursor,
  decodeIntCursor,
  encodeCursor,
  encodeIntCursor,
  parseAddress,
  parseFirst,
  parseIntIn,
  parseMarketId,
  parsePositionId,
  parsePrice,
  parseTimeRange,
} from './args.ts';
import { badInput } from './errors.ts';
import { connection } from './pagination.ts';
import { headBlock } from './db/deployment.ts';
import { address, wad } from './format.ts';
import { listPools } from './pool/pool.repository.ts';
import { toPool, type PoolNode, type PoolRow } from './pool/pool.service.ts';
import { toMarket, type MarketNode, type MarketRow } from './market/market.service.ts';
import { listPositions, type PositionFilter, type PositionStatus } from './position/position.repository.ts';
import { positionPnl, toPosition, type PositionNode } from './position/position.service.ts';
import { listLiquidityEvents, listTrades, type TradeFilter } from './trade/trade.repository.ts';
import { toLiquidityEvent, toTrade } from './trade/trade.service.ts';
import { periodStats, rateCandles, ratePoints, type Range } from './history/history.repository.ts';
import { BUCKET_SECONDS, bucketRange, bucketStart, fillCandles, fillStats, sumStats, type Interval, type Stats } from './history/buckets.ts';
import { decimal, hex, int } from './format.ts';
import { getAccount, leaderboard, type LeaderboardOrder } from './trader/trader.repository.ts';
import { allPoolIds, getProtocol } from './protocol/protocol.repository.ts';
import { combineSources, floatingOf, hasOpen, liveRate, openAmounts, poolAmounts, priceMarket, toMarketPrice, type PricedMarket } from './live/live.service.ts';
import { marketPnl, swapRate, WAD } from './math/pvp.ts';
import { loadOne } from './loaders.ts';

type Args = Record<string, any>;

const opt = <T>(value: string | null | undefined, parse: (v: string, arg: string) => T, arg: string): T | undefined =>
  value === null || value === undefined ? undefined : parse(value, arg);

const nowSeconds = () => Math.floor(Date.now() / 1000);

async function loadPool(ctx: ApiContext, s: Scope, id: Buffer): Promise<PoolRow | undefined> {
  return loadOne(ctx.loaders.pool, s, id);
}

async function marketsOf(ctx: ApiContext, s: Scope, pool: Buffer): Promise<MarketRow[]> {
  return ctx.loaders.marketsOfPool.load({ s, id: pool });
}

async function priceAll(ctx: ApiContext, s: Scope, markets: MarketRow[]): Promise<PricedMarket[]> {
  return Promise.all(markets.map((m) => priceMarket(ctx, s, m)));
}

/**
 * A position's market, for pricing it (feed, market id, fallback price): at
 * the scope's block, or — for latest reads — at the indexed head, shared by
 * all requests at that head through a process-wide cache (no query per
 * request for the few market rows every position list needs).
 */
async function marketForPricing(ctx: ApiContext, s: Scope, id: Buffer): Promise<MarketRow | undefined> {
  if (s.block !== undefined || s.head === null) return loadOne(ctx.loaders.market, s, id);
  const at: Scope = { ...s, block: s.head };
  return ctx.caches.markets.get(`${s.schema}|${s.head}|${id.toString('hex')}`, () => loadOne(ctx.loaders.market, at, id));
}

/** Unrealised PnL of open positions (per position at its market's live price). */
async function unrealisedOf(ctx: ApiContext, s: Scope, positions: Array<{ market: Buffer; is_long: boolean; notional: string; size: string }>): Promise<bigint> {
  let total = 0n;
  for (const p of positions) {
    const market = await marketForPricing(ctx, s, p.market);
    if (!market) continue;
    const priced = await priceMarket(ctx, s, market);
    if (priced.price !== null) total += positionPnl(p, priced.price);
  }
  return total;
}

function tradeFilter(args: Args): TradeFilter {
  const range = args.from != null || args.to != null ? parseTimeRange(args.from, args.to, { from: 0, to: 2 ** 40 }) : undefined;
  return {
    pool: opt(args.pool, parseAddress, 'pool'),
    market: opt(args.market, parseMarketId, 'market'),
    trader: opt(args.trader, parseAddress, 'trader'),
    position: opt(args.position, parsePositionId, 'position'),
    kind: args.kind ?? undefined,
    from: range?.from,
    to: range?.to,
  };
}

async function tradesPage(ctx: ApiContext, s: Scope, f: TradeFilter, args: Args, ascending = false) {
  const first = parseFirst(args.first, ctx.config.maxPageSize);
  const afterVid = args.after ? decodeIntCursor('trade', args.after) : undefined;
  const rows = await listTrades(ctx.db, s, f, { first, afterVid, ascending });
  return connection(rows, first, toTrade, (r) => encodeIntCursor('trade', r.vid as unknown as string));
}

async function liquidityPage(ctx: ApiContext, s: Scope, f: Parameters<typeof listLiquidityEvents>[2], args: Args) {
  const first = parseFirst(args.first, ctx.config.maxPageSize);
  const afterVid = args.after ? decodeIntCursor('liquidity', args.after) : undefined;
  const rows = await listLiquidityEvents(ctx.db, s, f, { first, afterVid });
  const decimals = new Map<string, number>();
  for (const r of rows.slice(0, first)) {
    const key = r.pool.toString('hex');
    if (!decimals.has(key)) decimals.set(key, (await loadPool(ctx, s, r.pool))?.settlement_decimals ?? 18);
  }
  return connection(rows, first, (r) => toLiquidityEvent(r, decimals.get(r.pool.toString('hex'))!), (r) => encodeIntCursor('liquidity', r.vid as unknown as string));
}

async function positionsPage(ctx: ApiContext, s: Scope, f: PositionFilter, args: Args) {
  const first = parseFirst(args.first, ctx.config.maxPageSize);
  const afterId = args.after ? decodeCursor(args.after, 'position') : undefined;
  const rows = await listPositions(ctx.db, s, f, { first, afterId });
  return connection(rows, first, (r) => toPosition(r, s.block), (r) => encodeCursor(r.id, 'position'));
}

function parseInterval(value: Interval): { size: number; interval: Range['interval'] } {
  return { size: BUCKET_SECONDS[value], interval: value === 'HOUR' ? 'hour' : 'day' };
}

/**
 * "Now" for bucketed series: the time of the block read (the indexed head, or
 * the time-travel block) from the chain, so that no bucket lies after it;
 * the wall clock when the RPC cannot tell.
 */
async function seriesNow(ctx: ApiContext, s: Scope): Promise<number> {
  const block = s.block ?? s.head;
  const t = block === null ? null : await ctx.prices.blockTimestamp(block);
  return t ?? nowSeconds();
}

function statsRange(args: Args, defaultSpanDays: number, now: number) {
  const { size, interval } = parseInterval(args.interval);
  const range = parseTimeRange(args.from, args.to, { from: now - defaultSpanDays * 86400, to: now + 1 });
  const from = bucketStart(range.from, size);
  bucketRange(from, range.to, size, now); // rejects too many buckets before any query
  return { now, size, interval, from, to: range.to };
}

function toStatsNode(r: Stats & { complete: boolean }) {
  return {
    timestamp: r.timestamp,
    volume: decimal(r.volume),
    fees: decimal(r.fees),
    realisedPnl: decimal(r.realisedPnl),
    liquidations: r.liquidations,
    trades: r.trades,
    deposits: r.deposits === null ? null : decimal(r.deposits),
    redemptions: r.redemptions === null ? null : decimal(r.redemptions),
    openInterestLong: decimal(r.openInterestLong),
    openInterestShort: decimal(r.openInterestShort),
    unrealisedPnl: decimal(r.unrealisedPnl),
    complete: r.complete,
  };
}

export const resolvers = {
  Query: {
    async pools(_: unknown, args: Args, ctx: ApiContext) {
      const first = parseFirst(args.first, ctx.config.maxPageSize);
      const afterId = args.after ? decodeCursor(args.after) : undefined;
      const s = await scope(ctx, args.block);
      const rows = await listPools(ctx.db, s, { first, afterId });
      return connection(rows, first, (r) => toPool(r, s.block), (r) => encodeCursor(r.id));
    },
    async pool(_: unknown, args: Args, ctx: ApiContext) {
      const id = parseAddress(args.id, 'id');
      const s = await scope(ctx, args.block);
      const row = await loadPool(ctx, s, id);
      return row ? toPool(row, s.block) : null;
    },
    async market(_: unknown, args: Args, ctx: ApiContext) {
      const id = parseMarketId(args.id, 'id');
      const s = await scope(ctx, args.block);
      const row = await loadOne(ctx.loaders.market, s, id);
      return row ? toMarket(row, s.block) : null;
    },
    async position(_: unknown, args: Args, ctx: ApiContext) {
      const id = parsePositionId(args.id, 'id');
      const s = await scope(ctx, args.block);
      const row = await loadOne(ctx.loaders.position, s, id);
      return row ? toPosition(row, s.block) : null;
    },
    async positions(_: unknown, args: Args, ctx: ApiContext) {
      const f: PositionFilter = {
        pool: opt(args.pool, parseAddress, 'pool'),
        market: opt(args.market, parseMarketId, 'market'),
        trader: opt(args.trader, parseAddress, 'trader'),
        status: (args.status as PositionStatus | null) ?? undefined,
      };
      const s = await scope(ctx, args.block);
      return positionsPage(ctx, s, f, args);
    },
    async trades(_: unknown, args: Args, ctx: ApiContext) {
      const f = tradeFilter(args);
      return tradesPage(ctx, await scope(ctx, args.block), f, args);
    },
    async liquidations(_: unknown, args: Args, ctx: ApiContext) {
      const f = { ...tradeFilter(args), kind: 'LIQUIDATION' as const };
      return tradesPage(ctx, await scope(ctx, args.block), f, args);
    },
    async liquidityEvents(_: unknown, args: Args, ctx: ApiContext) {
      const range = args.from != null || args.to != null ? parseTimeRange(args.from, args.to, { from: 0, to: 2 ** 40 }) : undefined;
      const f = { pool: opt(args.pool, parseAddress, 'pool'), account: opt(args.account, parseAddress, 'account'), kind: args.kind ?? undefined, from: range?.from, to: range?.to };
      return liquidityPage(ctx, await scope(ctx, args.block), f, args);
    },
    async rateCandles(_: unknown, args: Args, ctx: ApiContext) {
      const pool = parseAddress(args.pool, 'pool');
      const s = await scope(ctx, args.block);
      const r = statsRange(args, 7, await seriesNow(ctx, s));
      // Read exactly at the indexed head this request saw (or the block asked
      // for): the candles are then a function of (deployment, block, pool,
      // range, now) and are shared between requests through a cache.
      const at: Scope = { ...s, block: s.block ?? s.head ?? undefined };
      const compute = async () => {
        if (!(await loadPool(ctx, at, pool))) throw badInput(`no pool ${args.pool} is indexed${s.block !== undefined ? ` at block ${s.block}` : ''}`, 'pool');
        const { rows, previous } = await rateCandles(ctx.db, at, pool, r);
        return fillCandles(rows, previous, { from: r.from, to: r.to, size: r.size, now: r.now }).map((c) => ({
          ...c,
          open: decimal(c.open),
          high: decimal(c.high),
          low: decimal(c.low),
          close: decimal(c.close),
          floatingPnl: decimal(c.floatingPnl),
          zTokenSupply: decimal(c.zTokenSupply),
          settlementBalance: decimal(c.settlementBalance),
        }));
      };
      if (at.block === undefined) return compute();
      return ctx.caches.candles.get([s.schema, at.block, pool.toString('hex'), r.interval, r.from, r.to, r.now].join('|'), compute);
    },
    async ratePoints(_: unknown, args: Args, ctx: ApiContext) {
      const pool = parseAddress(args.pool, 'pool');
      const first = parseFirst(args.first, ctx.config.maxPageSize);
      const range = args.from != null || args.to != null ? parseTimeRange(args.from, args.to, { from: 0, to: 2 ** 40 }) : undefined;
      const afterId = args.after ? decodeIntCursor('rate', args.after) : undefined;
      const s = await scope(ctx, args.block);
      const rows = await ratePoints(ctx.db, s, pool, { from: range?.from, to: range?.to, first, afterId });
      return connection(
        rows,
        first,
        (r) => ({
          id: r.id,
          timestamp: Math.round(r.timestamp.getTime() / 1000),
          blockNumber: (r as unknown as { block$: number }).block$,
          rate: decimal(r.rate),
          floatingPnl: decimal(r.floating_pnl),
          zTokenSupply: decimal(r.z_token_supply),
          settlementBalance: decimal(r.settlement_balance),
        }),
        (r) => encodeIntCursor('rate', r.id),
      );
    },
    async periodStats(_: unknown, args: Args, ctx: ApiContext) {
      if (args.pool && args.market) throw badInput('pass either pool or market, not both', 'market');
      const s = await scope(ctx, args.block);
      const r = statsRange(args, args.interval === 'DAY' ? 90 : 7, await seriesNow(ctx, s));
      const opts = { from: r.from, to: r.to, size: r.size, now: r.now };
      if (args.market) {
        const market = parseMarketId(args.market, 'market');
        if (!(await loadOne(ctx.loaders.market, s, market))) throw badInput(`no market ${args.market} is indexed`, 'market');
        const { rows, previous } = await periodStats(ctx.db, s, 'market', market, r);
        return fillStats(rows, previous, opts).map(toStatsNode);
      }
      if (args.pool) {
        const pool = parseAddress(args.pool, 'pool');
        if (!(await loadPool(ctx, s, pool))) throw badInput(`no pool ${args.pool} is indexed`, 'pool');
        const { rows, previous } = await periodStats(ctx.db, s, 'pool', pool, r);
        return fillStats(rows, previous, opts).map(toStatsNode);
      }
      const pools = await allPoolIds(ctx.db, s);
      const series = await Promise.all(pools.map(async (p) => {
        const { rows, previous } = await periodStats(ctx.db, s, 'pool', p, r);
        return fillStats(rows, previous, opts);
      }));
      return sumStats(series).map(toStatsNode);
    },
    async leaderboard(_: unknown, args: Args, ctx: ApiContext) {
      const pool = opt(args.pool, parseAddress, 'pool');
      const first = parseFirst(args.first, ctx.config.maxPageSize);
      const range = args.from != null || args.to != null ? parseTimeRange(args.from, args.to, { from: 0, to: 2 ** 40 }) : undefined;
      const offset = args.after ? Number(decodeIntCursor('rank', args.after)) : 0;
      if (offset > 100_000) throw badInput('after is beyond the leaderboard\'s last page', 'after');
      const s = await scope(ctx, args.block);
      const { rows, open: openOf } = await leaderboard(ctx.db, s, { pool, from: range?.from, to: range?.to, orderBy: args.orderBy as LeaderboardOrder, first, offset }, ctx.caches.leaderboard);
      const page = rows.slice(0, first);
      const nodes = await Promise.all(
        page.map(async (r, i) => {
          const open = (openOf.get(r.trader.toString('hex')) ?? []).filter((p) => !pool || p.pool.equals(pool));
          const wins = Number(r.wins);
          const losses = Number(r.losses);
          return {
            rank: offset + i + 1,
            trader: address(r.trader),
            realisedPnl: wad(r.realised_pnl),
            unrealisedPnl: wad(await unrealisedOf(ctx, s, open)),
            volume: wad(r.volume),
            trades: Number(r.trades),
            liquidations: Number(r.liquidations),
            wins,
            losses,
            winRate: wins + losses === 0 ? null : ratio(wins, wins + losses),
          };
        }),
      );
      return { nodes, pageInfo: { hasNextPage: rows.length > first, endCursor: rows.length > first ? encodeIntCursor('rank', offset + first) : null } };
    },
    async trader(_: unknown, args: Args, ctx: ApiContext) {
      const id = parseAddress(args.id, 'id');
      const s = await scope(ctx, args.block);
      const row = await getAccount(ctx.db, s, id);
      if (!row) return null;
      return {
        _row: row,
        _block: s.block,
        id: address(row.id),
        cumulativeVolume: wad(row.cumulative_volume),
        cumulativeRealisedPnl: wad(row.cumulative_realised_pnl),
        cumulativeFees: wad(row.cumulative_fees),
        cumulativeReferralRebatesEarned: wad(row.cumulative_referral_rebates_earned),
        tradeCount: row.trade_count,
        positionCount: row.position_count,
        winCount: row.win_count,
        lossCount: row.loss_count,
        liquidationCount: row.liquidation_count,
        winRate: row.win_count + row.loss_count === 0 ? null : ratio(row.win_count, row.win_count + row.loss_count),
        firstSeenTimestamp: int(row.first_seen_timestamp),
      };
    },
    async protocol(_: unknown, args: Args, ctx: ApiContext) {
      const s = await scope(ctx, args.block);
      const row = await getProtocol(ctx.db, s);
      if (!row) return null;
      return {
        _block: s.block,
        id: address(row.id),
        poolCount: row.pool_count,
        traderCount: row.trader_count,
        positionCount: row.position_count,
        tradeCount: row.trade_count,
        liquidationCount: row.liquidation_count,
        depositCount: row.deposit_count,
        redeemCount: row.redeem_count,
      };
    },
    async whatIf(_: unknown, args: Args, ctx: ApiContext) {
      const id = parseMarketId(args.market, 'market');
      const lo = parsePrice(args.fromPrice, 'fromPrice');
      const hi = parsePrice(args.toPrice, 'toPrice');
      if (lo > hi) throw badInput(`fromPrice (${args.fromPrice}) must not be above toPrice (${args.toPrice})`, 'fromPrice');
      const steps = parseIntIn(args.steps, 1, 1000, 'steps');
      if (steps === 1 && lo !== hi) throw badInput('steps must be at least 2 for a price range (1 only when fromPrice = toPrice)', 'steps');
      const s = await scope(ctx, args.block);
      const market = await loadOne(ctx.loaders.market, s, id);
      if (!market) throw badInput(`no market ${args.market} is indexed`, 'market');
      const pool = (await loadPool(ctx, s, market.pool))!;
      const others = (await marketsOf(ctx, s, market.pool)).filter((m) => !m.id.equals(market.id));
      const priced = await priceAll(ctx, s, others);
      const otherFloating = floatingOf(priced);
      const amounts = openAmounts(market);
      const points = [];
      for (let i = 0; i < steps; i++) {
        const price = steps === 1 ? lo : lo + ((hi - lo) * BigInt(i)) / BigInt(steps - 1);
        const pnl = hasOpen(market) ? marketPnl(amounts, price) : { long: 0n, short: 0n, net: 0n };
        const floating = otherFloating + pnl.net;
        const rate = swapRate(poolAmounts(pool), floating);
        points.push({ price: wad(price), longPnl: wad(pnl.long), shortPnl: wad(pnl.short), floatingPnl: wad(floating), swapRate: rate === null ? null : wad(rate) });
      }
      const relevant = priced.filter((p) => hasOpen(p.row));
      return { market: toMarket(market, s.block), otherPriceSource: combineSources(relevant.map((p) => p.source)), points };
    },
    async indexingStatus(_: unknown, __: unknown, ctx: ApiContext) {
      // Reports the heads and the RPC health as they are now, not as of the response cache's key.
      ctx.answer.noStore = true;
      const ref = await ctx.deployments.get();
      const [indexedBlock, rpc] = await Promise.all([ref ? headBlock(ctx.db, ref.id) : null, ctx.prices.probe()]);
      // The chain head is the process-wide poll (refreshed by probe() when older than 0.5 s);
      // the chain has at least the indexed block.
      const chain = rpc.rpc === 'ok' ? rpc.chainHead : null;
      const head = chain === null ? null : indexedBlock === null ? chain : Math.max(chain, indexedBlock);
      return {
        subgraphName: ctx.config.subgraphName,
        deployment: ref?.deployment ?? null,
        indexedBlock,
        chainHeadBlock: head,
        lagBlocks: indexedBlock !== null && head !== null ? Math.max(0, head - indexedBlock) : null,
        rpcStatus: rpc.rpc.toUpperCase(),
        rpcDetail: rpc.detail,
      };
    },
  },

  Pool: {
    async markets(pool: PoolNode, _: Args, ctx: ApiContext) {
      const s = await nested(ctx, pool._block);
      return (await marketsOf(ctx, s, pool._row.id)).map((m) => toMarket(m, pool._block));
    },
    async liveSwapRate(pool: PoolNode, _: Args, ctx: ApiContext) {
      const s = await nested(ctx, pool._block);
      const priced = await priceAll(ctx, s, await marketsOf(ctx, s, pool._row.id));
      return liveRate(pool._row, priced, s.block ?? s.head);
    },
  },

  Market: {
    async pool(market: MarketNode, _: Args, ctx: ApiContext) {
      const s = await nested(ctx, market._block);
      return toPool((await loadPool(ctx, s, market._row.pool))!, market._block);
    },
    async livePrice(market: MarketNode, _: Args, ctx: ApiContext) {
      return toMarketPrice(await priceMarket(ctx, await nested(ctx, market._block), market._row));
    },
    async liveUnrealisedPnlLong(market: MarketNode, _: Args, ctx: ApiContext) {
      return (await liveMarketPnl(ctx, market)).long;
    },
    async liveUnrealisedPnlShort(market: MarketNode, _: Args, ctx: ApiContext) {
      return (await liveMarketPnl(ctx, market)).short;
    },
    async liveUnrealisedPnl(market: MarketNode, _: Args, ctx: ApiContext) {
      return (await liveMarketPnl(ctx, market)).net;
    },
  },

  Position: {
    async pool(p: PositionNode, _: Args, ctx: ApiContext) {
      return toPool((await loadPool(ctx, await nested(ctx, p._block), p._row.pool))!, p._block);
    },
    async market(p: PositionNode, _: Args, ctx: ApiContext) {
      return toMarket((await loadOne(ctx.loaders.market, await nested(ctx, p._block), p._row.market))!, p._block);
    },
    async markPrice(p: PositionNode, _: Args, ctx: ApiContext) {
      if (p._row.status !== 'OPEN') return null;
      const s = await nested(ctx, p._block);
      const market = await marketForPricing(ctx, s, p._row.market);
      return market ? toMarketPrice(await priceMarket(ctx, s, market)) : null;
    },
    async unrealisedPnl(p: PositionNode, _: Args, ctx: ApiContext) {
      if (p._row.status !== 'OPEN') return null;
      const s = await nested(ctx, p._block);
      const market = await marketForPricing(ctx, s, p._row.market);
      if (!market) return null;
      const priced = await priceMarket(ctx, s, market);
      return priced.price === null ? null : wad(positionPnl(p._row, priced.price));
    },
    async trades(p: PositionNode, args: Args, ctx: ApiContext) {
      return tradesPage(ctx, await nested(ctx, p._block), { position: p._row.id }, args, true);
    },
  },

  Trader: {
    async unrealisedPnl(t: { _row: { id: Buffer }; _block?: number }, _: Args, ctx: ApiContext) {
      const s = await nested(ctx, t._block);
      return wad(await unrealisedOf(ctx, s, await ctx.loaders.openPositionsOfTrader.load({ s, id: t._row.id })));
    },
    async positions(t: { _row: { id: Buffer }; _block?: number }, args: Args, ctx: ApiContext) {
      return positionsPage(ctx, await nested(ctx, t._block), { trader: t._row.id, status: args.status ?? undefined }, args);
    },
    async trades(t: { _row: { id: Buffer }; _block?: number }, args: Args, ctx: ApiContext) {
      const range = args.from != null || args.to != null ? parseTimeRange(args.from, args.to, { from: 0, to: 2 ** 40 }) : undefined;
      return tradesPage(ctx, await nested(ctx, t._block), { trader: t._row.id, from: range?.from, to: range?.to }, args);
    },
    async liquidityEvents(t: { _row: { id: Buffer }; _block?: number }, args: Args, ctx: ApiContext) {
      return liquidityPage(ctx, await nested(ctx, t._block), { account: t._row.id }, args);
    },
  },

  Protocol: {
    async pools(p: { _block?: number }, _: Args, ctx: ApiContext) {
      const s = await nested(ctx, p._block);
      const ids = await allPoolIds(ctx.db, s);
      const rows = await Promise.all(ids.map((id) => loadPool(ctx, s, id)));
      return rows.filter((r): r is PoolRow => !!r).map((r) => toPool(r, s.block));
    },
  },
};

async function liveMarketPnl(ctx: ApiContext, market: MarketNode) {
  const priced = await priceMarket(ctx, await nested(ctx, market._block), market._row);
  if (priced.price === null || !hasOpen(market._row)) return { long: '0', short: '0', net: '0' };
  const pnl = marketPnl(openAmounts(market._row), priced.price);
  return { long: wad(pnl.long), short: wad(pnl.short), net: wad(pnl.net) };
}

/** a / b as an exact decimal with 18 decimals, rounded down. */
function ratio(a: number, b: number): string {
  return wad((BigInt(a) * WAD) / BigInt(b));
}

export { hex };
