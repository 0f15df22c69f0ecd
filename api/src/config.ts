// API configuration from environment variables (documented in the README).
import { DEFAULT_LIMITS } from './validation/limits.ts';

export interface ApiConfig {
  /** Postgres holding graph-node's store (read-only access is enough). */
  databaseUrl: string;
  /** Name of the subgraph in graph-node (`subgraph-0` under gnd dev). */
  subgraphName: string;
  host: string;
  port: number;
  /** Chain RPC for the chain head in the indexing status (optional). */
  rpcUrl?: string;
  /** Hard cap on `first` in every paginated field. */
  maxPageSize: number;
  /** Query limits (validation/limits.ts, validation/cost.ts): selection depth, aliases, estimated cost, tokens per document. */
  maxDepth?: number;
  maxAliases?: number;
  maxCost?: number;
  maxTokens?: number;
  /** Create the API's extra indexes (db/indexes.ts) when a deployment is first seen (default true; needs the tables' owner). */
  createIndexes?: boolean;
  /** Share whole answers between identical requests at the same indexed and chain head (default true). */
  responseCache?: boolean;
}

function intEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is required: the Postgres URL of graph-node\'s store, e.g. postgresql://user:pass@127.0.0.1:5432/graph');
  return {
    databaseUrl,
    subgraphName: env.SUBGRAPH_NAME ?? 'subgraph-0',
    host: env.API_HOST ?? '127.0.0.1',
    port: intEnv(env, 'API_PORT', 4000),
    rpcUrl: env.RPC_URL || undefined,
    maxPageSize: intEnv(env, 'API_MAX_PAGE_SIZE', 1000),
    maxDepth: intEnv(env, 'API_MAX_DEPTH', DEFAULT_LIMITS.maxDepth),
    maxAliases: intEnv(env, 'API_MAX_ALIASES', DEFAULT_LIMITS.maxAliases),
    maxCost: intEnv(env, 'API_MAX_COST', DEFAULT_LIMITS.maxCost),
    maxTokens: intEnv(env, 'API_MAX_TOKENS', DEFAULT_LIMITS.maxTokens),
    createIndexes: !/^(0|false|no|off)$/i.test(env.API_CREATE_INDEXES ?? ''),
    responseCache: !/^(0|false|no|off)$/i.test(env.API_RESPONSE_CACHE ?? ''),
  };
}
