// Synthetic rows for graph-node's store of our subgraph, shaped like the rows
// gnd writes: the honest substitute for histories that cannot be indexed on
// this machine in a bench's time (10^6 positions through the contracts and gnd
// would take hours). Used by the API load bench (the store it queries) and the
// indexing bench (the store gnd keeps writing to, --prefill-positions).
//
// Rows are current versions (block_range [b,) with b ≤ `head`). Their vids are
// negative and below any existing one: graph-node numbers the rows it writes
// from (block << 32) upwards, so it never collides with them, even while it
// keeps indexing after the fill. Synthetic traders are 0xbe… addresses.
import type postgres from 'postgres';

export interface FillShape {
  /** Indexed head: every row is valid from a block in 1..head. */
  head: number;
  /** Chain time of the head (s): timestamps spread over the 30 days before it. */
  chainTime: number;
  traders: number;
}

/** The synthetic trader with number `expr` (an SQL expression, 1-based) as a 20-byte address. */
export const syntheticTrader = (expr: string) => `decode('be' || lpad(to_hex(${expr}), 38, '0'), 'hex')`;

/** The first `n` synthetic traders' addresses (as the API takes them), one in 97 of them. */
export function sampleTraders(n: number): string[] {
  return Array.from({ length: n }, (_, k) => `0xbe${(k * 97 + 1).toString(16).padStart(38, '0')}`);
}

/**
 * `positions` Position rows over the indexed markets (round robin) and
 * `shape.traders` synthetic traders: 25 % open, 70 % closed, 5 % liquidated;
 * sizes and prices in plausible WAD ranges; ids = pool ++ (trader << 96 | n) as
 * the contract makes them. `sql` must have search_path set to the deployment's
 * schema. Returns the number of markets the rows were spread over.
 */
export async function fillPositions(sql: postgres.Sql, schema: string, positions: number, o: FillShape): Promise<number> {
  const s = `"${schema}"`;
  await sql.unsafe(`create temp table if not exists bench_market as select row_number() over (order by id) - 1 as i, id, pool from ${s}.market where upper_inf(block_range)`);
  const [{ nm }] = (await sql.unsafe(`select count(*)::int as nm from bench_market`)) as unknown as [{ nm: number }];
  if (!nm) throw new Error('fillPositions: the store has no market yet; index the pools first');
  await sql.unsafe(`
    insert into ${s}.position (vid, block_range, id, position_id, pool, market, trader, is_long, status, leverage, entry_price, margin, notional, size, initial_margin, initial_notional, realised_pnl, funding_paid, fees_paid, payout, close_count, opened_at_block, opened_at_timestamp, closed_at_block, closed_at_timestamp)
    select (select least(coalesce(min(vid), 0), 0) from ${s}.position) - g, int4range(1 + g % ${o.head}, null),
      m.pool || decode('be' || lpad(to_hex(g % ${o.traders} + 1), 38, '0') || lpad(to_hex(g), 24, '0'), 'hex'),
      g::numeric, -- position_id (not read by the benches' queries)
      m.pool, m.id, ${syntheticTrader(`g % ${o.traders} + 1`)}, g % 2 = 0,
      (case when g % 20 < 5 then 'OPEN' when g % 20 = 5 then 'LIQUIDATED' else 'CLOSED' end)::${s}."position_status",
      2 + g % 18, (1000 + g % 90000) * 1e18, (case when g % 20 < 5 then (5 + g % 45) * 1e18 else 0 end), (case when g % 20 < 5 then (10 + g % 900) * 1e18 else 0 end), (case when g % 20 < 5 then (g % 1000 + 1) * 1e14 else 0 end),
      (5 + g % 45) * 1e18, (10 + g % 900) * 1e18, ((g % 201) - 100) * 1e17, 0, (g % 9) * 1e16, (case when g % 20 > 5 then (5 + g % 45) * 1e18 else 0 end), (case when g % 20 < 5 then 0 else 1 end),
      1 + g % ${o.head}, ${o.chainTime - 30 * 86400} + g % (30 * 86400),
      (case when g % 20 < 5 then null else 1 + g % ${o.head} end), (case when g % 20 < 5 then null else ${o.chainTime - 30 * 86400} + g % (30 * 86400) end)
    from generate_series(1, ${positions}) g join bench_market m on m.i = g % ${nm}`);
  return nm;
}
