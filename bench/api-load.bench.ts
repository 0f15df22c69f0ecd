// Issue 5: API load test. `npm run bench:api -- [--positions N] [--trades N] [--duration S]`
//
// 1. A private chain and store: embedded Postgres, anvil, the protocol, a short
//    simulator run (real trades), our subgraph indexed by gnd up to the head —
//    so the deployment, its sgdN schema, tables and graph-node's own indexes
//    are real. gnd is then stopped (nothing more to index; it would only
//    compete for the 2 cores).
// 2. The store is scaled up by bulk SQL (generate_series) that copies the shape
//    of the indexed rows: --positions Position rows (current versions,
//    block_range [b,), vid after graph-node's), spread over --traders synthetic
//    trader addresses and the real pools/markets, ids = pool ++ (trader << 96 |
//    nonce) as the contract makes them; --trades immutable Trade rows (block$)
//    over the last 30 days; Account rows for the traders; 30 days of hourly and
//    daily PoolRateCandle rows per pool. Then ANALYZE. 1,000,000 positions
//    through the contracts and gnd is not feasible on this machine (issue 4's
//    bench indexes ~17 events/s with our subgraph); this is the honest
//    substitute, and it is what the figures are for.
// 3. The API as its own process (`api/src/main.ts`, RPC_URL = the anvil, so
//    live PnL reads the feed; it creates its extra indexes, db/indexes.ts, and
//    the bench waits for them), then autocannon on loopback, one scenario at a
//    time: a trader's positions (rotating traders), a market with live PnL,
//    30 days of hourly candles, and the 30-day leaderboard. Twice: as the API
//    runs (whole-response cache on: repeats at the same indexed and chain head
//    are cache hits), and with API_RESPONSE_CACHE=0 (every request executes).
//    The first request of each scenario on a fresh process is its cold time.
// Results: <out>/api-results.json and markdown tables on stdout.
// Development aids: --hold keeps the filled store running (writes
// <out>/store.json), --store FILE measures against such a held store.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { createPublicClient, createTestClient, http } from 'viem';
import { runSimulation } from '../simulator/src/simulator.ts';
import { startChild, waitUntilReady } from '../stack/src/child.ts';
import { ensureDeployment } from '../stack/src/deployment.ts';
import { indexingStatus, startGraphNode, SUBGRAPH_NAME } from '../stack/src/graph-node.ts';
import { startIpfsStub } from '../stack/src/ipfs-stub.ts';
import { bin, repoRoot } from '../stack/src/paths.ts';
import { freePort } from '../stack/src/ports.ts';
import { startEmbeddedPostgres } from '../stack/src/postgres.ts';
import { buildSubgraph } from '../stack/src/subgraph-build.ts';
import { apiScenarios, type Scenario } from './lib/api-scenarios.ts';
import { fillPositions, sampleTraders, syntheticTrader } from './lib/store-fill.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: join(repoRoot, '.data', 'bench', 'api') },
    positions: { type: 'string', default: '1000000' },
    trades: { type: 'string', default: '100000' },
    traders: { type: 'string', default: '20000' },
    'sim-steps': { type: 'string', default: '200' },
    duration: { type: 'string', default: '15' },
    connections: { type: 'string', default: '10' },
    /** A third pass with the response cache on while anvil mines a block every this many ms (0: no such pass). */
    'block-ms': { type: 'string', default: '2000' },
    // Development aids: --hold keeps the filled store (Postgres + anvil) running after the fill and writes
    // <out>/store.json, until SIGINT/SIGTERM; --store FILE runs the API and the load against such a held store.
    hold: { type: 'boolean', default: false },
    store: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(`npm run bench:api -- [options]
  --positions N     Position rows in the store (default 1000000)
  --trades N        Trade rows (default 100000)
  --traders N       synthetic traders the rows belong to (default 20000)
  --sim-steps N     simulator steps before the fill: the real trades gnd indexes (default 200)
  --duration S      seconds of load per query and pass (default 15; 3 s of warm-up before each)
  --connections N   concurrent connections (default 10)
  --block-ms MS     a pass with the response cache on while anvil mines a block every MS (default 2000; 0: no such pass)
  --out DIR         results and logs (default .data/bench/api; emptied first)
  --hold            fill the store, write <out>/store.json and keep Postgres and anvil running until SIGINT/SIGTERM
  --store FILE      measure against a store held by --hold (no fill)`);
  process.exit(0);
}
const out = values.out!;
const log = (l: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${l}`);
rmSync(out, { recursive: true, force: true });
const logDir = join(out, 'logs');
mkdirSync(logDir, { recursive: true });

interface HeldStore {
  pgUrl: string;
  rpcUrl: string;
  schema: string;
  head: number;
  chainTime: number;
  counts: Record<string, number>;
  fill: Awaited<ReturnType<typeof bulkFill>>;
}

class Held extends Error {}

const stops: Array<() => Promise<void>> = [];
try {
  const held: HeldStore = values.store ? (JSON.parse(readFileSync(values.store, 'utf8')) as HeldStore) : await prepareStore();
  const { pgUrl, rpcUrl, schema, head, chainTime, counts, fill } = held;
  if (values.hold) {
    writeFileSync(join(out, 'store.json'), JSON.stringify(held, null, 2) + '\n');
    log(`holding the store (${join(out, 'store.json')}); SIGINT/SIGTERM to stop`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    throw new Held();
  }
  const sql = postgres(pgUrl, { max: 1, onnotice: () => {} });

  const from30d = chainTime - 30 * 86400;
  const scenarios = apiScenarios(fill, chainTime);
  // The API as its own process, twice: as it runs (with its whole-response
  // cache: repeated identical requests at the same indexed and chain head are
  // cache hits), then with API_RESPONSE_CACHE=0 (every request executes; the
  // feed-price, market-row, candle and leaderboard caches still apply).
  const runs: Record<string, { cold: Record<string, number>; results: LoadResult[] }> = {};
  // The cache's answers are keyed by the indexed and the chain head, so on a live chain every new block
  // makes each distinct request execute once more: the middle pass measures that, with anvil mining a
  // block every --block-ms during the load (the live PnL then also reads the feed at each new block).
  const blockMs = Number(values['block-ms']);
  const liveMode = `response cache on, a new chain block every ${blockMs} ms`;
  const modes = ['response cache on', ...(blockMs > 0 ? [liveMode] : []), 'response cache off'];
  for (const mode of modes) {
    const apiPort = await freePort();
    const api = startChild('api', process.execPath, ['--import', 'tsx', join(repoRoot, 'api', 'src', 'main.ts')], {
      logFile: join(logDir, `api-${mode.replace(/ /g, '-')}.log`),
      cwd: repoRoot,
      env: { DATABASE_URL: pgUrl, API_PORT: String(apiPort), API_HOST: '127.0.0.1', RPC_URL: rpcUrl, SUBGRAPH_NAME, API_RESPONSE_CACHE: mode === 'response cache off' ? '0' : '1' },
    });
    try {
      const url = `http://127.0.0.1:${apiPort}/graphql`;
      await waitUntilReady(api, async () => (await fetch(`http://127.0.0.1:${apiPort}/ready`)).ok, { timeoutMs: 60_000, what: '/ready', hint: 'see api.log' });
      // The API creates its indexes (api/src/db/indexes.ts) when it first sees the deployment: wait for them.
      for (let t = 0; ; t++) {
        const [r] = await sql<{ n: number }[]>`select count(*)::int as n from pg_indexes where schemaname = ${schema} and indexname like 'pvp_api_%'`;
        if (r!.n > 0) break;
        if (t > 240) throw new Error('the API did not create its indexes within 120 s (see api.log)');
        await new Promise((res) => setTimeout(res, 500));
      }
      // Every scenario's bodies must answer without errors before they are timed; the first
      // request of each scenario on the fresh process is its cold latency (empty caches).
      const cold: Record<string, number> = {};
      for (const s of scenarios) {
        const t0 = performance.now();
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(s.bodies[0]) });
        const body = (await res.json()) as { errors?: unknown; data?: unknown };
        cold[s.name] = Math.round(performance.now() - t0);
        if (body.errors) throw new Error(`${s.name}: ${JSON.stringify(body.errors)}`);
        log(`${mode}: ${s.name}: first request ${cold[s.name]} ms, sample answer ${JSON.stringify(body.data).slice(0, 120)}…`);
      }
      const results: LoadResult[] = [];
      const chain = createTestClient({ mode: 'anvil', transport: http(rpcUrl) });
      const miner = mode === liveMode ? setInterval(() => void chain.mine({ blocks: 1 }).catch(() => {}), blockMs) : undefined;
      try {
        for (const s of scenarios) {
          await load(url, s, 3); // warm-up
          const r = await load(url, s, Number(values.duration));
          results.push(r);
          log(`${mode}: ${s.name}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, errors ${r.errors}, non-2xx ${r.non2xx}, load average ${r.loadAverage.join(' ')}`);
        }
      } finally {
        if (miner) clearInterval(miner);
      }
      runs[mode] = { cold, results };
    } finally {
      await api.stop('SIGTERM');
    }
  }
  // Plans of the SQL behind the leaderboard and a trader's positions, for the record.
  const explain = {
    // The API's leaderboard SQL (trader.repository.ts) at the indexed head, with its work_mem.
    leaderboard: (await sql.begin(async (tx) => {
      await tx.unsafe(`set local work_mem = '64MB'`);
      return tx.unsafe(`explain (analyze, buffers) select trader, sum(pnl) as realised_pnl, sum(notional) as volume, count(*) as trades,
        count(*) filter (where kind = 'LIQUIDATION') as liquidations, count(*) filter (where kind = 'CLOSE' and pnl > 0) as wins,
        count(*) filter (where kind = 'LIQUIDATION' or (kind = 'CLOSE' and pnl < 0)) as losses
        from "${schema}".trade where "block$" <= ${head} and timestamp >= ${from30d} and timestamp < ${chainTime + 1} group by trader order by realised_pnl desc, trader limit 21`);
    })).map((r) => r['QUERY PLAN']),
    positions: (await sql.unsafe(`explain (analyze, buffers) select * from "${schema}".position where block_range @> 2147483647 and trader = '\\x${fill.sampleTraders[0]!.slice(2).toLowerCase()}' order by id limit 21`)).map((r) => r['QUERY PLAN']),
  };
  await sql.end();
  const summary = {
    date: new Date().toISOString(),
    command: `npm run bench:api -- --positions ${values.positions} --trades ${values.trades} --traders ${values.traders} --duration ${values.duration} --connections ${values.connections} --block-ms ${values['block-ms']}`,
    store: counts,
    fillSeconds: fill.seconds,
    runs,
    explain,
  };
  writeFileSync(join(out, 'api-results.json'), JSON.stringify(summary, null, 2) + '\n');
  console.log(report(summary));
} catch (err) {
  if (!(err instanceof Held)) throw err;
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => {});
}

