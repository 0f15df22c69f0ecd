// Rate history and period stats: completed buckets from graph-node's
// aggregation tables (<type>_hour / <type>_day, timestamp = bucket start),
// the buckets not rolled up yet (the current one, and any graph-node has not
// reached a later block for) aggregated from the raw timeseries the same way
// graph-node does (first/max/min/last/sum/count), plus the last raw value
// before the range to carry into empty leading buckets.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/database.ts';
import { visibleAt } from '../db/visibility.ts';
import type { Scope } from '../scope.ts';
import type { Candle, Stats } from './buckets.ts';

const epoch = (d: Date | string) => Math.round(new Date(d).getTime() / 1000);

function table(s: Scope, name: string) {
  return sql.table(`${s.schema}.${name}`);
}

async function rows<T>(db: Kysely<Database>, q: RawBuilder<T>): Promise<T[]> {
  return (await q.execute(db)).rows;
}

/** Start of the latest rolled-up bucket of `key` in an aggregation table, or null. */
async function lastRolledUp(db: Kysely<Database>, s: Scope, aggTable: string, keyCol: string, key: Buffer): Promise<number | null> {
  const [r] = await rows(db, sql<{ t: Date | null }>`select max(timestamp) as t from ${table(s, aggTable)} where ${sql.ref(keyCol)} = ${key} and ${visibleAt('immutable', s.block)}`);
  return r?.t ? epoch(r.t) : null;
}

export interface Range {
  from: number;
  to: number;
  size: number;
  interval: 'hour' | 'day';
}

export async function rateCandles(db: Kysely<Database>, s: Scope, pool: Buffer, r: Range): Promise<{ rows: Candle[]; previous: Candle | null }> {
  const agg = `pool_rate_candle_${r.interval}`;
  const rolled = await lastRolledUp(db, s, agg, 'pool', pool);
  const tailStart = Math.max(r.from, rolled === null ? 0 : rolled + r.size);
  const vis = visibleAt('immutable', s.block);
  const [stored, tail, prev] = await Promise.all([
    rows(db, sql<{ t: Date; open: string; high: string; low: string; close: string; changes: string; floating_pnl: string; z_token_supply: string; settlement_balance: string }>`
      select timestamp as t, open, high, low, close, changes, floating_pnl, z_token_supply, settlement_balance
      from ${table(s, agg)}
      where pool = ${pool} and timestamp >= to_timestamp(${r.from}) and timestamp < to_timestamp(${Math.min(r.to, tailStart)}) and ${vis}
      order by timestamp`),
    rows(db, sql<{ bucket: string; open: string; high: string; low: string; close: string; changes: string; floating_pnl: string; z_token_supply: string; settlement_balance: string }>`
      select floor(extract(epoch from timestamp) / ${r.size}::int)::bigint * ${r.size}::int as bucket,
        (array_agg(rate order by id))[1] as open, max(rate) as high, min(rate) as low, (array_agg(rate order by id desc))[1] as close,
        count(*) as changes,
        (array_agg(floating_pnl order by id desc))[1] as floating_pnl,
        (array_agg(z_token_supply order by id desc))[1] as z_token_supply,
        (array_agg(settlement_balance order by id desc))[1] as settlement_balance
      from ${table(s, 'pool_rate_point')}
      where pool = ${pool} and timestamp >= to_timestamp(${tailStart}) and timestamp < to_timestamp(${r.to}) and ${vis}
      group by 1 order by 1`),
    rows(db, sql<{ rate: string; floating_pnl: string; z_token_supply: string; settlement_balance: string; t: Date }>`
      select rate, floating_pnl, z_token_supply, settlement_balance, timestamp as t
      from ${table(s, 'pool_rate_point')}
      where pool = ${pool} and timestamp < to_timestamp(${r.from}) and ${vis}
      order by timestamp desc, id desc limit 1`),
  ]);
  const candle = (t: number, x: { open: string; high: string; low: string; close: string; changes: string; floating_pnl: string; z_token_supply: string; settlement_balance: string }): Candle => ({
    timestamp: t,
    open: x.open,
    high: x.high,
    low: x.low,
    close: x.close,
    changes: Number(x.changes),
    floatingPnl: x.floating_pnl,
    zTokenSupply: x.z_token_supply,
    settlementBalance: x.settlement_balance,
  });
  const p = prev[0];
  return {
    rows: [...stored.map((x) => candle(epoch(x.t), x)), ...tail.map((x) => candle(Number(x.bucket), x))],
    previous: p ? candle(r.from, { open: p.rate, high: p.rate, low: p.rate, close: p.rate, changes: '0', floating_pnl: p.floating_pnl, z_token_supply: p.z_token_supply, settlement_balance: p.settlement_balance }) : null,
  };
}

