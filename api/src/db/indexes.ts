// Extra indexes the API needs on graph-node's tables, beyond graph-node's own
// (one per attribute, docs/implementation/). graph-node allows extra indexes
// on its tables (its own `graphman index create` makes them the same way);
// they are not copied when a deployment is grafted or copied, so they are
// (re)created per deployment schema.
//
// Who creates them: the API tries at start-up, and again whenever it first
// sees a new deployment schema, with CREATE INDEX CONCURRENTLY IF NOT EXISTS
// (graph-node keeps writing meanwhile). That needs the tables' owner (the
// role graph-node connects as) — true for `npm start` and the tests, where
// the API uses graph-node's role. With a read-only API role (docker-compose)
// the attempt fails harmlessly with a log line, and the operator runs
// `DATABASE_URL=<graph-node's URL> npx tsx api/scripts/create-indexes.ts`
// once per deployment (docs/operations.md). Without them the API still
// answers correctly, only slower.
import postgres from 'postgres';

export interface ApiIndex {
  name: string;
  table: string;
  /** Column list and options after `on <schema>.<table>`. */
  definition: string;
  why: string;
}

export const API_INDEXES: ApiIndex[] = [
  {
    name: 'pvp_api_trade_window',
    table: 'trade',
    definition: `using btree ("timestamp") include (trader, pool, kind, pnl, notional, "block$")`,
    why: 'leaderboard over a time window: an index-only range scan of the window instead of a scan of every trade',
  },
];

export function indexStatements(schema: string): string[] {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`unexpected schema name ${schema}`);
  return API_INDEXES.map((i) => `create index concurrently if not exists ${i.name} on "${schema}"."${i.table}" ${i.definition}`);
}

/**
 * Creates the API's indexes in `schema` with a connection of its own (the
 * API's pool is read-only). Resolves to what happened, never throws.
 */
export async function ensureIndexes(databaseUrl: string, schema: string, log: (entry: Record<string, unknown>) => void = () => {}): Promise<{ created: string[]; failed: Array<{ sql: string; error: string }> }> {
  const out = { created: [] as string[], failed: [] as Array<{ sql: string; error: string }> };
  let conn: postgres.Sql | undefined;
  try {
    conn = postgres(databaseUrl, { max: 1, onnotice: () => {}, connect_timeout: 10, connection: { application_name: 'pvp-api-indexes' } });
    for (const [k, statement] of indexStatements(schema).entries()) {
      const index = API_INDEXES[k]!;
      try {
        // A failed CONCURRENTLY build leaves an INVALID index behind that IF NOT EXISTS would skip: drop it
        // first — unless another process (e.g. another API replica) is building it right now.
        const [found] = await conn<{ valid: boolean; building: boolean }[]>`
          select i.indisvalid as valid, exists (select 1 from pg_stat_progress_create_index p where p.index_relid = c.oid) as building
          from pg_index i join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = ${schema} and c.relname = ${index.name}`;
        if (found?.valid || found?.building) continue;
        if (found) await conn.unsafe(`drop index concurrently if exists "${schema}"."${index.name}"`);
        const t0 = Date.now();
        await conn.unsafe(statement);
        out.created.push(index.name);
        log({ level: 'info', msg: 'created index', index: `${schema}.${index.name}`, ms: Date.now() - t0, why: index.why });
      } catch (err) {
        const error = (err as Error).message;
        out.failed.push({ sql: statement, error });
        log({ level: 'warn', msg: 'could not create an index the API needs (queries stay correct, only slower); create it as the owner of the tables: see docs/operations.md', sql: statement, error });
      }
    }
  } catch (err) {
    log({ level: 'warn', msg: 'could not check the API indexes', error: (err as Error).message });
  } finally {
    await conn?.end({ timeout: 5 }).catch(() => {});
  }
  return out;
}
