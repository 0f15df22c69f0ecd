// SQL for pools: the pool table's row versions visible at the scope's block.
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { visibleAt } from '../db/visibility.ts';
import type { Scope } from '../scope.ts';

export async function listPools(db: Kysely<Database>, s: Scope, opts: { first: number; afterId?: Buffer }) {
  let q = db.withSchema(s.schema).selectFrom('pool').selectAll().where(visibleAt('mutable', s.block));
  if (opts.afterId) q = q.where('id', '>', opts.afterId);
  return q.orderBy('id').limit(opts.first + 1).execute();
}

export async function getPools(db: Kysely<Database>, s: Scope, ids: Buffer[]) {
  if (ids.length === 0) return [];
  return db.withSchema(s.schema).selectFrom('pool').selectAll().where(visibleAt('mutable', s.block)).where('id', 'in', ids).execute();
}
