// SQL for pools: current rows of the pool table (open block range).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';

/** Current version of an entity row: the block range is still open. */
export const isCurrent = sql<boolean>`upper_inf(block_range)`;

export async function listPools(db: Kysely<Database>, schema: string, opts: { first: number; afterId?: Buffer }) {
  let q = db.withSchema(schema).selectFrom('pool').selectAll().where(isCurrent);
  if (opts.afterId) q = q.where('id', '>', opts.afterId);
  return q.orderBy('id').limit(opts.first + 1).execute();
}

export async function getPool(db: Kysely<Database>, schema: string, id: Buffer) {
  return db.withSchema(schema).selectFrom('pool').selectAll().where(isCurrent).where('id', '=', id).executeTakeFirst();
}
