// Issue 4: indexing benchmark. `npm run bench:indexing -- [--events N]`
//
// 1. a private anvil (free port, mining only on transactions, no state file
//    while generating; its state is dumped to <out>/anvil-state.json on stop);
// 2. the protocol deployed as `npm start` deploys it, then a chain history of
//    at least --events events of the indexed data sources (bench/lib/history.ts:
//    simulator warm-up, then dense blocks of real price posts, opens, closes
//    and deposits);
// 3. the same history indexed twice from scratch, one after the other, each
//    with its own fresh embedded Postgres and gnd: our subgraph (subgraph/),
//    then the minimal subgraph (bench/minimal-subgraph/, one immutable row per
//    event) — the ceiling of graph-node on this machine;
// 4. per run: events/s from gnd's start to the head block committed (index-node
//    status), mapping time per handler (metric deployment_handler_execution_time),
//    gas per handler (graph-node's "Done processing trigger" debug line, the
//    only place it reports gas per handler; enabled for just that module with
//    GRAPH_LOG=info,graph_runtime_wasm::host=debug in both runs), and entity
//    rows written per event (rows of every table of the deployment's sgdN schema).
// Results: <out>/indexing-results.json and a markdown table on stdout.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import postgres from 'postgres';
import { createPublicClient, http } from 'viem';
import { startChild, waitUntilReady } from '../stack/src/child.ts';
import { ensureDeployment, toJson } from '../stack/src/deployment.ts';
import { indexingStatus, libBacktraceSetting, startGraphNode } from '../stack/src/graph-node.ts';
import { startIpfsStub } from '../stack/src/ipfs-stub.ts';
import { bin, repoRoot } from '../stack/src/paths.ts';
import { freePort } from '../stack/src/ports.ts';
import { startEmbeddedPostgres } from '../stack/src/postgres.ts';
import { buildSubgraph, renderManifest, type NetworkConfig } from '../stack/src/subgraph-build.ts';
import { generateHistory } from './lib/history.ts';

