// Bucketed series as the API answers them: the range a query covers (its
// buckets checked before any SQL), "now" for the open bucket, and candles,
// stats and rate points as exact decimal strings.
import type { Selectable } from 'kysely';
import { parseTimeRange } from '../args.ts';
import type { ApiContext } from '../context.ts';
import type { PoolRatePointTable } from '../db/subgraph-tables.ts';
import { decimal } from '../format.ts';
import type { Scope } from '../scope.ts';
import { BUCKET_SECONDS, bucketRange, bucketStart, type Candle, type Filled, type FillOptions, type Interval, type Stats } from './buckets.ts';
import type { Range } from './history.repository.ts';

export type SeriesRange = Range & FillOptions;

/**
 * "Now" for bucketed series: the time of the block read (the indexed head, or
 * the time-travel block) from the chain, so that no bucket lies after it;
 * the wall clock when the RPC cannot tell.
 */
export async function seriesNow(ctx: ApiContext, s: Scope): Promise<number> {
  const block = s.block ?? s.head;
  const t = block === null ? null : await ctx.prices.blockTimestamp(block);
  return t ?? Math.floor(Date.now() / 1000);
}

/** The buckets of `interval` covering [from, to) (default: the last `defaultSpanDays` days up to `now`); too many is BAD_USER_INPUT. */
export function seriesRange(args: { interval: Interval; from?: number | null; to?: number | null }, defaultSpanDays: number, now: number): SeriesRange {
  const size = BUCKET_SECONDS[args.interval];
  const range = parseTimeRange(args.from, args.to, { from: now - defaultSpanDays * 86400, to: now + 1 });
  const from = bucketStart(range.from, size);
  bucketRange(from, range.to, size, now); // rejects too many buckets before any query
  return { now, size, interval: args.interval === 'HOUR' ? 'hour' : 'day', from, to: range.to };
}

export function formatCandle(c: Filled<Candle>): Filled<Candle> {
  return {
    ...c,
    open: decimal(c.open),
    high: decimal(c.high),
    low: decimal(c.low),
    close: decimal(c.close),
    floatingPnl: decimal(c.floatingPnl),
    zTokenSupply: decimal(c.zTokenSupply),
    settlementBalance: decimal(c.settlementBalance),
  };
}

export function formatStats(r: Filled<Stats>): Filled<Stats> {
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

export function toRatePoint(r: Selectable<PoolRatePointTable>) {
  return {
    id: r.id,
    timestamp: Math.round(r.timestamp.getTime() / 1000),
    blockNumber: r.block$,
    rate: decimal(r.rate),
    floatingPnl: decimal(r.floating_pnl),
    zTokenSupply: decimal(r.z_token_supply),
    settlementBalance: decimal(r.settlement_balance),
  };
}
