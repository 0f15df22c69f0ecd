// Builds and runs the API: Apollo Server over Kysely, on a Node http server.
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { sql } from 'kysely';
import type { ApiConfig } from './config.ts';
import { createContext, type ApiContext } from './context.ts';
import { createDb } from './db/database.ts';
import { DeploymentCache } from './db/deployment.ts';
import { ErrorCode } from './errors.ts';
import { createHttpServer } from './http.ts';
import { resolvers } from './resolvers.ts';
import { PriceFeedReader } from './live/price-feed.ts';
import { DEFAULT_LIMITS, queryLimitsRule } from './validation/limits.ts';

export const typeDefs = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'schema.graphql'), 'utf8');

/** Codes that are the client's to fix or that we raised on purpose; anything else is hidden. */
const PUBLIC_CODES = new Set<string>([
  ErrorCode.BadUserInput,
  ErrorCode.NotIndexed,
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
]);

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code as string | undefined;
  if (code && PUBLIC_CODES.has(code)) return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: formatted.extensions };
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

export const jsonLogger: Logger = (entry) => process.stdout.write(JSON.stringify({ time: new Date().toISOString(), ...entry }) + '\n');

export async function startApi(config: ApiConfig, log: Logger = jsonLogger): Promise<RunningApi> {
  const { db, close } = createDb(config.databaseUrl);
  const deployments = new DeploymentCache(db, config.subgraphName);
  const prices = new PriceFeedReader(config.rpcUrl, log);
  const limits = {
    maxDepth: config.maxDepth ?? DEFAULT_LIMITS.maxDepth,
    maxAliases: config.maxAliases ?? DEFAULT_LIMITS.maxAliases,
    maxCost: config.maxCost ?? DEFAULT_LIMITS.maxCost,
    assumedPageSize: DEFAULT_LIMITS.assumedPageSize,
    maxPageSize: config.maxPageSize,
  };
  const apollo = new ApolloServer<ApiContext>({
    typeDefs,
    resolvers,
    validationRules: [queryLimitsRule(limits)],
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
  const ready = async () => {
    try {
      await sql`select 1`.execute(db);
      const ref = await deployments.get();
      return ref ? { ok: true, detail: `serving ${ref.deployment} from ${ref.schema}` } : { ok: false, detail: `subgraph "${config.subgraphName}" not deployed yet` };
    } catch (err) {
      return { ok: false, detail: `store unavailable: ${(err as Error).message}` };
    }
  };
  const server = createHttpServer(apollo, () => createContext({ db, config, deployments, prices }), { ready }, log);
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
    },
  };
}