interface LoadResult {
  name: string;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  goal: Scenario['goal'];
  met: boolean;
  /** os.loadavg() at the end of the run (1, 5, 15 min). */
  loadAverage: string[];
}

async function load(url: string, s: Scenario, seconds: number): Promise<LoadResult> {
  const bodies = s.bodies.map((b) => JSON.stringify(b));
  let i = 0;
  const r = await autocannon({
    url,
    connections: Number(values.connections),
    duration: seconds,
    requests: [{ method: 'POST', headers: { 'content-type': 'application/json' }, setupRequest: (req) => ({ ...req, body: bodies[i++ % bodies.length] }) }],
  });
  const rps = r.requests.average;
  const met = r.latency.p99 <= s.goal.p99Ms && (s.goal.rps === undefined || rps >= s.goal.rps) && r.errors === 0 && r.non2xx === 0;
  return { name: s.name, requests: r.requests.total, rps, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx, goal: s.goal, met, loadAverage: loadavg().map((x) => x.toFixed(1)) };
}

/**
 * Scales the indexed store up with rows shaped like graph-node's own. Synthetic
 * traders are 0xbe… addresses; every row is a current version (block_range
 * [b,) / block$ b with b ≤ the indexed head), vids continue after graph-node's.
 */
async function bulkFill(sql: postgres.Sql, schema: string, o: { head: number; chainTime: number; positions: number; trades: number; traders: number }) {
  const t0 = Date.now();
  const s = `"${schema}"`;
  await sql.unsafe(`set search_path to ${s}, public`);
  const markets = await sql.unsafe(`select id, pool from market where upper_inf(block_range) order by id`);
  const pools = await sql.unsafe(`select id from pool where upper_inf(block_range) order by id`);
  await sql.unsafe(`create temp table bench_market as select row_number() over (order by id) - 1 as i, id, pool from market where upper_inf(block_range)`);
  const nm = markets.length;
  log(`fill: ${o.traders} accounts`);
  await sql.unsafe(`
    insert into account (vid, block_range, id, cumulative_volume, cumulative_realised_pnl, cumulative_fees, cumulative_referral_rebates_earned, trade_count, position_count, win_count, loss_count, liquidation_count, first_seen_timestamp)
    select (select coalesce(max(vid), 0) from account) + g, int4range(1 + g % ${o.head}, null), ${syntheticTrader('g')},
      (g % 997) * 1e20, ((g % 401) - 200) * 1e18, (g % 97) * 1e17, 0, 5 + g % 50, 50, g % 20, g % 15, g % 3, ${o.chainTime - 30 * 86400} + g % (30 * 86400)
    from generate_series(1, ${o.traders}) g`);
  log(`fill: ${o.positions} positions`);
  await fillPositions(sql, schema, o.positions, o);
  log(`fill: ${o.trades} trades`);
  await sql.unsafe(`
    insert into trade (vid, block$, id, kind, pool, market, position, trader, is_long, margin, notional, size, price, pnl, funding, payout, remaining_margin, keeper, keeper_reward, block_number, timestamp, transaction_hash)
    select (select coalesce(max(vid), 0) from trade) + g, 1 + g % ${o.head},
      decode('be' || lpad(to_hex(g), 62, '0') || '00000001', 'hex'),
      (case when g % 10 < 5 then 'OPEN' when g % 10 = 5 then 'LIQUIDATION' else 'CLOSE' end)::${s}."trade_kind",
      m.pool, m.id, m.pool || decode('be' || lpad(to_hex(g % ${o.traders} + 1), 38, '0') || lpad(to_hex(g), 24, '0'), 'hex'),
      ${syntheticTrader(`g % ${o.traders} + 1`)}, g % 2 = 0, (5 + g % 45) * 1e18, (10 + g % 900) * 1e18, (g % 1000 + 1) * 1e14, (1000 + g % 90000) * 1e18,
      (case when g % 10 < 5 then 0 else ((g % 201) - 100) * 1e17 end), 0, 0, 0, null, null,
      1 + g % ${o.head}, ${o.chainTime - 30 * 86400} + (g * 7919) % (30 * 86400), decode('be' || lpad(to_hex(g), 62, '0'), 'hex')
    from generate_series(1, ${o.trades}) g join bench_market m on m.i = g % ${nm}`);
  log('fill: 30 days of hourly and daily candles per pool');
  for (const [table, step] of [['pool_rate_candle_hour', 3600], ['pool_rate_candle_day', 86400]] as const) {
    const first = Math.floor((o.chainTime - 30 * 86400) / step) * step;
    await sql.unsafe(`
      insert into ${table} (vid, block$, id, timestamp, pool, open, high, low, close, floating_pnl, z_token_supply, settlement_balance, changes)
      select (select coalesce(max(vid), 0) from ${table}) + row_number() over (), 1,
        (select coalesce(max(id), 0) from ${table}) + row_number() over (),
        to_timestamp(t), p.id, 1 + (t % 97) / 1e4, 1.01 + (t % 97) / 1e4, 0.99 + (t % 97) / 1e4, 1 + (t % 89) / 1e4, 0, 500000, 500000, 10
      from generate_series(${first}, ${o.chainTime - 2 * step}, ${step}) t cross join (select id from pool where upper_inf(block_range)) p
      where not exists (select 1 from ${table} c where c.pool = p.id and c.timestamp = to_timestamp(t))`);
  }
  log('fill: ANALYZE');
  await sql.unsafe('analyze');
  await sql.unsafe('reset search_path');
  const hex = (b: Buffer) => `0x${b.toString('hex')}`;
  return {
    seconds: (Date.now() - t0) / 1000,
    markets: markets.map((m) => hex(m.id as Buffer)),
    pools: pools.map((p) => hex(p.id as Buffer)),
    sampleTraders: sampleTraders(200),
  };
}

