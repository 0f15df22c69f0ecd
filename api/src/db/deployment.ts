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
  private inFlight?: Promise<DeploymentRef | undefined>;
  private readonly seen = new Set<string>();
  constructor(
    private readonly db: Kysely<Database>,
    private readonly subgraphName: string,
    private readonly ttlMs = 2000,
    /** Called once per deployment schema, the first time it is found (e.g. to create the API's indexes). */
    private readonly onSchema?: (ref: DeploymentRef) => void,
  ) {}

  async get(): Promise<DeploymentRef | undefined> {
    if (this.cached && Date.now() - this.cached.at < this.ttlMs) return this.cached.ref;
    // One lookup for all the requests that find the entry expired at once.
    return (this.inFlight ??= (async () => {
      try {
        const ref = await findDeployment(this.db, this.subgraphName);
        this.cached = ref && { ref, at: Date.now() };
        if (ref && !this.seen.has(ref.schema)) {
          this.seen.add(ref.schema);
          this.onSchema?.(ref);
        }
        return ref;
      } finally {
        this.inFlight = undefined;
      }
    })());
  }
}

/**
 * The deployment's indexed head, shared by the requests of a short window
 * (`ttlMs`, default 100 ms; one query for all the requests that find it
 * expired). Requests without `block` still read the latest rows; the head
 * only bounds `block` arguments and the block live prices are read at
 * (never before it), and it is at most `ttlMs` behind graph-node.
 */
export class HeadCache {
  private cached?: { id: number; head: number | null; at: number };
  private inFlight?: { id: number; value: Promise<number | null> };
  constructor(
    private readonly db: Kysely<Database>,
    private readonly ttlMs = 100,
  ) {}

  get(deploymentId: number): Promise<number | null> {
    const c = this.cached;
    if (c && c.id === deploymentId && Date.now() - c.at < this.ttlMs) return Promise.resolve(c.head);
    if (this.inFlight?.id === deploymentId) return this.inFlight.value;
    const value = headBlock(this.db, deploymentId).then(
      (head) => {
        this.cached = { id: deploymentId, head, at: Date.now() };
        return head;
      },
    ).finally(() => {
      if (this.inFlight?.value === value) this.inFlight = undefined;
    });
    this.inFlight = { id: deploymentId, value };
    return value;
  }
}