const run = promisify(execFile);
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    out: { type: 'string', default: join(repoRoot, '.data', 'bench', 'indexing') },
    seed: { type: 'string', default: '7' },
    'warmup-steps': { type: 'string', default: '300' },
    'opens-per-trader': { type: 'string', default: '4' },
    /** Stop a run after this many seconds and measure what it committed by then (0: run to the head). */
    'max-seconds': { type: 'string', default: '0' },
  },
});
const out = values.out!;
const log = (l: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${l}`);
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'logs'), { recursive: true });

// graph-node's per-handler gas is only in this debug line; keep everything else at info.
process.env.GRAPH_LOG = 'info,graph_runtime_wasm::host=debug';
// gnd inherits these. graph-node 0.45 builds an anyhow error on every host read of wasm memory
// (AscHeap::read in runtime/wasm/src/module/mod.rs: an eager `ok_or(anyhow!(..))`), and with
// RUST_BACKTRACE=1 (set on these machines) each of those captures a stack backtrace: host calls then
// cost in proportion to the fields and arguments they read. Recorded with the results.
// What gnd actually ran with: startGraphNode turns library backtraces off unless told otherwise.
const backtraceEnv = { RUST_BACKTRACE: process.env.RUST_BACKTRACE ?? null, RUST_LIB_BACKTRACE: libBacktraceSetting() };

const anvilPort = await freePort();
const anvil = startChild(
  'anvil',
  bin('anvil'),
  ['--host', '127.0.0.1', '--port', String(anvilPort), '--chain-id', '31337', '--silent', '--gas-limit', '300000000', '--dump-state', join(out, 'anvil-state.json')],
  { logFile: join(out, 'logs', 'anvil.log') },
);
const rpcUrl = `http://127.0.0.1:${anvilPort}`;
const client = createPublicClient({ transport: http(rpcUrl), pollingInterval: 50 });
await waitUntilReady(anvil, async () => (await client.getChainId()) === 31337, { timeoutMs: 30_000, what: 'JSON-RPC', hint: 'see the anvil log' });

try {
  const dep = await ensureDeployment({ rpcUrl, dataDir: out, log });
  const t0 = Date.now();
  const history = await generateHistory({
    rpcUrl,
    client: client as never,
    deployment: dep.local!,
    targetEvents: Number(values.events),
    seed: Number(values.seed),
    warmupSteps: Number(values['warmup-steps']),
    opensPerTrader: Number(values['opens-per-trader']),
    log,
  });
  const generationSeconds = (Date.now() - t0) / 1000;
  log(`history: ${history.events} events in blocks ${history.startBlock}..${history.headBlock}, generated in ${generationSeconds.toFixed(0)} s: ${JSON.stringify(history.eventsByName)}`);

  const config: NetworkConfig = { network: 'anvil', factoryAddress: dep.factory, startBlock: dep.startBlock };
  const identity = `${dep.chainId}:${(await client.getBlock({ blockNumber: BigInt(dep.startBlock) })).hash}`;
  log('build: our subgraph');
  const ours = await buildSubgraph(config, identity, log);
  log('build: minimal subgraph');
  const minimal = await buildMinimal(config);

  const results = [];
  for (const [name, manifest] of [['subgraph', ours.manifest], ['minimal', minimal]] as const) {
    results.push(await indexOnce(name, manifest, history.headBlock, Number(values['max-seconds'])));
  }
  const [a, b] = results as [RunResult, RunResult];
  const summary = {
    date: new Date().toISOString(),
    env: { ...backtraceEnv, loadAverage: loadavg().map((x) => Number(x.toFixed(2))) },
    command: `npm run bench:indexing -- --events ${values.events} --seed ${values.seed} --warmup-steps ${values['warmup-steps']} --opens-per-trader ${values['opens-per-trader']} --max-seconds ${values['max-seconds']}`,
    history: { ...history, generationSeconds: Math.round(generationSeconds), warmup: JSON.parse(toJson(history.warmup)) },
    runs: results,
    oursOfCeiling: a.eventsPerSecond / b.eventsPerSecond,
  };
  writeFileSync(join(out, 'indexing-results.json'), JSON.stringify(summary, null, 2) + '\n');
  console.log(report(summary));
} finally {
  await anvil.stop('SIGTERM', 180_000);
}

interface RunResult {
  name: string;
  events: number;
  blocks: number;
  secondsFromStart: number;
  secondsFromDeployed: number;
  eventsPerSecond: number;
  eventsPerSecondAfterDeploy: number;
  rowsByTable: Record<string, number>;
  rows: number;
  rowsPerEvent: number;
  handlers: Record<string, { count: number; meanMs: number; meanGas: number | null; maxGas: number | null }>;
  totalGas: number | null;
}

/** Events of the indexed data sources in blocks ≤ `block` (what a run committed). */
async function countEventsUpTo(block: number): Promise<number> {
  const dep = JSON.parse(readFileSync(join(out, 'deployment.json'), 'utf8')) as { local: { factory: `0x${string}`; priceFeed: `0x${string}`; pools: { pool: `0x${string}` }[] } };
  const address = [dep.local.factory, dep.local.priceFeed, ...dep.local.pools.map((p) => p.pool)];
  let n = 0;
  for (let a = 0; a <= block; a += 50) n += (await client.getLogs({ address, fromBlock: BigInt(a), toBlock: BigInt(Math.min(block, a + 49)) })).length;
  return n;
}

async function buildMinimal(config: NetworkConfig): Promise<string> {
  const dir = join(repoRoot, 'bench', 'minimal-subgraph');
  const manifest = renderManifest(config)
    .replace(/file: .*\/schema\.graphql/, `file: ${join(dir, 'schema.graphql')}`)
    .replace(/file: .*\/subgraph\/src\/mappings\/\S+\.ts/g, `file: ${join(dir, 'src', 'mapping.ts')}`)
    .replace(/entities: \[[^\]]*\]/g, 'entities: [Event]');
  const file = join(dir, 'subgraph.yaml');
  writeFileSync(file, manifest);
  await run(bin('graph'), ['codegen', file, '--output-dir', join(dir, 'generated')], { cwd: dir });
  await run(bin('graph'), ['build', file, '--output-dir', join(dir, 'build')], { cwd: dir });
  return file;
}

