// Per-request context: the shared database and config, and request-scoped
// DataLoaders (a new set for every request, so nothing is cached across
// requests). `scope()` resolves the deployment schema and the block a root
// field reads, `nestedScope()` the same for a nested field at its parent's
// block, `entityAt()` a root field's one entity by id.
import type { Kysely } from 'kysely';
import { GraphQLError } from 'graphql';
import type { Database } from './db/database.ts';
import type { DeploymentCache, DeploymentRef, HeadCache } from './db/deployment.ts';
import type { ApiConfig } from './config.ts';
import { ErrorCode } from './errors.ts';
import { parseBlock } from './args.ts';
import type { PriceFeedReader } from './live/price-feed.ts';
import { createLoaders, loadOne, type Loaders, type ScopedLoader } from './loaders.ts';
import { ResultCache } from './cache/result-cache.ts';
import type { LeaderboardPage } from './trader/trader.repository.ts';
import type { MarketRow } from './market/market.service.ts';
import type { Candle, Filled } from './history/buckets.ts';
import type { Scope } from './scope.ts';

export interface Caches {
  leaderboard: ResultCache<LeaderboardPage>;
  /** rateCandles answers (gap-filled, formatted). */
  candles: ResultCache<Array<Filled<Candle>>>;
  /** Market rows at an indexed head, for pricing positions. */
  markets: ResultCache<MarketRow | undefined>;
}

export function createCaches(): Caches {
  return { leaderboard: new ResultCache<LeaderboardPage>(64), candles: new ResultCache<Array<Filled<Candle>>>(64), markets: new ResultCache<MarketRow | undefined>(256) };
}

export interface SharedContext {
  db: Kysely<Database>;
  config: ApiConfig;
  deployments: DeploymentCache;
  /** The indexed head, shared by requests for ≤ 100 ms. */
  heads: HeadCache;
  prices: PriceFeedReader;
  /** Process-wide result caches (keys include the deployment and block). */
  caches: Caches;
}

export interface ApiContext extends SharedContext {
  loaders: Loaders;
  /** Memoised per request: the deployment and its head block. */
  head: () => Promise<{ ref: DeploymentRef; head: number | null }>;
  /**
   * `noStore` is set by a resolver whose answer depends on state outside the
   * response cache's key (cache/response-cache.ts), e.g. indexingStatus's RPC
   * health: the whole answer is then not stored for other requests. An object,
   * because Apollo gives each operation a shallow copy of the context.
   */
  answer: { noStore: boolean };
}

export function createContext(shared: SharedContext): ApiContext {
  let headPromise: Promise<{ ref: DeploymentRef; head: number | null }> | undefined;
  const ctx: ApiContext = {
    ...shared,
    loaders: undefined as unknown as Loaders,
    answer: { noStore: false },
    head: () =>
      (headPromise ??= (async () => {
        const ref = await requireDeployment(shared);
        return { ref, head: await shared.heads.get(ref.id) };
      })()),
  };
  ctx.loaders = createLoaders({ db: shared.db, prices: shared.prices, indexedHead: async () => (await ctx.head()).head });
  return ctx;
}

/** The deployment to read, or a clear error while graph-node has not deployed the subgraph yet. */
export async function requireDeployment(ctx: Pick<SharedContext, 'deployments' | 'config'>): Promise<DeploymentRef> {
  const ref = await ctx.deployments.get();
  if (!ref) {
    throw new GraphQLError(`subgraph "${ctx.config.subgraphName}" is not deployed in this graph-node store yet`, {
      extensions: { code: ErrorCode.NotIndexed },
    });
  }
  return ref;
}

/** Validates `block` against the indexed head and returns the scope to query. */
export async function scope(ctx: ApiContext, block?: number | null): Promise<Scope> {
  const { ref, head } = await ctx.head();
  return { schema: ref.schema, block: parseBlock(block, head), head };
}

/** The scope of a nested field: its parent's block (already validated), the current deployment. */
export async function nestedScope(ctx: ApiContext, block: number | undefined): Promise<Scope> {
  const { ref, head } = await ctx.head();
  return { schema: ref.schema, block, head };
}

/** A root field's entity by id at the block asked for, shaped by `toNode`; null when it is not indexed there. */
export async function entityAt<R, N>(ctx: ApiContext, block: number | null | undefined, loader: ScopedLoader<R>, id: Buffer, toNode: (row: R, block?: number) => N): Promise<N | null> {
  const s = await scope(ctx, block);
  const row = await loadOne(loader, s, id);
  return row ? toNode(row, s.block) : null;
}
