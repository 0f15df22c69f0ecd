// SQL for markets: by id and by pool, visible at the scope's block.
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { visibleAt } from '../db/visibility.ts';
import type { Scope } from '../scope.ts';

export async function getMarkets(db: Kysely<Database>, s: Scope, ids: Buffer[]) {
  if (ids.length === 0) return [];
  return db.withSchema(s.schema).selectFrom('market').selectAll().where(visibleAt('mutable', s.block)).where('id', 'in', ids).execute();
}

export async function marketsOfPools(db: Kysely<Database>, s: Scope, pools: Buffer[]) {
  if (pools.length === 0) return [];
  return db.withSchema(s.schema).selectFrom('market').selectAll().where(visibleAt('mutable', s.block)).where('pool', 'in', pools).orderBy('id').execute();
}