async function indexOnce(name: string, manifest: string, head: number, maxSeconds: number): Promise<RunResult> {
  const dataDir = join(out, `run-${name}`);
  const logDir = join(dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const pg = await startEmbeddedPostgres(dataDir, await freePort(), logDir);
  const ipfs = await startIpfsStub(await freePort());
  const ports = { http: await freePort(), admin: await freePort(), indexNode: await freePort(), metrics: await freePort() };
  try {
    log(`index ${name}: gnd starting, chain head ${head}`);
    const tStart = Date.now();
    const gnd = await startGraphNode({ manifest, network: 'anvil', rpcUrl, postgresUrl: pg.url, ipfs: ipfs.url, ports, logDir });
    const tDeployed = Date.now();
    const indexNode = `http://127.0.0.1:${ports.indexNode}/graphql`;
    let last = -1;
    let lastLog = Date.now();
    for (;;) {
      const s = await indexingStatus(indexNode).catch(() => null);
      if (s?.health === 'failed') throw new Error(`${name}: subgraph failed: ${s.fatalError}`);
      if (s?.latestBlock != null) last = s.latestBlock;
      if (last >= head) break;
      if (maxSeconds && Date.now() - tStart > maxSeconds * 1000 && last > 0) {
        log(`index ${name}: stopped after ${maxSeconds} s at block ${last} of ${head}`);
        break;
      }
      if (Date.now() - lastLog > 15_000) {
        log(`index ${name}: block ${last} of ${head}`);
        lastLog = Date.now();
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const tDone = Date.now();
    const metrics = await (await fetch(`http://127.0.0.1:${ports.metrics}/metrics`)).text();
    writeFileSync(join(dataDir, 'metrics.txt'), metrics);
    const events = await countEventsUpTo(last);
    const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
    const rowsByTable: Record<string, number> = {};
    try {
      const schema = (await sql<{ name: string }[]>`select name from public.deployment_schemas order by id desc limit 1`)[0]!.name;
      const tables = await sql<{ table_name: string }[]>`select table_name from information_schema.tables where table_schema = ${schema} and table_name not in ('poi2$', 'data_sources$') order by 1`;
      for (const { table_name } of tables) {
        const [row] = await sql<{ n: string }[]>`select count(*)::text as n from ${sql(schema)}.${sql(table_name)}`;
        rowsByTable[table_name] = Number(row!.n);
      }
    } finally {
      await sql.end();
    }
    await gnd.child.stop('SIGINT', 15_000);
    const handlers = handlerStats(metrics, readFileSync(join(logDir, 'graph-node.log'), 'utf8'));
    const rows = Object.values(rowsByTable).reduce((x, y) => x + y, 0);
    const gasTotal = [...metrics.matchAll(/^deployment_gas\{[^}]*\}\s+([0-9.e+]+)$/gm)].reduce((x, m) => x + Number(m[1]), 0);
    const r: RunResult = {
      name,
      events,
      blocks: last,
      secondsFromStart: (tDone - tStart) / 1000,
      secondsFromDeployed: (tDone - tDeployed) / 1000,
      eventsPerSecond: events / ((tDone - tStart) / 1000),
      eventsPerSecondAfterDeploy: events / ((tDone - tDeployed) / 1000),
      rowsByTable,
      rows,
      rowsPerEvent: rows / events,
      handlers,
      totalGas: gasTotal || null,
    };
    log(`index ${name}: block ${last} of ${head} committed after ${r.secondsFromStart.toFixed(1)} s → ${r.eventsPerSecond.toFixed(0)} events/s; ${rows} rows (${r.rowsPerEvent.toFixed(2)} per event)`);
    return r;
  } finally {
    await ipfs.close();
    await pg.stop();
  }
}

function handlerStats(metrics: string, graphNodeLog: string): RunResult['handlers'] {
  const out: RunResult['handlers'] = {};
  for (const m of metrics.matchAll(/^deployment_handler_execution_time_(sum|count)\{([^}]*)\}\s+([0-9.e+-]+)$/gm)) {
    const handler = /handler="([^"]+)"/.exec(m[2]!)?.[1];
    if (!handler) continue;
    const h = (out[handler] ??= { count: 0, meanMs: 0, meanGas: null, maxGas: null });
    if (m[1] === 'count') h.count = Number(m[3]);
    else h.meanMs = Number(m[3]); // sum in seconds for now
  }
  for (const h of Object.values(out)) h.meanMs = h.count ? (h.meanMs * 1000) / h.count : 0;
  const gas: Record<string, { n: number; sum: number; max: number }> = {};
  for (const line of graphNodeLog.split('\n')) {
    if (!line.includes('Done processing trigger')) continue;
    const handler = /handler: (\w+)/.exec(line)?.[1];
    const used = /gas_used: (\d+)/.exec(line)?.[1];
    if (!handler || !used) continue;
    const g = (gas[handler] ??= { n: 0, sum: 0, max: 0 });
    g.n++;
    g.sum += Number(used);
    g.max = Math.max(g.max, Number(used));
  }
  for (const [handler, g] of Object.entries(gas)) {
    const h = (out[handler] ??= { count: g.n, meanMs: 0, meanGas: null, maxGas: null });
    h.meanGas = g.sum / g.n;
    h.maxGas = g.max;
  }
  return out;
}

