// SQL for traders: the account row, and the leaderboard aggregated from the
// immutable trade table over a time window (index-friendly: the filter is on
// pool/timestamp, both indexed by graph-node).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { visibleAt } from '../db/visibility.ts';
import type { Scope } from '../context.ts';

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

export async function leaderboard(db: Kysely<Database>, s: Scope, opts: Parameters<typeof leaderboardQuery>[2]): Promise<LeaderboardRow[]> {
  return (await leaderboardQuery(db, s, opts).execute()) as LeaderboardRow[];
}
