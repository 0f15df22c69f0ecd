// Issue 4: indexing benchmark. `npm run bench:indexing -- [--events N]`
//
// 1. a private anvil (free port, mining only on transactions, no state file
//    while generating; its state is dumped to <out>/anvil-state.json on stop,
//    and <out>/history.json describes the history, so `--history <out>` can
//    index the same chain again later);
// 2. the protocol deployed as `npm start` deploys it, then a chain history of
//    at least --events events of the indexed data sources (bench/lib/history.ts:
//    simulator warm-up, then dense blocks of real price posts, opens, closes
//    and deposits);
// 3. the same history indexed from scratch by each of --runs, one after the
//    other, each with its own fresh embedded Postgres and gnd: our subgraph
//    (subgraph/), the floor subgraph (bench/floor-subgraph/, the least state
//    issue 4 needs) and the minimal subgraph (bench/minimal-subgraph/, one
//    immutable row per event) — the ceiling of graph-node on this machine;
// 4. per run: events/s from gnd's start to the head block committed (index-node
//    status), mapping time per handler (metric deployment_handler_execution_time),
//    gas per handler (graph-node's "Done processing trigger" debug line, the
//    only place it reports gas per handler; enabled for just that module with
//    GRAPH_LOG=info,graph_runtime_wasm::host=debug in every run unless
//    --handler-gas off), and entity rows written per event (rows of every
//    table of the deployment's sgdN schema);
// 5. with --prefill-positions N (issue 8's scaling), our run is paused once its
//    markets exist, N synthetic positions are added to its store, and the last
//    quarter of the history is timed after the resume.
// Results: <out>/indexing-results.json and a markdown table on stdout.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
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
import { buildSubgraph, type NetworkConfig } from '../stack/src/subgraph-build.ts';
import { buildComparison } from './lib/comparison-subgraphs.ts';
import { generateHistory, type HistoryStats } from './lib/history.ts';
import { fillPositions } from './lib/store-fill.ts';

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
    /** Index the chain history a previous run left in this directory (its anvil-state.json, deployment.json, history.json) instead of generating one: the same history for several runs, e.g. to compare subgraph changes. */
    history: { type: 'string' },
    /** Which subgraphs to index, comma-separated: subgraph (ours), floor (bench/floor-subgraph: the least state issue 4 needs), minimal (the ceiling); the ratio needs subgraph and minimal. 'none': only make the history. */
    runs: { type: 'string', default: 'subgraph,floor,minimal' },
    /** 'off': no per-trigger debug line, so no gas per handler, but throughput as in production logging (the line costs every trigger a write to the log). */
    'handler-gas': { type: 'string', default: 'on' },
    /**
     * Scaling (issue 8): before our subgraph indexes the history, pause it once its markets exist,
     * add this many synthetic Position rows to its store (bench/lib/store-fill.ts), resume, and
     * time the last quarter of the history's blocks. 0: no fill.
     */
    'prefill-positions': { type: 'string', default: '0' },
  },
});
const out = values.out!;
const historyDir = values.history;
if (historyDir && resolve(historyDir) === resolve(out)) throw new Error('--history must name another directory than --out (the output directory is emptied first)');
if (historyDir && !existsSync(join(historyDir, 'history.json'))) throw new Error(`--history ${historyDir}: no history.json there; run the bench once with --out ${historyDir} to make one`);
// 'none': only make the chain history (for later --history runs).
const runNames = (values.runs === 'none' ? [] : values.runs!.split(',').map((r) => r.trim())) as ('subgraph' | 'floor' | 'minimal')[];
for (const r of runNames) if (!['subgraph', 'floor', 'minimal'].includes(r)) throw new Error(`--runs: unknown run "${r}" (subgraph, floor, minimal)`);
const log = (l: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${l}`);
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'logs'), { recursive: true });

// graph-node's per-handler gas is only in this debug line; keep everything else at info.
const handlerGas = values['handler-gas'] !== 'off';
const prefillPositions = Number(values['prefill-positions']);
process.env.GRAPH_LOG = handlerGas ? 'info,graph_runtime_wasm::host=debug' : 'info';
// gnd inherits these. graph-node 0.45 builds an anyhow error on every host read of wasm memory
// (AscHeap::read in runtime/wasm/src/module/mod.rs: an eager `ok_or(anyhow!(..))`), and with
// RUST_BACKTRACE=1 (set on these machines) each of those captures a stack backtrace: host calls then
// cost in proportion to the fields and arguments they read. Recorded with the results.
// What gnd actually ran with: startGraphNode turns library backtraces off unless told otherwise.
const backtraceEnv = { RUST_BACKTRACE: process.env.RUST_BACKTRACE ?? null, RUST_LIB_BACKTRACE: libBacktraceSetting() };

const anvilPort = await freePort();
// A reused history is loaded into anvil and its deployment record copied, so ensureDeployment finds it.
if (historyDir) copyFileSync(join(historyDir, 'deployment.json'), join(out, 'deployment.json'));
const anvil = startChild(
  'anvil',
  bin('anvil'),
  [
    ...['--host', '127.0.0.1', '--port', String(anvilPort), '--chain-id', '31337', '--silent', '--gas-limit', '300000000'],
    ...(historyDir ? ['--load-state', join(historyDir, 'anvil-state.json')] : ['--dump-state', join(out, 'anvil-state.json')]),
  ],
  { logFile: join(out, 'logs', 'anvil.log') },
);
const rpcUrl = `http://127.0.0.1:${anvilPort}`;
const client = createPublicClient({ transport: http(rpcUrl), pollingInterval: 50 });
await waitUntilReady(anvil, async () => (await client.getChainId()) === 31337, { timeoutMs: 30_000, what: 'JSON-RPC', hint: 'see the anvil log' });

try {
  const dep = await ensureDeployment({ rpcUrl, dataDir: out, log });
  const t0 = Date.now();
  const history: HistoryStats & { generationSeconds?: number } = historyDir
    ? (JSON.parse(readFileSync(join(historyDir, 'history.json'), 'utf8')) as HistoryStats & { generationSeconds?: number })
    : await generateHistory({
        rpcUrl,
        client: client as never,
        deployment: dep.local!,
        targetEvents: Number(values.events),
        seed: Number(values.seed),
        warmupSteps: Number(values['warmup-steps']),
        opensPerTrader: Number(values['opens-per-trader']),
        log,
      });
  const generationSeconds = historyDir ? history.generationSeconds ?? 0 : (Date.now() - t0) / 1000;
  if (historyDir) {
    const head = Number(await client.getBlockNumber());
    if (head !== history.headBlock) throw new Error(`--history ${historyDir}: anvil loaded ${head} blocks, history.json says ${history.headBlock}`);
  } else {
    writeFileSync(join(out, 'history.json'), toJson({ ...history, generationSeconds }));
  }
  log(`history${historyDir ? ` (from ${historyDir})` : ''}: ${history.events} events in blocks ${history.startBlock}..${history.headBlock}, generated in ${generationSeconds.toFixed(0)} s: ${JSON.stringify(history.eventsByName)}`);

  const config: NetworkConfig = { network: 'anvil', factoryAddress: dep.factory, startBlock: dep.startBlock };
  const identity = `${dep.chainId}:${(await client.getBlock({ blockNumber: BigInt(dep.startBlock) })).hash}`;
  const results: RunResult[] = [];
  for (const name of runNames) {
    log(`build: ${name} subgraph`);
    const manifest = name === 'subgraph' ? (await buildSubgraph(config, identity, log)).manifest : await buildComparison(name, config);
    results.push(await indexOnce(name, manifest, history.headBlock, Number(values['max-seconds']), name === 'subgraph' ? prefillPositions : 0));
  }
  const a = results.find((r) => r.name === 'subgraph');
  const b = results.find((r) => r.name === 'minimal');
  const floor = results.find((r) => r.name === 'floor');
  const summary = {
    date: new Date().toISOString(),
    env: { ...backtraceEnv, loadAverage: loadavg().map((x) => Number(x.toFixed(2))) },
    command: `npm run bench:indexing -- ${historyDir ? `--history ${historyDir}` : `--events ${values.events} --seed ${values.seed} --warmup-steps ${values['warmup-steps']} --opens-per-trader ${values['opens-per-trader']}`} --max-seconds ${values['max-seconds']} --runs ${runNames.join(',')} --handler-gas ${handlerGas ? 'on' : 'off'}${prefillPositions ? ` --prefill-positions ${prefillPositions}` : ''}`,
    history: { ...history, generationSeconds: Math.round(generationSeconds), warmup: JSON.parse(toJson(history.warmup)) },
    runs: results,
    oursOfCeiling: a && b ? a.eventsPerSecond / b.eventsPerSecond : null,
    floorOfCeiling: floor && b ? floor.eventsPerSecond / b.eventsPerSecond : null,
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
  /** --prefill-positions: throughput from the resume after the fill to the head. */
  prefill?: { positions: number; fillSeconds: number; resumedAtBlock: number; measuredAfterBlock: number; events: number; seconds: number; eventsPerSecond: number } | null;
}

/**
 * Pauses the deployment as soon as its markets exist (graph-node's admin
 * `subgraph_pause`), fills `positions` synthetic Position rows, resumes it.
 */
async function pauseAndFill(pgUrl: string, indexNode: string, adminUrl: string, positions: number, head: number): Promise<{ resumedAt: number; resumedAtBlock: number; fillSeconds: number }> {
  const sql = postgres(pgUrl, { max: 1, onnotice: () => {} });
  const admin = async (method: string, deployment: string) => {
    const res = await fetch(adminUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: { deployment } }) });
    const body = (await res.json()) as { error?: { message: string } };
    if (body.error) throw new Error(`${method}: ${body.error.message}`);
  };
  try {
    let schema = '';
    let deployment = '';
    for (const t0 = Date.now(); ; ) {
      if (Date.now() - t0 > 120_000) throw new Error('prefill: no market was indexed within 120 s');
      const row = (await sql<{ name: string; subgraph: string }[]>`select name, subgraph from public.deployment_schemas order by id desc limit 1`)[0];
      if (row) {
        const rows = (await sql.unsafe(`select count(*)::int as n from "${row.name}".market`).catch(() => [{ n: 0 }])) as { n: number }[];
        if (rows[0]!.n > 0) ({ name: schema, subgraph: deployment } = row);
      }
      if (schema) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await admin('subgraph_pause', deployment);
    // Paused once the committed block stops moving (the block in flight is finished first).
    let block = -1;
    for (let stable = 0; stable < 10; ) {
      await new Promise((r) => setTimeout(r, 200));
      const b = (await indexingStatus(indexNode).catch(() => null))?.latestBlock ?? -1;
      stable = b === block ? stable + 1 : 0;
      block = b;
    }
    log(`prefill: paused at block ${block} of ${head}; filling ${positions} positions`);
    const t0 = Date.now();
    const chainTime = Number((await client.getBlock({ blockNumber: BigInt(head) })).timestamp);
    await fillPositions(sql, schema, positions, { head: Math.max(1, block), chainTime, traders: Math.max(1, Math.round(positions / 50)) });
    await sql.unsafe(`analyze "${schema}".position`);
    const fillSeconds = (Date.now() - t0) / 1000;
    log(`prefill: ${positions} positions in ${fillSeconds.toFixed(0)} s; resuming`);
    const resumedAt = Date.now();
    await admin('subgraph_resume', deployment);
    return { resumedAt, resumedAtBlock: block, fillSeconds };
  } finally {
    await sql.end();
  }
}

