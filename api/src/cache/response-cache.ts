// Whole-response cache for POST /graphql, on lru-cache. Everything an answer
// depends on is in its key: the request body (query, variables, operation
// name) and Accept header, the deployment schema, the indexed head (HeadCache,
// ≤ 100 ms old) and the chain head the live prices are read at
// (PriceFeedReader's shared poll). When the indexed or chain head moves, keys
// change and old entries age out (bounded by count and bytes — key and body —
// least recently used first).
// Not cached: answers with errors, non-200 statuses, answers a resolver
// marked `ctx.answer.noStore` (indexingStatus: it reports the heads and the RPC
// health as they are now), requests while the RPC is degraded. Concurrent
// identical requests share one execution (lru-cache's fetch), also when its
// answer is then not stored.
import { LRUCache } from 'lru-cache';

export interface CachedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Not to be stored (errors, streaming). */
  uncacheable?: boolean;
}

/** Bodies larger than this are executed without a look-up (their key would cost more than it saves). */
const MAX_KEYED_BODY = 64 * 1024;

/**
 * An answer that must not be stored, carried to every request waiting for it
 * as a rejection: lru-cache keeps no entry for a rejected fetch.
 */
class NotStored {
  constructor(readonly response: CachedResponse) {}
}

export class ResponseCache {
  private readonly entries: LRUCache<string, CachedResponse, () => Promise<CachedResponse>>;
  hits = 0;
  misses = 0;

  constructor(
    /** The state every answer depends on, or undefined when answers must not be cached now. */
    private readonly stateKey: () => Promise<string | undefined>,
    maxEntries = 4096,
    maxBytes = 64 * 1024 * 1024,
  ) {
    this.entries = new LRUCache<string, CachedResponse, () => Promise<CachedResponse>>({
      max: maxEntries,
      maxSize: maxBytes,
      sizeCalculation: (value, key) => key.length + value.body.length,
      fetchMethod: async (_key, _stale, { context }) => {
        const result = await context();
        if (result.uncacheable || result.status !== 200) throw new NotStored(result);
        return result;
      },
      // An entry evicted while it executes still answers the requests waiting for it.
      ignoreFetchAbort: true,
    });
  }

  async run(raw: string, accept: string, compute: () => Promise<CachedResponse>): Promise<CachedResponse & { cache: 'hit' | 'miss' | 'bypass' }> {
    if (raw.length > MAX_KEYED_BODY) return { ...(await compute()), cache: 'bypass' };
    const state = await this.stateKey().catch(() => undefined);
    if (state === undefined) return { ...(await compute()), cache: 'bypass' };
    const status: LRUCache.Status<string, CachedResponse> = {};
    let result: CachedResponse;
    try {
      result = (await this.entries.fetch(`${state}\u0000${accept}\u0000${raw}`, { context: compute, status }))!;
    } catch (err) {
      if (!(err instanceof NotStored)) throw err;
      result = err.response;
    }
    // A request that joined an execution under way shares its answer: a hit, as when it had finished.
    const hit = status.fetch === 'hit' || status.fetch === 'inflight';
    if (hit) this.hits++;
    else this.misses++;
    return { ...result, cache: hit ? 'hit' : 'miss' };
  }
}
