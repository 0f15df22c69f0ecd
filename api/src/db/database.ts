// One Kysely instance over the postgres.js driver. Entity tables live in the
// deployment's own schema (sgdN), chosen per query with withSchema().
import { Kysely } from 'kysely';
import { PostgresJSDialect } from 'kysely-postgres-js';
import postgres from 'postgres';
import type { SubgraphTables } from './subgraph-tables.ts';
import type { GraphNodeMetaTables } from './graph-node-tables.ts';

export type Database = SubgraphTables & GraphNodeMetaTables;

export function createDb(databaseUrl: string): { db: Kysely<Database>; close: () => Promise<void> } {
  const sql = postgres(databaseUrl, {
    max: 10,
    idle_timeout: 30,
    connect_timeout: 10,
    onnotice: () => {},
    // Read-only sessions: the API never writes graph-node's store.
    connection: { default_transaction_read_only: true, application_name: 'pvp-api' } as Record<string, string | boolean>,
  });
  const db = new Kysely<Database>({ dialect: new PostgresJSDialect({ postgres: sql }) });
  return { db, close: () => db.destroy() };
}
