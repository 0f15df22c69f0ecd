// Whole-response cache for POST /graphql. Everything an answer depends on is
// in its key: the request body (query, variables, operation name) and Accept
// header, the deployment schema, the indexed head (HeadCache, ≤ 100 ms old)
// and the chain head the live prices are read at (PriceFeedReader's shared
// poll). When the indexed or chain head moves, keys change and old entries
// age out (bounded by count and bytes, least recently used first).
// Not cached: answers with errors, non-200 statuses, answers a resolver
// marked `ctx.answer.noStore` (indexingStatus: it reports the heads and the RPC
// health as they are now), requests while the RPC is degraded. Concurrent
// identical requests share one execution.
export interface CachedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Not to be stored (errors, streaming). */
  uncacheable?: boolean;
}

export class ResponseCache {
  private readonly entries = new Map<string, { value: Promise<CachedResponse>; bytes: number }>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(
    /** The state every answer depends on, or undefined when answers must not be cached now. */
    private readonly stateKey: () => Promise<string | undefined>,
    private readonly maxEntries = 4096,
    private readonly maxBytes = 64 * 1024 * 1024,
  ) {}

  async run(raw: string, accept: string, compute: () => Promise<CachedResponse>): Promise<CachedResponse & { cache: 'hit' | 'miss' | 'bypass' }> {
    if (raw.length > 64 * 1024) return { ...(await compute()), cache: 'bypass' };
    const state = await this.stateKey().catch(() => undefined);
    if (state === undefined) return { ...(await compute()), cache: 'bypass' };
    const key = `${state}\u0000${accept}\u0000${raw}`;
    const hit = this.entries.get(key);
    if (hit) {
      this.hits++;
      this.entries.delete(key);
      this.entries.set(key, hit);
      return { ...(await hit.value), cache: 'hit' };
    }
    this.misses++;
    const entry = { value: compute(), bytes: key.length };
    this.entries.set(key, entry);
    let result: CachedResponse;
    try {
      result = await entry.value;
    } catch (err) {
      this.drop(key, entry);
      throw err;
    }
    if (result.uncacheable || result.status !== 200) this.drop(key, entry);
    else if (this.entries.get(key) === entry) {
      entry.bytes += result.body.length;
      this.bytes += entry.bytes;
      this.evict();
    }
    return { ...result, cache: 'miss' };
  }

  private drop(key: string, entry: { bytes: number }) {
    if (this.entries.get(key) === entry) this.entries.delete(key);
  }

  private evict() {
    for (const [k, e] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= e.bytes;
    }
  }
}
