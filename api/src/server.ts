// Builds and runs the API: Apollo Server over Kysely, on a Node http server.
import { readFileSync, writeSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { sql } from 'kysely';
import type { ApiConfig } from './config.ts';
import { createCaches, createContext, type ApiContext } from './context.ts';
import { createDb } from './db/database.ts';
import { DeploymentCache, HeadCache } from './db/deployment.ts';
import { ensureIndexes } from './db/indexes.ts';
import { ErrorCode } from './errors.ts';
import { createHttpServer } from './http.ts';
import { browserAccess } from './browser-access.ts';
import { ResponseCache } from './cache/response-cache.ts';
import { resolvers } from './resolvers.ts';
import { PriceFeedReader } from './live/price-feed.ts';
import { DEFAULT_LIMITS, type QueryLimits } from './validation/limits.ts';
import { queryGuard } from './validation/guard.ts';

export const typeDefs = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'schema.graphql'), 'utf8');

/** Codes that are the client's to fix or that we raised on purpose; anything else is hidden. */
const PUBLIC_CODES = new Set<string>([
  ErrorCode.BadUserInput,
  ErrorCode.NotIndexed,
  ErrorCode.ParseFailed,
  ErrorCode.ValidationFailed,
  ErrorCode.BadRequest,
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code as string | undefined;
  if (code && PUBLIC_CODES.has(code)) return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: formatted.extensions };
  // Apollo refuses some requests with a 4xx but no code (a persisted query whose hash does not match its
  // text, an unsupported persisted-query version): the client's to fix, so said as it is, as BAD_REQUEST.
  const extensions = error instanceof GraphQLError ? error.extensions : {};
  const status = (extensions.http as { status?: unknown } | undefined)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500 && !extensions.code) {
    return { message: formatted.message, locations: formatted.locations, extensions: { code: ErrorCode.BadRequest } };
  }
  const original = error instanceof GraphQLError ? error.originalError : error;
  const message = original instanceof Error ? original.message : '';
  // Connection-level failures: the store is down or restarting; say so, stably.
  if (/ECONNREFUSED|ECONNRESET|terminating connection|CONNECTION_|connect_timeout|the database system is/i.test(message)) {
    return { message: 'the graph-node store (Postgres) is unavailable; retry shortly', path: formatted.path, extensions: { code: ErrorCode.StoreUnavailable } };
  }
  return { message: 'internal error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

export interface RunningApi {
  url: string;
  graphqlUrl: string;
  stop(): Promise<void>;
}

export type Logger = (entry: Record<string, unknown>) => void;

// JSON lines on stdout, written in batches (at most every 50 ms, and at
// once for warnings and errors): one write per request was a measurable share
// of a request's cost under load. flushLogs() writes what is pending
// synchronously (shutdown, exit).
let pendingLogs: string[] = [];
let flushTimer: NodeJS.Timeout | undefined;

export function flushLogs(sync = false): void {
  if (flushTimer) clearTimeout(flushTimer);
  flushTimer = undefined;
  if (pendingLogs.length === 0) return;
  const text = pendingLogs.join('');
  pendingLogs = [];
  if (!sync) {
    process.stdout.write(text);
    return;
  }
  // At exit: the event loop will not run again.
  let buf = Buffer.from(text);
  for (let tries = 0; buf.length > 0 && tries < 100; tries++) {
    try {
      buf = buf.subarray(writeSync(1, buf));
    } catch {
      /* EAGAIN on a full pipe: try again */
    }
  }
}

export const jsonLogger: Logger = (entry) => {
  pendingLogs.push(JSON.stringify({ time: new Date().toISOString(), ...entry }) + '\n');
  if (entry.level === 'warn' || entry.level === 'error' || pendingLogs.length >= 1000) flushLogs();
  else flushTimer ??= setTimeout(flushLogs, 50).unref();
};
process.once('exit', () => flushLogs(true));

export async function startApi(config: ApiConfig, log: Logger = jsonLogger): Promise<RunningApi> {
  const { db, close } = createDb(config.databaseUrl);
  const deployments = new DeploymentCache(db, config.subgraphName, 2000, (ref) => {
    if (config.createIndexes !== false) void ensureIndexes(config.databaseUrl, ref.schema, log);
  });
  const prices = new PriceFeedReader(config.rpcUrl, log);
  const caches = createCaches();
  const heads = new HeadCache(db);
  const limits: QueryLimits = {
    maxDepth: config.maxDepth ?? DEFAULT_LIMITS.maxDepth,
    maxAliases: config.maxAliases ?? DEFAULT_LIMITS.maxAliases,
    maxCost: config.maxCost ?? DEFAULT_LIMITS.maxCost,
    maxTokens: config.maxTokens ?? DEFAULT_LIMITS.maxTokens,
    maxPageSize: config.maxPageSize,
  };
  const guard = queryGuard<ApiContext>(limits);
  const apollo = new ApolloServer<ApiContext>({
    typeDefs,
    resolvers,
    // Parsing stops at maxTokens, which bounds every check after it. Apollo's own validation would run
    // graphql-js's OverlappingFieldsCanBeMerged, super-linear on hostile documents, before any plugin could
    // refuse them: the guard's plugin validates instead, limits first (validation/guard.ts).
    ...guard.options,
    // Batches are refused (Apollo's default, BAD_REQUEST): one request, one operation, one cost check.
    allowBatchedHttpRequests: false,
    // Public, read-only API: introspection stays on in production mode too.
    introspection: true,
    // No cache hints are used; without this plugin Apollo does not wrap every
    // field resolver with its per-field hook (a large cost on long lists).
    plugins: [ApolloServerPluginCacheControlDisabled(), guard.plugin],
    // Signals are main.ts's to handle (drain, flush the logs, exit 0); Apollo's
    // own handler would re-raise the signal and end the process first.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => {
      const out = formatError(formatted, error);
      if (out.extensions?.code === 'INTERNAL_SERVER_ERROR' || out.extensions?.code === ErrorCode.StoreUnavailable) {
        log({ level: 'error', msg: 'resolver error', error: error instanceof Error ? error.message : String(error) });
      }
      return out;
    },
    includeStacktraceInErrorResponses: false,
  });
  await apollo.start();
  // /ready: 200 while the store answers and the subgraph is deployed; the RPC's
  // health is reported beside it (a failing RPC degrades the live fields to
  // indexed prices but the API still serves).
  const ready = async () => {
    const rpc = prices.probe();
    const store = await (async () => {
      try {
        await sql`select 1`.execute(db);
        const ref = await deployments.get();
        return ref ? { ok: true, detail: `serving ${ref.deployment} from ${ref.schema}` } : { ok: false, detail: `subgraph "${config.subgraphName}" not deployed yet` };
      } catch (err) {
        return { ok: false, detail: `store unavailable: ${(err as Error).message}` };
      }
    })();
    const r = await rpc;
    return { ...store, rpc: r.rpc, rpcDetail: r.detail };
  };
  // Whole answers are shared while the indexed head, the chain head the live
  // prices are read at and the deployment stay the same (cache/response-cache.ts).
  const responses =
    config.responseCache === false
      ? undefined
      : new ResponseCache(async () => {
          const ref = await deployments.get();
          if (!ref) return undefined;
          const head = await heads.get(ref.id);
          // Without an RPC, series use the wall clock (seconds) for "now".
          if (!prices.enabled) return `${ref.schema}|${head}|-|${Math.floor(Date.now() / 1000)}`;
          const chain = await prices.headBlock();
          return chain === null ? undefined : `${ref.schema}|${head}|${chain}`;
        });
  const access = browserAccess({ corsOrigins: config.corsOrigins, allowedHosts: config.allowedHosts, listenHost: config.host });
  const server = createHttpServer(apollo, () => createContext({ db, config, deployments, heads, prices, caches }), { ready }, log, responses, access);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host}:${port}`;
  log({ level: 'info', msg: 'api listening', url: `${url}/graphql` });
  return {
    url,
    graphqlUrl: `${url}/graphql`,
    async stop() {
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await apollo.stop();
      await close();
      if (log === jsonLogger) flushLogs();
    },
  };
}