function report(s: { date: string; env: { RUST_BACKTRACE: string | null; RUST_LIB_BACKTRACE: string; loadAverage: number[] }; command: string; history: { events: number; headBlock: number; generationSeconds: number; eventsByName: Record<string, number> }; runs: RunResult[]; oursOfCeiling: number }): string {
  const [a, b] = s.runs as [RunResult, RunResult];
  const lines = [
    `## Indexing (${s.date})`,
    '',
    `\`${s.command}\` — ${s.history.events} events, ${s.history.headBlock} blocks, generated in ${s.history.generationSeconds} s`,
    '',
    `gnd environment: RUST_BACKTRACE=${s.env.RUST_BACKTRACE ?? '(unset)'}, RUST_LIB_BACKTRACE=${s.env.RUST_LIB_BACKTRACE}; load average at the end ${s.env.loadAverage.join(' / ')}`,
    '',
    '| subgraph | events committed | blocks committed | seconds (gnd start → block committed) | events/s | rows written | rows/event |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...s.runs.map((r) => `| ${r.name} | ${r.events} | ${r.blocks} | ${r.secondsFromStart.toFixed(1)} | ${r.eventsPerSecond.toFixed(0)} | ${r.rows} | ${r.rowsPerEvent.toFixed(2)} |`),
    '',
    `ours / ceiling: ${(s.oursOfCeiling * 100).toFixed(1)} % (goal ≥ 60 %: ${s.oursOfCeiling >= 0.6 ? 'met' : 'missed'})`,
    '',
    '| handler | events | ours: mean gas | ours: max gas | ours: mean ms | minimal: mean gas | minimal: mean ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...Object.keys(a.handlers)
      .sort()
      .map((h) => {
        const x = a.handlers[h]!;
        const y = b.handlers[h];
        return `| ${h} | ${x.count} | ${x.meanGas?.toFixed(0) ?? '–'} | ${x.maxGas ?? '–'} | ${x.meanMs.toFixed(3)} | ${y?.meanGas?.toFixed(0) ?? '–'} | ${y?.meanMs.toFixed(3) ?? '–'} |`;
      }),
    '',
    'rows per table (ours): ' + Object.entries(a.rowsByTable).map(([t, n]) => `${t} ${n}`).join(', '),
  ];
  return lines.join('\n');
}