function startBlockOf(): number {
  return (JSON.parse(readFileSync(join(out, 'deployment.json'), 'utf8')) as { startBlock: number }).startBlock;
}

/** Events of the indexed data sources in blocks ≤ `block` (what a run committed). */
async function countEventsUpTo(block: number): Promise<number> {
  const dep = JSON.parse(readFileSync(join(out, 'deployment.json'), 'utf8')) as { local: { factory: `0x${string}`; priceFeed: `0x${string}`; pools: { pool: `0x${string}` }[] } };
  const address = [dep.local.factory, dep.local.priceFeed, ...dep.local.pools.map((p) => p.pool)];
  let n = 0;
  for (let a = 0; a <= block; a += 50) n += (await client.getLogs({ address, fromBlock: BigInt(a), toBlock: BigInt(Math.min(block, a + 49)) })).length;
  return n;
}

async function indexOnce(name: string, manifest: string, head: number, maxSeconds: number, prefill: number): Promise<RunResult> {
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
    const scaled = prefill ? await pauseAndFill(pg.url, indexNode, `http://127.0.0.1:${ports.admin}`, prefill, head) : null;
    // A prefilled run is measured over the last quarter of the history's blocks (the dense part), so
    // runs with different fills, which pause at different blocks, are timed over the same blocks.
    const measureFrom = scaled ? Math.max(scaled.resumedAtBlock, head - Math.floor((head - startBlockOf()) / 4)) : -1;
    let measureStart = scaled && scaled.resumedAtBlock >= measureFrom ? scaled.resumedAt : 0;
    let last = -1;
    let lastLog = Date.now();
    for (;;) {
      const s = await indexingStatus(indexNode).catch(() => null);
      if (s?.health === 'failed') throw new Error(`${name}: subgraph failed: ${s.fatalError}`);
      if (s?.latestBlock != null) last = s.latestBlock;
      if (scaled && !measureStart && last >= measureFrom) measureStart = Date.now();
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
    const measured = scaled ? { fromBlock: measureFrom, events: events - (await countEventsUpTo(measureFrom)), seconds: (tDone - measureStart) / 1000 } : null;
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
    // Rows gnd wrote: the synthetic positions of a prefill are not among them.
    if (scaled) rowsByTable.position = (rowsByTable.position ?? 0) - prefill;
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
      prefill: scaled && measured ? { positions: prefill, fillSeconds: scaled.fillSeconds, resumedAtBlock: scaled.resumedAtBlock, measuredAfterBlock: measured.fromBlock, events: measured.events, seconds: measured.seconds, eventsPerSecond: measured.events / measured.seconds } : null,
    };
    if (r.prefill) log(`index ${name}: with ${prefill} synthetic positions in the store: ${r.prefill.events} events after block ${r.prefill.measuredAfterBlock} in ${r.prefill.seconds.toFixed(1)} s → ${r.prefill.eventsPerSecond.toFixed(0)} events/s`);
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

function report(s: { date: string; env: { RUST_BACKTRACE: string | null; RUST_LIB_BACKTRACE: string; loadAverage: number[] }; command: string; history: { events: number; headBlock: number; generationSeconds: number; eventsByName: Record<string, number> }; runs: RunResult[]; oursOfCeiling: number | null; floorOfCeiling: number | null }): string {
  const handlerRun = s.runs[0];
  if (!handlerRun) return `## Indexing (${s.date})\n\nHistory only (--runs none): ${s.history.events} events, ${s.history.headBlock} blocks, generated in ${s.history.generationSeconds} s`;
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
    s.oursOfCeiling === null ? 'ours / ceiling: not measured (this invocation indexed one subgraph only)' : `ours / ceiling: ${(s.oursOfCeiling * 100).toFixed(1)} % (goal ≥ 60 %: ${s.oursOfCeiling >= 0.6 ? 'met' : 'missed'})`,
    ...s.runs.filter((r) => r.prefill).map((r) => `${r.name} with ${r.prefill!.positions} synthetic positions added to its store at block ${r.prefill!.resumedAtBlock} (filled in ${r.prefill!.fillSeconds.toFixed(0)} s): ${r.prefill!.events} events after block ${r.prefill!.measuredAfterBlock} in ${r.prefill!.seconds.toFixed(1)} s → **${r.prefill!.eventsPerSecond.toFixed(0)} events/s**`),
    ...(s.floorOfCeiling === null ? [] : ['', `floor / ceiling: ${(s.floorOfCeiling * 100).toFixed(1)} % (the least state issue 4 needs, bench/floor-subgraph)`]),
    '',
    `| handler | events | ${s.runs.map((r) => `${r.name}: mean gas | ${r.name}: mean ms`).join(' | ')} |`,
    `| --- | ---: | ${s.runs.map(() => '---: | ---:').join(' | ')} |`,
    ...Object.keys(handlerRun.handlers)
      .sort()
      .map((h) => {
        const cells = s.runs.map((r) => {
          const x = r.handlers[h];
          return `${x?.meanGas?.toFixed(0) ?? '–'} | ${x?.meanMs.toFixed(3) ?? '–'}`;
        });
        return `| ${h} | ${handlerRun.handlers[h]!.count} | ${cells.join(' | ')} |`;
      }),
    '',
    `rows per table (${handlerRun.name}): ` + Object.entries(handlerRun.rowsByTable).map(([t, n]) => `${t} ${n}`).join(', '),
  ];
  return lines.join('\n');
}


