// A small in-process result cache: bounded (least recently used out), with
// in-flight de-duplication (concurrent requests for one key share one
// computation) and no caching of failures. Keys must identify the answer
// completely, e.g. include the deployment schema and the indexed block.
export class ResultCache<V> {
  private readonly entries = new Map<string, Promise<V>>();
  hits = 0;
  misses = 0;

  constructor(private readonly maxEntries = 64) {}

  get(key: string, compute: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit) {
      this.hits++;
      // Refresh recency: Map iteration order is insertion order.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    this.misses++;
    const value = compute();
    this.entries.set(key, value);
    value.catch(() => {
      if (this.entries.get(key) === value) this.entries.delete(key);
    });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