export async function ratePoints(db: Kysely<Database>, s: Scope, pool: Buffer, opts: { from?: number; to?: number; first: number; afterId?: bigint }) {
  let q = db.withSchema(s.schema).selectFrom('pool_rate_point').selectAll().where('pool', '=', pool).where(visibleAt('immutable', s.block));
  if (opts.from !== undefined) q = q.where(sql<boolean>`timestamp >= to_timestamp(${opts.from})`);
  if (opts.to !== undefined) q = q.where(sql<boolean>`timestamp < to_timestamp(${opts.to})`);
  if (opts.afterId !== undefined) q = q.where('id', '>', String(opts.afterId));
  return q.orderBy('id').limit(opts.first + 1).execute();
}

export type StatsKind = 'pool' | 'market';

const STATS = {
  pool: { agg: 'pool_stats', raw: 'pool_activity', trades: false, deposits: true, unrealised: 'floating_pnl' },
  market: { agg: 'market_stats', raw: 'market_activity', trades: true, deposits: false, unrealised: 'unrealised_pnl' },
} as const;

interface StatsRow {
  t: Date | string;
  volume: string;
  fees: string;
  realised_pnl: string;
  liquidations: string;
  trades: string | null;
  deposits: string | null;
  redemptions: string | null;
  open_interest_long: string;
  open_interest_short: string;
  unrealised: string;
}

function toStats(t: number, x: StatsRow): Stats {
  return {
    timestamp: t,
    volume: x.volume,
    fees: x.fees,
    realisedPnl: x.realised_pnl,
    liquidations: Number(x.liquidations),
    trades: x.trades === null ? null : Number(x.trades),
    deposits: x.deposits,
    redemptions: x.redemptions,
    openInterestLong: x.open_interest_long,
    openInterestShort: x.open_interest_short,
    unrealisedPnl: x.unrealised,
  };
}

export async function periodStats(db: Kysely<Database>, s: Scope, kind: StatsKind, key: Buffer, r: Range): Promise<{ rows: Stats[]; previous: Stats | null }> {
  const c = STATS[kind];
  const agg = `${c.agg}_${r.interval}`;
  const keyCol = sql.ref(kind);
  const rolled = await lastRolledUp(db, s, agg, kind, key);
  const tailStart = Math.max(r.from, rolled === null ? 0 : rolled + r.size);
  const vis = visibleAt('immutable', s.block);
  const trades = c.trades ? sql`trades` : sql`null::int8`;
  const deposits = c.deposits ? sql`deposits` : sql`null::numeric`;
  const redemptions = c.deposits ? sql`redemptions` : sql`null::numeric`;
  const unrealised = sql.ref(c.unrealised);
  const [stored, tail, prev] = await Promise.all([
    rows(db, sql<StatsRow>`
      select timestamp as t, volume, fees, realised_pnl, liquidations, ${trades} as trades, ${deposits} as deposits, ${redemptions} as redemptions,
        open_interest_long, open_interest_short, ${unrealised} as unrealised
      from ${table(s, agg)}
      where ${keyCol} = ${key} and timestamp >= to_timestamp(${r.from}) and timestamp < to_timestamp(${Math.min(r.to, tailStart)}) and ${vis}
      order by timestamp`),
    rows(db, sql<StatsRow>`
      select floor(extract(epoch from timestamp) / ${r.size}::int)::bigint * ${r.size}::int as t,
        sum(volume) as volume, sum(fees) as fees, sum(realised_pnl) as realised_pnl, sum(liquidations) as liquidations,
        ${c.trades ? sql`sum(trades)` : sql`null::int8`} as trades,
        ${c.deposits ? sql`sum(deposits)` : sql`null::numeric`} as deposits,
        ${c.deposits ? sql`sum(redemptions)` : sql`null::numeric`} as redemptions,
        (array_agg(open_interest_long order by id desc))[1] as open_interest_long,
        (array_agg(open_interest_short order by id desc))[1] as open_interest_short,
        (array_agg(${unrealised} order by id desc))[1] as unrealised
      from ${table(s, c.raw)}
      where ${keyCol} = ${key} and timestamp >= to_timestamp(${tailStart}) and timestamp < to_timestamp(${r.to}) and ${vis}
      group by 1 order by 1`),
    rows(db, sql<StatsRow>`
      select timestamp as t, 0 as volume, 0 as fees, 0 as realised_pnl, 0 as liquidations,
        ${c.trades ? sql`0::int8` : sql`null::int8`} as trades, ${c.deposits ? sql`0::numeric` : sql`null::numeric`} as deposits, ${c.deposits ? sql`0::numeric` : sql`null::numeric`} as redemptions,
        open_interest_long, open_interest_short, ${unrealised} as unrealised
      from ${table(s, c.raw)}
      where ${keyCol} = ${key} and timestamp < to_timestamp(${r.from}) and ${vis}
      order by timestamp desc, id desc limit 1`),
  ]);
  const fix = (x: StatsRow): StatsRow => ({ ...x, volume: String(x.volume), fees: String(x.fees), realised_pnl: String(x.realised_pnl), liquidations: String(x.liquidations) });
  return {
    rows: [...stored.map((x) => toStats(epoch(x.t), fix(x))), ...tail.map((x) => toStats(Number(x.t), fix(x)))],
    previous: prev[0] ? toStats(r.from, fix(prev[0])) : null,
  };
}
