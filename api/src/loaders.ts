// Request-scoped DataLoaders: every entity lookup of one request at one block
// becomes one SQL query (`id in (...)`), and every feed price one batched
// JSON-RPC round trip. Keys carry the scope (schema, block) so that nested
// fields of a time-travel query read at the same block.
import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import type { Address, Hex } from 'viem';
import type { Database } from './db/database.ts';
import type { Scope } from './scope.ts';
import { getPools } from './pool/pool.repository.ts';
import { getMarkets, marketsOfPools } from './market/market.repository.ts';
import { getPositions, openPositionsOfTraders } from './position/position.repository.ts';
import type { FeedPrice, PriceFeedReader } from './live/price-feed.ts';

interface ScopedKey {
  s: Scope;
  id: Buffer;
}

const scopedKey = (k: ScopedKey) => `${k.s.schema}|${k.s.block ?? ''}|${k.id.toString('hex')}`;

/** A loader by bytea key whose batch runs one query per (schema, block). */
function byScopedId<R>(fetch: (s: Scope, ids: Buffer[]) => Promise<R[]>, keyOf: (row: R) => Buffer, many = false) {
  return new DataLoader<ScopedKey, R[], string>(
    async (keys) => {
      const groups = new Map<string, { s: Scope; ids: Buffer[] }>();
      for (const k of keys) {
        const g = `${k.s.schema}|${k.s.block ?? ''}`;
        const group = groups.get(g) ?? { s: k.s, ids: [] };
        group.ids.push(k.id);
        groups.set(g, group);
      }
      const found = new Map<string, R[]>();
      await Promise.all(
        [...groups.values()].map(async ({ s, ids }) => {
          const unique = [...new Map(ids.map((id) => [id.toString('hex'), id])).values()];
          for (const row of await fetch(s, unique)) {
            const key = scopedKey({ s, id: keyOf(row) });
            const list = found.get(key) ?? [];
            list.push(row);
            found.set(key, list);
          }
        }),
      );
      return keys.map((k) => found.get(scopedKey(k)) ?? []);
    },
    { cacheKeyFn: scopedKey, maxBatchSize: many ? 200 : 1000 },
  );
}

export interface FeedPriceKey {
  feed: Address;
  marketId: Hex;
  /** undefined: the chain head. */
  block: number | undefined;
}

/** What the loaders read through: the store, the feed, and the indexed head the request sees. */
export interface LoaderSources {
  db: Kysely<Database>;
  prices: Pick<PriceFeedReader, 'headBlock' | 'latestPrices'>;
  /** The request's indexed head (rejects while the subgraph is not deployed). */
  indexedHead: () => Promise<number | null>;
}

export function createLoaders(src: LoaderSources) {
  const { db, prices } = src;
  let head: Promise<number | null> | undefined;
  let liveBlock: Promise<number | null> | undefined;
  const loaders = {
    pool: byScopedId((s, ids) => getPools(db, s, ids), (r) => r.id),
    market: byScopedId((s, ids) => getMarkets(db, s, ids), (r) => r.id),
    marketsOfPool: byScopedId((s, ids) => marketsOfPools(db, s, ids), (r) => r.pool, true),
    position: byScopedId((s, ids) => getPositions(db, s, ids), (r) => r.id),
    /** Open positions of a trader in all pools (key: trader). */
    openPositionsOfTrader: byScopedId((s, ids) => openPositionsOfTraders(db, s, ids), (r) => r.trader, true),
    /** The chain head (the process-wide cached poll), read once per request. */
    chainHead: () => (head ??= prices.headBlock()),
    /**
     * The block live prices are read at: the chain head, but never before the
     * indexed head (the cached head may be up to a poll interval old; the
     * indexed block exists on chain, so the live price is never older than
     * the indexed state it is combined with). null: no RPC or it is failing.
     */
    liveBlock: () =>
      (liveBlock ??= (async () => {
        const [chain, indexed] = await Promise.all([(head ??= prices.headBlock()), src.indexedHead().catch(() => null)]);
        if (chain === null) return null;
        return indexed === null ? chain : Math.max(chain, indexed);
      })()),
    feedPrice: new DataLoader<FeedPriceKey, FeedPrice | null | undefined, string>(
      async (keys) => {
        const groups = new Map<string, { feed: Address; block: number | undefined; ids: Hex[] }>();
        for (const k of keys) {
          const g = `${k.feed}|${k.block ?? ''}`;
          const group = groups.get(g) ?? { feed: k.feed, block: k.block, ids: [] };
          if (!group.ids.includes(k.marketId)) group.ids.push(k.marketId);
          groups.set(g, group);
        }
        const results = new Map<string, FeedPrice | null>();
        await Promise.all(
          [...groups.values()].map(async (g) => {
            const block = g.block ?? (await loaders.liveBlock());
            if (block === null) return;
            const read = await prices.latestPrices(g.feed, g.ids, block);
            for (const [id, p] of read) results.set(`${g.feed}|${g.block ?? ''}|${id}`, p);
          }),
        );
        // undefined: not read (no RPC or the call failed) → the caller falls back to the indexed price.
        return keys.map((k) => results.get(`${k.feed}|${k.block ?? ''}|${k.marketId}`));
      },
      { cacheKeyFn: (k) => `${k.feed}|${k.block ?? ''}|${k.marketId}` },
    ),
  };
  return loaders;
}

export type Loaders = ReturnType<typeof createLoaders>;

/** A loader of the rows with one id (or of one pool's markets, one trader's open positions) at a scope. */
export type ScopedLoader<R> = DataLoader<ScopedKey, R[], string>;

/** One row by id (or undefined). */
export async function loadOne<R>(loader: ScopedLoader<R>, s: Scope, id: Buffer): Promise<R | undefined> {
  return (await loader.load({ s, id }))[0];
}
