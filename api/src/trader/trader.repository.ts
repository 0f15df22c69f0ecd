// SQL for traders: the account row, and the leaderboard aggregated from the
// immutable trade table over a time window (the API's covering index on
// trade(timestamp) — db/indexes.ts — makes the window an index-only range).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { visibleAt } from '../db/visibility.ts';
import type { Scope } from '../scope.ts';
import type { ResultCache } from '../cache/result-cache.ts';
import { openPositionsOfTraders } from '../position/position.repository.ts';

export async function getAccount(db: Kysely<Database>, s: Scope, id: Buffer) {
  return db.withSchema(s.schema).selectFrom('account').selectAll().where(visibleAt('mutable', s.block)).where('id', '=', id).executeTakeFirst();
}

export type LeaderboardOrder = 'REALISED_PNL' | 'VOLUME' | 'TRADES' | 'LIQUIDATIONS';

const ORDER: Record<LeaderboardOrder, string> = {
  REALISED_PNL: 'realised_pnl',
  VOLUME: 'volume',
  TRADES: 'trades',
  LIQUIDATIONS: 'liquidations',
};

export interface LeaderboardRow {
  trader: Buffer;
  realised_pnl: string;
  volume: string;
  trades: string;
  liquidations: string;
  wins: string;
  losses: string;
}

export function leaderboardQuery(db: Kysely<Database>, s: Scope, opts: { pool?: Buffer; from?: number; to?: number; orderBy: LeaderboardOrder; first: number; offset: number }) {
  let q = db
    .withSchema(s.schema)
    .selectFrom('trade')
    .select([
      'trader',
      sql<string>`sum(pnl)`.as('realised_pnl'),
      sql<string>`sum(notional)`.as('volume'),
      sql<string>`count(*)`.as('trades'),
      sql<string>`count(*) filter (where kind = 'LIQUIDATION')`.as('liquidations'),
      sql<string>`count(*) filter (where kind = 'CLOSE' and pnl > 0)`.as('wins'),
      sql<string>`count(*) filter (where kind = 'LIQUIDATION' or (kind = 'CLOSE' and pnl < 0))`.as('losses'),
    ])
    .where(visibleAt('immutable', s.block));
  if (opts.pool) q = q.where('pool', '=', opts.pool);
  if (opts.from !== undefined) q = q.where('timestamp', '>=', String(opts.from));
  if (opts.to !== undefined) q = q.where('timestamp', '<', String(opts.to));
  return q
    .groupBy('trader')
    .orderBy(sql.ref(ORDER[opts.orderBy]), 'desc')
    .orderBy('trader')
    .limit(opts.first + 1)
    .offset(opts.offset);
}

export type LeaderboardOptions = Parameters<typeof leaderboardQuery>[2];

/**
 * The leaderboard rows at the scope's block. Every user sees the same board,
 * so the rows are cached per (deployment, block, arguments): a request
 * without `block` reads exactly the indexed head it saw (`block$ <= head`),
 * so the entry for that head is the answer until graph-node indexes the next
 * block. The live unrealised PnL is added per request by the resolver.
 */
export type OpenPositionRow = Awaited<ReturnType<typeof openPositionsOfTraders>>[number];

export interface LeaderboardPage {
  rows: LeaderboardRow[];
  /** Open positions of the page's traders (hex trader → rows), for their live unrealised PnL. */
  open: Map<string, OpenPositionRow[]>;
}

export async function leaderboard(db: Kysely<Database>, s: Scope, opts: LeaderboardOptions, cache?: ResultCache<LeaderboardPage>): Promise<LeaderboardPage> {
  const block = s.block ?? s.head ?? undefined;
  const at: Scope = { ...s, block };
  const run = () => db.transaction().execute(async (trx) => {
    // Aggregating a window of trades per trader: enough memory for a hash
    // aggregate instead of an on-disk sort (SET LOCAL: this transaction only).
    await sql`set local work_mem = '64MB'`.execute(trx);
    const rows = (await leaderboardQuery(trx, at, opts).execute()) as LeaderboardRow[];
    const open = new Map<string, OpenPositionRow[]>();
    for (const p of await openPositionsOfTraders(trx, at, rows.slice(0, opts.first).map((r) => r.trader))) {
      const key = p.trader.toString('hex');
      open.set(key, [...(open.get(key) ?? []), p]);
    }
    return { rows, open };
  });
  if (!cache || block === undefined) return run();
  const key = [s.schema, block, opts.pool?.toString('hex') ?? '', opts.from ?? '', opts.to ?? '', opts.orderBy, opts.first, opts.offset].join('|');
  return cache.get(key, run);
}
