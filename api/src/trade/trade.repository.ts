// SQL for trades and liquidity events: append-only (immutable) tables, paged
// by vid (graph-node's insertion-ordered row id), newest first by default.
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { visibleAt } from '../db/visibility.ts';
import type { Scope } from '../scope.ts';

export interface TradeFilter {
  pool?: Buffer;
  market?: Buffer;
  trader?: Buffer;
  position?: Buffer;
  kind?: 'OPEN' | 'CLOSE' | 'LIQUIDATION';
  from?: number;
  to?: number;
}

export interface VidPage {
  first: number;
  afterVid?: bigint;
  /** Oldest first instead of newest first. */
  ascending?: boolean;
}

export function listTradesQuery(db: Kysely<Database>, s: Scope, f: TradeFilter, page: VidPage) {
  let q = db.withSchema(s.schema).selectFrom('trade').selectAll().where(visibleAt('immutable', s.block));
  if (f.pool) q = q.where('pool', '=', f.pool);
  if (f.market) q = q.where('market', '=', f.market);
  if (f.trader) q = q.where('trader', '=', f.trader);
  if (f.position) q = q.where('position', '=', f.position);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.from !== undefined) q = q.where('timestamp', '>=', String(f.from));
  if (f.to !== undefined) q = q.where('timestamp', '<', String(f.to));
  if (page.afterVid !== undefined) q = q.where('vid', page.ascending ? '>' : '<', String(page.afterVid) as never);
  return q.orderBy('vid', page.ascending ? 'asc' : 'desc').limit(page.first + 1);
}

export async function listTrades(db: Kysely<Database>, s: Scope, f: TradeFilter, page: VidPage) {
  return listTradesQuery(db, s, f, page).execute();
}

export interface LiquidityFilter {
  pool?: Buffer;
  account?: Buffer;
  kind?: 'DEPOSIT' | 'REDEEM';
  from?: number;
  to?: number;
}

export async function listLiquidityEvents(db: Kysely<Database>, s: Scope, f: LiquidityFilter, page: VidPage) {
  let q = db.withSchema(s.schema).selectFrom('liquidity_event').selectAll().where(visibleAt('immutable', s.block));
  if (f.pool) q = q.where('pool', '=', f.pool);
  if (f.account) q = q.where('account', '=', f.account);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.from !== undefined) q = q.where('timestamp', '>=', String(f.from));
  if (f.to !== undefined) q = q.where('timestamp', '<', String(f.to));
  if (page.afterVid !== undefined) q = q.where('vid', page.ascending ? '>' : '<', String(page.afterVid) as never);
  return q.orderBy('vid', page.ascending ? 'asc' : 'desc').limit(page.first + 1).execute();
}
