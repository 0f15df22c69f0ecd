// Finds the Postgres schema (sgdN) holding the current version of a named
// subgraph, and its head block. The name → deployment mapping changes when a
// new version is deployed, so the lookup is cached only briefly.
import type { Kysely } from 'kysely';
import type { Database } from './database.ts';

export interface DeploymentRef {
  /** The deployment id (IPFS hash, or manifest path under gnd dev). */
  deployment: string;
  /** Postgres schema with the entity tables, e.g. sgd1. */
  schema: string;
  network: string;
  /** deployment_schemas.id, key of subgraphs.head. */
  id: number;
}

export async function findDeployment(db: Kysely<Database>, subgraphName: string): Promise<DeploymentRef | undefined> {
  const row = await db
    .selectFrom('subgraphs.subgraph as s')
    .innerJoin('subgraphs.subgraph_version as v', 'v.id', 's.current_version')
    .innerJoin('public.deployment_schemas as ds', 'ds.subgraph', 'v.deployment')
    .select(['ds.id', 'ds.name', 'ds.subgraph', 'ds.network'])
    .where('s.name', '=', subgraphName)
    .where('ds.active', '=', true)
    .executeTakeFirst();
  return row && { id: row.id, schema: row.name, deployment: row.subgraph, network: row.network };
}

/** Latest block fully indexed by the deployment (null before the first block). */
export async function headBlock(db: Kysely<Database>, deploymentId: number): Promise<number | null> {
  const row = await db.selectFrom('subgraphs.head').select('block_number').where('id', '=', deploymentId).executeTakeFirst();
  return row?.block_number ?? null;
}

export class DeploymentCache {
  private cached?: { ref: DeploymentRef; at: number };
  constructor(
    private readonly db: Kysely<Database>,
    private readonly subgraphName: string,
    private readonly ttlMs = 2000,
  ) {}

  async get(): Promise<DeploymentRef | undefined> {
    if (this.cached && Date.now() - this.cached.at < this.ttlMs) return this.cached.ref;
    const ref = await findDeployment(this.db, this.subgraphName);
    this.cached = ref && { ref, at: Date.now() };
    return ref;
  }
}
