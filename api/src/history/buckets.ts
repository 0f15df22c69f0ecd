// Gap-free bucketed series (pure logic, unit-tested): candles and period
// stats over [from, to), where a bucket without events repeats the previous
// closing values and counts nothing.
import { badInput } from '../errors.ts';
import { formatFixed, parseFixed } from '../math/pvp.ts';
import { decimal } from '../format.ts';

export type Interval = 'HOUR' | 'DAY';
export const BUCKET_SECONDS: Record<Interval, number> = { HOUR: 3600, DAY: 86400 };
export const MAX_BUCKETS = 5000;

export function bucketStart(t: number, size: number): number {
  return Math.floor(t / size) * size;
}

/** Bucket starts covering [from, to) and not after `now`; throws BAD_USER_INPUT beyond MAX_BUCKETS. */
export function bucketRange(from: number, to: number, size: number, now: number): { first: number; end: number; count: number } {
  const first = bucketStart(from, size);
  const end = Math.min(to, now + 1);
  const count = end > first ? Math.ceil((end - first) / size) : 0;
  if (count > MAX_BUCKETS) throw badInput(`the range covers ${count} buckets; at most ${MAX_BUCKETS} per query (narrow from/to or use DAY)`, 'from');
  return { first, end, count };
}

/** A bucket's value, and whether the bucket had ended by "now". */
export type Filled<T> = T & { complete: boolean };

export interface FillOptions {
  from: number;
  to: number;
  size: number;
  now: number;
}

/**
 * One value at every bucket start in [from, to) up to `now`: the row of that
 * bucket where `rows` (one per bucket with events) has one, else what `carry`
 * makes of the last row before it (`previous`, the last value before the
 * range, for the leading buckets). Buckets before the first known value are left out; `complete`
 * says whether the bucket had ended by `now`.
 */
export function fillBuckets<T extends { timestamp: number }>(rows: T[], previous: T | null, opts: FillOptions, carry: (last: T, timestamp: number) => T): Array<Filled<T>> {
  const { first, end } = bucketRange(opts.from, opts.to, opts.size, opts.now);
  const byTime = new Map(rows.map((r) => [r.timestamp, r]));
  const out: Array<Filled<T>> = [];
  let last = previous;
  for (let t = first; t < end; t += opts.size) {
    const row = byTime.get(t);
    if (row) last = row;
    const value = row ?? (last && carry(last, t));
    if (value) out.push({ ...value, complete: t + opts.size <= opts.now });
  }
  return out;
}

export interface Candle {
  timestamp: number;
  open: string;
  high: string;
  low: string;
  close: string;
  changes: number;
  floatingPnl: string;
  zTokenSupply: string;
  settlementBalance: string;
}

/** Candles without gaps: a bucket without changes opens, closes and spans the previous close. */
export function fillCandles(rows: Candle[], previous: Candle | null, opts: FillOptions): Array<Filled<Candle>> {
  return fillBuckets(rows, previous, opts, (last, timestamp) => ({
    timestamp,
    open: last.close,
    high: last.close,
    low: last.close,
    close: last.close,
    changes: 0,
    floatingPnl: last.floatingPnl,
    zTokenSupply: last.zTokenSupply,
    settlementBalance: last.settlementBalance,
  }));
}

export interface Stats {
  timestamp: number;
  volume: string;
  fees: string;
  realisedPnl: string;
  liquidations: number;
  trades: number | null;
  deposits: string | null;
  redemptions: string | null;
  openInterestLong: string;
  openInterestShort: string;
  unrealisedPnl: string;
}

/** Stats without gaps: flows are 0 in an empty bucket (null where the series has none); levels (open interest, PnL) repeat the previous bucket's. */
export function fillStats(rows: Stats[], previous: Stats | null, opts: FillOptions): Array<Filled<Stats>> {
  return fillBuckets(rows, previous, opts, (last, timestamp) => ({
    timestamp,
    volume: '0',
    fees: '0',
    realisedPnl: '0',
    liquidations: 0,
    trades: last.trades === null ? null : 0,
    deposits: last.deposits === null ? null : '0',
    redemptions: last.redemptions === null ? null : '0',
    openInterestLong: last.openInterestLong,
    openInterestShort: last.openInterestShort,
    unrealisedPnl: last.unrealisedPnl,
  }));
}

/** Exact sum of decimal strings (≤ 18 decimals each). */
export function addDecimals(values: string[]): string {
  return formatFixed(values.reduce((a, v) => a + parseFixed(decimal(v), 18), 0n), 18);
}

/** Bucket-wise sum of several gap-filled series (protocol-wide stats over pools). */
export function sumStats(series: Array<Array<Filled<Stats>>>): Array<Filled<Stats>> {
  const byTime = new Map<number, Array<Filled<Stats>>>();
  for (const s of series) for (const r of s) byTime.set(r.timestamp, [...(byTime.get(r.timestamp) ?? []), r]);
  return [...byTime.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([timestamp, rs]) => ({
      timestamp,
      volume: addDecimals(rs.map((r) => r.volume)),
      fees: addDecimals(rs.map((r) => r.fees)),
      realisedPnl: addDecimals(rs.map((r) => r.realisedPnl)),
      liquidations: rs.reduce((a, r) => a + r.liquidations, 0),
      trades: rs.every((r) => r.trades === null) ? null : rs.reduce((a, r) => a + (r.trades ?? 0), 0),
      deposits: rs.every((r) => r.deposits === null) ? null : addDecimals(rs.map((r) => r.deposits ?? '0')),
      redemptions: rs.every((r) => r.redemptions === null) ? null : addDecimals(rs.map((r) => r.redemptions ?? '0')),
      openInterestLong: addDecimals(rs.map((r) => r.openInterestLong)),
      openInterestShort: addDecimals(rs.map((r) => r.openInterestShort)),
      unrealisedPnl: addDecimals(rs.map((r) => r.unrealisedPnl)),
      complete: rs.every((r) => r.complete),
    }));
}
