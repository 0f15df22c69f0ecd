// SQL for the protocol (factory) row: one per factory; the API serves the first.
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { visibleAt } from '../db/visibility.ts';
import type { Scope } from '../scope.ts';

export async function getProtocol(db: Kysely<Database>, s: Scope) {
  return db.withSchema(s.schema).selectFrom('protocol').selectAll().where(visibleAt('mutable', s.block)).orderBy('id').limit(1).executeTakeFirst();
}

export async function allPoolIds(db: Kysely<Database>, s: Scope): Promise<Buffer[]> {
  return (await db.withSchema(s.schema).selectFrom('pool').select('id').where(visibleAt('mutable', s.block)).orderBy('id').execute()).map((r) => r.id);
}
