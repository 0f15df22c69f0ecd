// Where a query reads: the deployment's schema and a block. Root fields
// resolve it once (context.ts `scope`), nested fields inherit the block, and
// every repository and loader takes it first after `db`. A module of its own
// so that repositories, loaders and the context need not import each other.
export interface Scope {
  /** The deployment's Postgres schema (sgdN). */
  schema: string;
  /** The block asked for (time travel); undefined: the latest state. */
  block: number | undefined;
  /** The indexed head the request saw (null: nothing indexed yet). */
  head: number | null;
}
