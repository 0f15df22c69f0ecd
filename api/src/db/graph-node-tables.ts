// graph-node's own metadata tables that the API reads to find a subgraph's
// deployment schema and head block (graph-node docs/implementation/). These
// are graph-node's, not generated from our schema.
import type { ColumnType } from 'kysely';

type ReadOnly<T> = ColumnType<T, never, never>;

export interface GraphNodeMetaTables {
  'subgraphs.subgraph': { id: ReadOnly<string>; name: ReadOnly<string>; current_version: ReadOnly<string | null> };
  'subgraphs.subgraph_version': { id: ReadOnly<string>; subgraph: ReadOnly<string>; deployment: ReadOnly<string> };
  'public.deployment_schemas': { id: ReadOnly<number>; subgraph: ReadOnly<string>; name: ReadOnly<string>; network: ReadOnly<string>; active: ReadOnly<boolean> };
  'subgraphs.head': { id: ReadOnly<number>; block_number: ReadOnly<number | null>; block_hash: ReadOnly<Buffer | null> };
}