function report(s: { date: string; command: string; store: Record<string, number>; runs: Record<string, { cold: Record<string, number>; results: LoadResult[] }> }): string {
  return [
    `## API load (${s.date})`,
    '',
    `\`${s.command}\` — store: ${Object.entries(s.store).map(([t, n]) => `${t} ${n}`).join(', ')}`,
    ...Object.entries(s.runs).flatMap(([mode, run]) => [
      '',
      `### ${mode}`,
      '',
      '| query | req/s | p50 ms | p99 ms | first request ms | errors | load avg | goal | met |',
      '| --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |',
      ...run.results.map((r) => `| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${run.cold[r.name]} | ${r.errors + r.non2xx} | ${r.loadAverage.join(' ')} | p99 ≤ ${r.goal.p99Ms} ms${r.goal.rps ? `, ≥ ${r.goal.rps} req/s` : ''} | ${r.met ? 'met' : 'missed'} |`),
    ]),
  ].join('\n');
}

async function prepareStore(): Promise<HeldStore> {
  const pg = await startEmbeddedPostgres(out, await freePort(), logDir);
  stops.push(pg.stop);
  const anvilPort = await freePort();
  const anvil = startChild('anvil', bin('anvil'), ['--host', '127.0.0.1', '--port', String(anvilPort), '--chain-id', '31337', '--silent'], { logFile: join(logDir, 'anvil.log') });
  stops.push(() => anvil.stop('SIGTERM'));
  const rpcUrl = `http://127.0.0.1:${anvilPort}`;
  const client = createPublicClient({ transport: http(rpcUrl) });
  await waitUntilReady(anvil, async () => (await client.getChainId()) === 31337, { timeoutMs: 30_000, what: 'JSON-RPC', hint: 'see the anvil log' });
  const dep = await ensureDeployment({ rpcUrl, dataDir: out, log });
  log(`sim: ${values['sim-steps']} steps`);
  await runSimulation({ rpcUrl, deployment: dep.local!, seed: 11, steps: Number(values['sim-steps']), paceMs: 0 });
  const head = Number(await client.getBlockNumber());
  const chainTime = Number((await client.getBlock()).timestamp);

  const identity = `${dep.chainId}:${(await client.getBlock({ blockNumber: BigInt(dep.startBlock) })).hash}`;
  const built = await buildSubgraph({ network: 'anvil', factoryAddress: dep.factory, startBlock: dep.startBlock }, identity, log);
  const ipfs = await startIpfsStub(await freePort());
  const ports = { http: await freePort(), admin: await freePort(), indexNode: await freePort(), metrics: await freePort() };
  const gnd = await startGraphNode({ manifest: built.manifest, network: 'anvil', rpcUrl, postgresUrl: pg.url, ipfs: ipfs.url, ports, logDir });
  const indexNode = `http://127.0.0.1:${ports.indexNode}/graphql`;
  for (;;) {
    const s = await indexingStatus(indexNode).catch(() => null);
    if (s?.health === 'failed') throw new Error(`subgraph failed: ${s.fatalError}`);
    if ((s?.latestBlock ?? -1) >= head) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  log(`gnd: indexed to head ${head}; stopping it`);
  await gnd.child.stop('SIGINT', 15_000);
  await ipfs.close();

  const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
  const schema = (await sql<{ name: string }[]>`select name from public.deployment_schemas order by id desc limit 1`)[0]!.name;
  const fill = await bulkFill(sql, schema, { head, chainTime, positions: Number(values.positions), trades: Number(values.trades), traders: Number(values.traders) });
  const counts = Object.fromEntries(
    await Promise.all(['position', 'trade', 'account', 'pool_rate_candle_hour'].map(async (t) => [t, Number((await sql.unsafe(`select count(*) as n from "${schema}"."${t}"`))[0]!.n)] as const)),
  );
  log(`store: ${JSON.stringify(counts)}`);

  await sql.end();
  return { pgUrl: pg.url, rpcUrl, schema, head, chainTime, counts, fill };
}
