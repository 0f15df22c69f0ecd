// A digest of every entity of a subgraph deployment, straight from
// graph-node's store: every table of the deployment's sgdN schema, current
// versions only (open block_range; immutable rows with block$ all), ordered by
// id, without graph-node's bookkeeping columns (vid, block_range, block$).
// Two stores that indexed the same chain must give the same digest
// (reliability tests: crash/restart against an uninterrupted run).
import { createHash } from 'node:crypto';
import postgres from 'postgres';

export interface EntityDigest {
  schema: string;
  /** sha256 over every table's digest, in table order. */
  digest: string;
  tables: Record<string, { rows: number; md5: string }>;
}

const BOOKKEEPING = new Set(['vid', 'block_range', 'block$']);

/** The sgdN schema of a subgraph's current version (graph-node's name → version → deployment). */
export async function deploymentSchema(sql: postgres.Sql, subgraphName = 'subgraph-0'): Promise<string> {
  const rows = await sql<{ name: string }[]>`
    select ds.name from subgraphs.subgraph s
    join subgraphs.subgraph_version v on v.id = s.current_version
    join public.deployment_schemas ds on ds.subgraph = v.deployment
    where s.name = ${subgraphName} and ds.active`;
  if (!rows[0]) throw new Error(`subgraph ${subgraphName} is not deployed in this store`);
  return rows[0].name;
}

export async function entityDigest(postgresUrl: string, opts: { subgraphName?: string; exclude?: (table: string) => boolean } = {}): Promise<EntityDigest> {
  const sql = postgres(postgresUrl, {
    max: 1,
    onnotice: () => {},
    connect_timeout: 10,
  });
  try {
    const schema = await deploymentSchema(sql, opts.subgraphName);
    const columns = await sql<{ table_name: string; column_name: string }[]>`
      select c.table_name, c.column_name from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = ${schema} and t.table_type = 'BASE TABLE'
      order by c.table_name, c.ordinal_position`;
    const byTable = new Map<string, string[]>();
    for (const c of columns) {
      if (!byTable.has(c.table_name)) byTable.set(c.table_name, []);
      byTable.get(c.table_name)!.push(c.column_name);
    }
    const tables: EntityDigest['tables'] = {};
    const all = createHash('sha256');
    for (const [table, cols] of [...byTable].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (opts.exclude?.(table)) continue;
      const kept = cols.filter((c) => !BOOKKEEPING.has(c));
      const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
      const current = cols.includes('block_range') ? 'where upper_inf(block_range)' : '';
      const order = kept.includes('id') ? 't.id' : 't::text';
      const [row] = await sql.unsafe<{ n: string; md5: string | null }[]>(
        `select count(*)::text as n, md5(string_agg(t::text, E'\\n' order by ${order})) as md5 from (select ${kept.map(q).join(', ')} from ${q(schema)}.${q(table)} ${current}) t`,
      );
      tables[table] = { rows: Number(row!.n), md5: row!.md5 ?? '' };
      all.update(`${table}:${row!.n}:${row!.md5 ?? ''}\n`);
    }
    return { schema, digest: all.digest('hex'), tables };
  } finally {
    await sql.end();
  }
}

/** Tables whose digests differ (for a readable assertion message). */
export function digestDiff(a: EntityDigest, b: EntityDigest): string[] {
  const names = new Set([...Object.keys(a.tables), ...Object.keys(b.tables)]);
  return [...names]
    .sort()
    .filter((n) => JSON.stringify(a.tables[n]) !== JSON.stringify(b.tables[n]))
    .map((n) => `${n}: ${JSON.stringify(a.tables[n])} vs ${JSON.stringify(b.tables[n])}`);
}
