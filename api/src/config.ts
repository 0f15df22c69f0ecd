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
  /**
   * Origins whose browser pages may call the API (CORS allow-list; others get
   * 403 ORIGIN_NOT_ALLOWED), or '*' for any (default: the dashboards' dev
   * origin, browser-access.ts).
   */
  corsOrigins?: readonly string[] | '*';
  /**
   * Host names requests may address (the Host header; others get 403
   * HOST_NOT_ALLOWED), or '*' for any. Default: the loopback names when the
   * API listens on loopback (a DNS-rebinding page cannot pass), else any.
   */
  allowedHosts?: readonly string[] | '*';
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

/** A comma-separated list, '*' for any, or undefined when unset or empty. */
function listEnv(env: NodeJS.ProcessEnv, name: string, check: (item: string) => string): readonly string[] | '*' | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  if (raw === '*') return '*';
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      try {
        return check(item);
      } catch (err) {
        throw new Error(`${name}: "${item}" ${(err as Error).message}; expected a comma-separated list, or * for any`);
      }
    });
}

/** An origin as browsers send it: scheme://host[:port], no path. */
function origin(item: string): string {
  let url: URL;
  try {
    url = new URL(item);
  } catch {
    throw new Error('is not an origin such as https://dashboards.example.com or http://127.0.0.1:5173');
  }
  if (url.origin === 'null' || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) throw new Error('is not an origin (scheme://host[:port], without a path)');
  return url.origin;
}

function hostName(item: string): string {
  if (!/^[a-z0-9.-]+$|^\[[0-9a-f:.]+\]$/i.test(item)) throw new Error('is not a host name (no scheme, no port), e.g. api.example.com');
  return item.toLowerCase();
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
    corsOrigins: listEnv(env, 'API_CORS_ORIGINS', origin),
    allowedHosts: listEnv(env, 'API_ALLOWED_HOSTS', hostName),
    createIndexes: !/^(0|false|no|off)$/i.test(env.API_CREATE_INDEXES ?? ''),
    responseCache: !/^(0|false|no|off)$/i.test(env.API_RESPONSE_CACHE ?? ''),
  };
}
