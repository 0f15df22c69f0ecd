// The API's two in-process caches on their own: CPU time per operation of
// ResponseCache (whole answers) and ResultCache (candles, leaderboards, market
// rows), for the paths a request takes — a hit, a miss that stores, a miss
// under eviction, concurrent requests joining one computation. CPU time
// (process.cpuUsage) rather than wall time, so that figures taken while
// other work shares the cores stay comparable; the median of --rounds rounds.
//
//   npx tsx bench/api-caches.bench.ts [--impl DIR] [--ops N] [--rounds N]
//
// --impl DIR: a folder holding another result-cache.ts and response-cache.ts
// with the same exports (e.g. an older revision: `git show REV:api/src/cache/result-cache.ts`),
// to compare against the current ones (api/src/cache). Results: a markdown
// table on stdout (bench/api-caches.md keeps the figures).
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { repoRoot } from '../stack/src/paths.ts';

const { values } = parseArgs({
  options: {
    impl: { type: 'string', default: join(repoRoot, 'api', 'src', 'cache') },
    ops: { type: 'string', default: '200000' },
    rounds: { type: 'string', default: '7' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('npx tsx bench/api-caches.bench.ts [--impl DIR (default api/src/cache)] [--ops N (200000)] [--rounds N (7)]');
  process.exit(0);
}

interface CachedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  uncacheable?: boolean;
}
interface ResponseCacheLike {
  run(raw: string, accept: string, compute: () => Promise<CachedResponse>): Promise<CachedResponse & { cache: string }>;
}
interface ResultCacheLike<V> {
  get(key: string, compute: () => Promise<V>): Promise<V>;
}

const dir = resolve(values.impl!);
const { ResponseCache } = (await import(pathToFileURL(join(dir, 'response-cache.ts')).href)) as { ResponseCache: new (state: () => Promise<string | undefined>, maxEntries?: number, maxBytes?: number) => ResponseCacheLike };
const { ResultCache } = (await import(pathToFileURL(join(dir, 'result-cache.ts')).href)) as { ResultCache: new <V>(max?: number) => ResultCacheLike<V> };

const ops = Number(values.ops);
const rounds = Number(values.rounds);

// A request body and answer of the size the load bench sends and gets (a trader's positions, 20 nodes).
const query = JSON.stringify({
  query: 'query($t: String!) { positions(trader: $t, first: 20) { nodes { id status isLong leverage entryPrice margin notional size unrealisedPnl } pageInfo { endCursor hasNextPage } } }',
  variables: { t: '0xbe00000000000000000000000000000000000001' },
});
const body = JSON.stringify({ data: { positions: { nodes: Array.from({ length: 20 }, (_, i) => ({ id: `0x${'ab'.repeat(52)}`, status: 'OPEN', isLong: i % 2 === 0, leverage: 10, entryPrice: '10000.5', margin: '100', notional: '1000', size: '0.1', unrealisedPnl: '-1.25' })), pageInfo: { endCursor: null, hasNextPage: false } } } });
const answer: CachedResponse = { status: 200, headers: { 'content-type': 'application/json' }, body };
const state = async () => 'sgd1|1234|1240';

/** CPU µs per operation of `run(n)` (which performs n operations), median over the rounds. */
async function measure(run: (n: number) => Promise<void>): Promise<number> {
  await run(Math.min(ops, 20_000)); // warm-up: JIT, caches filled
  const perOp: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = process.cpuUsage();
    await run(ops);
    const d = process.cpuUsage(t0);
    perOp.push((d.user + d.system) / ops);
  }
  perOp.sort((a, b) => a - b);
  return perOp[Math.floor(perOp.length / 2)]!;
}

const scenarios: Array<{ name: string; run: (n: number) => Promise<void> }> = [
  {
    name: 'ResponseCache: hit (same request, same state)',
    run: async (n) => {
      const c = new ResponseCache(state);
      await c.run(query, 'application/json', async () => answer);
      for (let i = 0; i < n; i++) await c.run(query, 'application/json', async () => answer);
    },
  },
  {
    name: 'ResponseCache: hits over 200 requests in rotation',
    run: async (n) => {
      const c = new ResponseCache(state);
      const bodies = Array.from({ length: 200 }, (_, i) => query.replace('0001', String(1000 + i)));
      for (let i = 0; i < n; i++) await c.run(bodies[i % 200]!, 'application/json', async () => answer);
    },
  },
  {
    name: 'ResponseCache: miss and store, evicting (4096 entries)',
    run: async (n) => {
      const c = new ResponseCache(state);
      for (let i = 0; i < n; i++) await c.run(`${query}${i}`, 'application/json', async () => answer);
    },
  },
  {
    name: 'ResponseCache: 10 concurrent identical requests, one execution',
    run: async (n) => {
      const c = new ResponseCache(state);
      for (let i = 0; i < n; i += 10) {
        const key = `${query}${i}`;
        await Promise.all(Array.from({ length: 10 }, () => c.run(key, 'application/json', async () => answer)));
      }
    },
  },
  {
    name: 'ResultCache: hit',
    run: async (n) => {
      const c = new ResultCache<object>(256);
      const v = { row: 1 };
      for (let i = 0; i < n; i++) await c.get(`sgd1|1234|market${i % 16}`, async () => v);
    },
  },
  {
    name: 'ResultCache: miss and store, evicting (64 entries)',
    run: async (n) => {
      const c = new ResultCache<object>(64);
      const v = { row: 1 };
      for (let i = 0; i < n; i++) await c.get(`sgd1|${i}|market`, async () => v);
    },
  },
];

const rows: string[] = [];
for (const s of scenarios) {
  const us = await measure(s.run);
  rows.push(`| ${s.name} | ${us.toFixed(2)} | ${Math.round(1e6 / us).toLocaleString('en-US')} |`);
  console.error(`${s.name}: ${us.toFixed(2)} µs CPU per operation`);
}
console.log(
  [
    `## Caches: ${values.impl === join(repoRoot, 'api', 'src', 'cache') ? 'api/src/cache' : dir} (${new Date().toISOString()})`,
    '',
    `\`npx tsx bench/api-caches.bench.ts --ops ${ops} --rounds ${rounds}\` on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, load average at the end ${loadavg().map((x) => x.toFixed(1)).join(' ')}`,
    '',
    '| operation | CPU µs per operation (median) | operations per CPU second |',
    '| --- | ---: | ---: |',
    ...rows,
  ].join('\n'),
);
