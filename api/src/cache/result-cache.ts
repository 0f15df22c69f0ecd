// A small in-process result cache on lru-cache: bounded (least recently used
// out), with in-flight de-duplication (concurrent requests for one key share
// one computation: lru-cache's fetch) and no caching of failures (a rejected
// fetch leaves no entry). Keys must identify the answer completely, e.g.
// include the deployment schema and the indexed block.
import { LRUCache } from 'lru-cache';

/** lru-cache stores no undefined: values travel boxed, so "no such row" is cached like any answer. */
interface Box<V> {
  value: V;
}

export class ResultCache<V> {
  private readonly entries: LRUCache<string, Box<V>, () => Promise<V>>;

  constructor(maxEntries = 64) {
    this.entries = new LRUCache<string, Box<V>, () => Promise<V>>({
      max: maxEntries,
      fetchMethod: async (_key, _stale, { context }) => ({ value: await context() }),
      // An entry evicted while its computation runs still answers the requests waiting for it.
      ignoreFetchAbort: true,
    });
  }

  async get(key: string, compute: () => Promise<V>): Promise<V> {
    return (await this.entries.fetch(key, { context: compute }))!.value;
  }
}
