// SQL for positions: by id, filtered lists ordered by id (keyset pagination),
// and the open positions of traders (for their unrealised PnL).
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { visibleAt } from '../db/visibility.ts';
import type { Scope } from '../scope.ts';

export type PositionStatus = 'OPEN' | 'CLOSED' | 'LIQUIDATED';

export interface PositionFilter {
  pool?: Buffer;
  market?: Buffer;
  trader?: Buffer;
  status?: PositionStatus;
}

export function listPositionsQuery(db: Kysely<Database>, s: Scope, f: PositionFilter, page: { first: number; afterId?: Buffer }) {
  let q = db.withSchema(s.schema).selectFrom('position').selectAll().where(visibleAt('mutable', s.block));
  if (f.pool) q = q.where('pool', '=', f.pool);
  if (f.market) q = q.where('market', '=', f.market);
  if (f.trader) q = q.where('trader', '=', f.trader);
  if (f.status) q = q.where('status', '=', f.status);
  if (page.afterId) q = q.where('id', '>', page.afterId);
  return q.orderBy('id').limit(page.first + 1);
}

export async function listPositions(db: Kysely<Database>, s: Scope, f: PositionFilter, page: { first: number; afterId?: Buffer }) {
  return listPositionsQuery(db, s, f, page).execute();
}

export async function getPositions(db: Kysely<Database>, s: Scope, ids: Buffer[]) {
  if (ids.length === 0) return [];
  return db.withSchema(s.schema).selectFrom('position').selectAll().where(visibleAt('mutable', s.block)).where('id', 'in', ids).execute();
}

/** Open positions of several traders (optionally in one pool): what their unrealised PnL is made of. */
export async function openPositionsOfTraders(db: Kysely<Database>, s: Scope, traders: Buffer[], pool?: Buffer) {
  if (traders.length === 0) return [];
  let q = db
    .withSchema(s.schema)
    .selectFrom('position')
    .select(['trader', 'pool', 'market', 'is_long', 'notional', 'size'])
    .where(visibleAt('mutable', s.block))
    .where('trader', 'in', traders)
    .where('status', '=', 'OPEN');
  if (pool) q = q.where('pool', '=', pool);
  return q.execute();
}
