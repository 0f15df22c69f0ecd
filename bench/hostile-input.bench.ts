// What hostile requests do to the API's event loop, per class of
// test/reliability/hostile-cases.ts, beside two baselines (no requests; the
// dashboards' own queries).
//   npx tsx bench/hostile-input.bench.ts [--seconds 10] [--seed 1] [--cases 30] [--classes a,b]
//
// Part A, the hold of one request: for every generated request, the checks
// the API runs on it before any resolver, in this process and in the API's
// order (body scan, JSON.parse, parse with the token cap, limits, validation,
// operation type, cost with variables: json-body.ts, validation/guard.ts),
// timed 5 times; the fastest of the 5 is the request's figure (the others
// include other processes taking the CPU). Per class: the largest figure and
// its request. Beside it, graphql-js's full specified rules (what Apollo's
// own validation ran) on the same documents, where they finish within 5 s.
//
// Part B, the event loop under hostile traffic:
// 1. A store: embedded Postgres, anvil with the protocol deployed, gnd
//    indexing it to the head (SplitStack; its own API process is stopped).
// 2. The API (startApi, with the limits hostile-cases.ts expects) in this
//    process's main thread, which runs nothing else, so that Node's
//    monitorEventLoopDelay (1 ms resolution) measures the API's loop alone.
// 3. Per class, for --seconds: one worker thread sends the class's generated
//    requests back to back over one keep-alive connection, another probes
//    /health every 10 ms (health-probe.ts). Recorded: the event-loop delay
//    (p50, p99, max), the /health latency (p50, p99, max), the longest
//    garbage-collection pause, the requests answered and their answers.
// The event-loop delay is how late a timer fired: what every other request
// waited at most behind the one being handled. Results:
// <out>/hostile-results.json and a markdown table on stdout
// (bench/hostile-input.md holds a run and how to read it).
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { createPublicClient, http } from 'viem';
import { buildSchema, getOperationAST, parse, specifiedRules, validate, type DocumentNode } from 'graphql';
import { jsonBodyRefusal } from '../api/src/json-body.ts';
import { startApi, typeDefs } from '../api/src/server.ts';
import { operationCost } from '../api/src/validation/cost.ts';
import { documentErrors } from '../api/src/validation/guard.ts';
import { SUBGRAPH_NAME } from '../stack/src/graph-node.ts';
import { repoRoot } from '../stack/src/paths.ts';
import { freePort } from '../stack/src/ports.ts';
import { SplitStack } from '../stack/src/split-stack.ts';
import { quantile, startHealthProbe } from '../test/reliability/health-probe.ts';
import { CLASSES, hostileCases, LIMITS, type Fixtures, type HostileCase } from '../test/reliability/hostile-cases.ts';
import { waitIndexed } from '../test/reliability/lib.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: join(repoRoot, '.data', 'bench', 'hostile') },
    seconds: { type: 'string', default: '10' },
    seed: { type: 'string', default: '1' },
    cases: { type: 'string', default: '30' },
    classes: { type: 'string' },
  },
});
const SECONDS = Number(values.seconds);
const SEED = Number(values.seed);
const CASES = Number(values.cases);
const out = values.out!;
const log = (l: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${l}`);

type Request = Pick<HostileCase, 'method' | 'path' | 'headers' | 'body'>;

/** Sends `requests` round-robin over one keep-alive connection until stopped; counts answers by status and code. */
function startSender(port: number, requests: Request[]): { stop(): Promise<{ sent: number; answers: Record<string, number> }> } {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const http = require('node:http');
     const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
     let running = true;
     let sent = 0;
     const answers = {};
     parentPort.on('message', () => { running = false; });
     const send = (r) => new Promise((resolve) => {
       const req = http.request({ host: '127.0.0.1', port: workerData.port, method: r.method, path: r.path, agent, headers: { host: '127.0.0.1:' + workerData.port, ...r.headers } }, (res) => {
         const chunks = [];
         res.on('data', (c) => chunks.push(c));
         res.on('end', () => {
           let code = 'data';
           try { code = JSON.parse(Buffer.concat(chunks).toString()).errors?.[0]?.extensions?.code ?? 'data'; } catch { code = 'not JSON'; }
           resolve(res.statusCode + ' ' + code);
         });
       });
       req.on('error', (e) => setTimeout(() => resolve('error ' + e.code), 1000));
       // A socket the API closed under an upload (413) errors once more after the request has.
       req.on('socket', (s) => { if (!s.__quiet) { s.__quiet = true; s.on('error', () => {}); } });
       req.end(r.body);
     });
     (async () => {
       for (let i = 0; running; i++) {
         const key = await send(workerData.requests[i % workerData.requests.length]);
         sent++;
         answers[key] = (answers[key] || 0) + 1;
       }
       agent.destroy();
       parentPort.postMessage({ sent, answers });
     })();`,
    { eval: true, workerData: { port, requests } },
  );
  return {
    stop: () =>
      new Promise((resolve) => {
        worker.once('message', (m) => {
          void worker.terminate();
          resolve(m);
        });
        worker.postMessage('stop');
      }),
  };
}

/** The dashboards' documents at the variables they send (their largest ranges and pages). */
function dashboardRequests(fx: Fixtures): Request[] {
  const dir = join(repoRoot, 'dashboards', 'src', 'queries');
  const now = Math.floor(Date.now() / 1000);
  const variables = { pool: fx.pool, id: fx.pool, market: fx.market, trader: fx.pool, from: now - 30 * 86400, dayAgo: now - 86400, block: 1, interval: 'HOUR', fromPrice: '9000', toPrice: '11000', steps: 61, orderBy: 'VOLUME' };
  const out: Request[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.graphql'))) {
    const text = readFileSync(join(dir, file), 'utf8');
    for (const m of text.matchAll(/^query (\w+)/gm)) {
      out.push({ method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: text, operationName: m[1], variables }) });
    }
  }
  return out;
}

interface Row {
  cls: string;
  sent: number;
  answers: Record<string, number>;
  loop: { p50: number; p99: number; max: number };
  health: { probes: number; p50: number; p99: number; max: number };
  gcMaxMs: number;
  gcKind: string;
}

// ---------------------------------------------------------------- part A

const schema = buildSchema(typeDefs);
const limits = { ...LIMITS };

/** The checks before any resolver, as the API runs them; returns where the request stopped. */
function checks(body: string | undefined): string {
  if (body === undefined) return 'no body';
  if (body.length > LIMITS.maxBodyBytes) return '413';
  const refused = jsonBodyRefusal(body);
  if (refused) return 'body refused';
  let request: { query?: unknown; variables?: Record<string, unknown>; operationName?: string };
  try {
    request = JSON.parse(body);
  } catch {
    return 'not JSON';
  }
  if (Array.isArray(request) || typeof request?.query !== 'string') return 'not a single query';
  let document: DocumentNode;
  try {
    document = parse(request.query, { maxTokens: limits.maxTokens });
  } catch {
    return 'parse failed';
  }
  const errors = documentErrors(schema, document, limits);
  if (errors.length > 0) return `refused (${String(errors[0]!.extensions.limit ?? 'validation')})`;
  const operation = getOperationAST(document, request.operationName);
  if (!operation) return 'no operation';
  if (operation.operation !== 'query') return 'not a query';
  const cost = operationCost({ schema, document, operation, variables: request.variables, maxPageSize: limits.maxPageSize, limit: limits.maxCost });
  return cost !== undefined && cost > limits.maxCost ? 'refused (cost)' : 'runs';
}

function fastest(fn: () => void, runs = 5): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/**
 * graphql-js's specified rules on a request's document, if it parses without
 * the token cap; skipped for documents that would not finish; Infinity where
 * they overflow the stack (OverlappingFieldsCanBeMerged recurses through
 * nested inline fragments: Apollo answered that with a 500).
 */
function specifiedRulesMs(body: string | undefined, label: string): number | undefined {
  let query: unknown;
  try {
    query = JSON.parse(body ?? '').query;
  } catch {
    return undefined;
  }
  if (typeof query !== 'string' || query.length > 200_000) return undefined;
  // Exponential in the fragment chain before: 2^20 expansions took 3 s, so only short chains run.
  if (/fragments × /.test(label) && Number(/^(\d+) fragments/.exec(label)?.[1]) > 16) return undefined;
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch {
    return undefined;
  }
  try {
    return fastest(() => validate(schema, document, specifiedRules), 3);
  } catch (err) {
    if (err instanceof RangeError) return Infinity;
    throw err;
  }
}

const holdRows: Array<{ cls: string; requests: number; worstMs: number; worst: string; stoppedAt: string; medianMs: number; specifiedWorstMs?: number; specifiedWorst?: string }> = [];
{
  const fx: Fixtures = { pool: '0x' + '11'.repeat(20), market: '0x' + '22'.repeat(52), host: '127.0.0.1:4000' };
  for (const cls of CLASSES) {
    const cases = hostileCases(cls, fx, CASES, SEED);
    const timed = cases.map((c) => {
      let stoppedAt = '';
      const ms = fastest(() => (stoppedAt = checks(c.body)));
      return { c, ms, stoppedAt };
    });
    timed.sort((a, b) => b.ms - a.ms);
    const worst = timed[0]!;
    let specifiedWorstMs: number | undefined;
    let specifiedWorst: string | undefined;
    for (const t of timed) {
      const ms = specifiedRulesMs(t.c.body, t.c.label);
      if (ms !== undefined && (specifiedWorstMs === undefined || ms > specifiedWorstMs)) [specifiedWorstMs, specifiedWorst] = [ms, t.c.label];
    }
    holdRows.push({ cls, requests: cases.length, worstMs: worst.ms, worst: worst.c.label, stoppedAt: worst.stoppedAt, medianMs: timed[Math.floor(timed.length / 2)]!.ms, specifiedWorstMs, specifiedWorst });
    log(`part A ${cls}: worst ${worst.ms.toFixed(2)} ms (${worst.c.label})`);
  }
}

// ---------------------------------------------------------------- part B

const stack = await new SplitStack({ dataDir: join(out, 'store'), blockTime: 0 }).start();
rmSync(join(out, 'hostile-results.json'), { force: true });
mkdirSync(out, { recursive: true });
let api: Awaited<ReturnType<typeof startApi>> | undefined;
try {
  await stack.stopPart('api');
  await waitIndexed(stack.indexNodeUrl, Number(await createPublicClient({ transport: http(stack.rpcUrl) }).getBlockNumber()), 300_000);
  const port = await freePort();
  const local = stack.deployment.local!;
  const fx: Fixtures = { pool: local.pools[0]!.pool, market: `${local.pools[0]!.pool.toLowerCase()}${local.markets[0]!.id.slice(2)}`, host: `127.0.0.1:${port}` };
  api = await startApi(
    { databaseUrl: stack.postgresUrl, subgraphName: SUBGRAPH_NAME, host: '127.0.0.1', port, rpcUrl: stack.rpcUrl, maxPageSize: LIMITS.maxPageSize, maxTokens: LIMITS.maxTokens, maxCost: LIMITS.maxCost, maxDepth: LIMITS.maxDepth, maxAliases: LIMITS.maxAliases },
    () => {},
  );
  const gc = { max: 0, kind: '' };
  const GC_KINDS: Record<number, string> = { 1: 'minor', 2: 'major', 4: 'incremental', 8: 'weak callbacks' };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.duration > gc.max) [gc.max, gc.kind] = [e.duration, GC_KINDS[((e as unknown as { detail?: { kind?: number } }).detail)?.kind ?? 0] ?? '?'];
    }
  }).observe({ entryTypes: ['gc'] });
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();

  const only = values.classes?.split(',');
  const runs: Array<[string, Request[] | null]> = [
    ['idle (no requests)', null],
    ["dashboards' queries", dashboardRequests(fx)],
    ...CLASSES.filter((c) => !only || only.includes(c)).map((c) => [c, hostileCases(c, fx, CASES, SEED)] as [string, Request[]]),
  ];
  const rows: Row[] = [];
  for (const [cls, requests] of runs) {
    // A first pass of the class's requests, not measured (code run for the first time is compiled then).
    if (requests) await startSender(port, requests).stop().catch(() => {});
    await new Promise((r) => setTimeout(r, 500));
    const probe = await startHealthProbe(`http://127.0.0.1:${port}/health`);
    const sender = requests ? startSender(port, requests) : undefined;
    histogram.reset();
    gc.max = 0;
    gc.kind = '';
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    const sent = (await sender?.stop()) ?? { sent: 0, answers: {} };
    const latencies = (await probe.stop()).map((p) => p.ms).sort((a, b) => a - b);
    const ms = (ns: number) => ns / 1e6;
    const row: Row = {
      cls,
      ...sent,
      loop: { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max) },
      health: { probes: latencies.length, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), max: latencies[latencies.length - 1] ?? NaN },
      gcMaxMs: gc.max,
      gcKind: gc.kind,
    };
    rows.push(row);
    log(`${cls}: ${row.sent} requests, loop delay max ${row.loop.max.toFixed(1)} ms, /health max ${row.health.max.toFixed(1)} ms`);
  }
  histogram.disable();

  const machine = { cpus: cpus().length, model: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30), node: process.version, loadavg: loadavg().map((l) => Number(l.toFixed(2))) };
  writeFileSync(join(out, 'hostile-results.json'), JSON.stringify({ date: new Date().toISOString(), machine, seconds: SECONDS, seed: SEED, cases: CASES, limits: LIMITS, holdRows, rows }, null, 2) + '\n');
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '∞');
  console.log(`\n${new Date().toISOString()} — ${machine.cpus} × ${machine.model}, ${machine.memGiB} GiB, Node ${machine.node}, load average at the end ${machine.loadavg.join(' ')}; ${SECONDS} s per class, seed ${SEED}, ${CASES} cases per class\n`);
  console.log('Part A: the checks before any resolver, per request (fastest of 5 runs)\n');
  console.log('| class | requests | median (ms) | largest (ms) | its request | stopped at | graphql-js specified rules, largest (ms) | its request |');
  console.log('| --- | ---: | ---: | ---: | --- | --- | ---: | --- |');
  for (const r of holdRows) {
    console.log(`| ${r.cls} | ${r.requests} | ${r.medianMs.toFixed(2)} | ${r.worstMs.toFixed(2)} | ${r.worst} | ${r.stoppedAt} | ${r.specifiedWorstMs === undefined ? '—' : Number.isFinite(r.specifiedWorstMs) ? r.specifiedWorstMs.toFixed(1) : 'stack overflow'} | ${r.specifiedWorst ?? ''} |`);
  }
  console.log('\nPart B: the event loop while the class is sent back to back\n');
  console.log('| class | requests/s | answers | event-loop delay p50 / p99 / max (ms) | /health p50 / p99 / max (ms) | longest GC pause (ms) |');
  console.log('| --- | ---: | --- | ---: | ---: | ---: |');
  for (const r of rows) {
    const answers = Object.entries(r.answers)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ×${n}`)
      .join(', ');
    console.log(`| ${r.cls} | ${(r.sent / SECONDS).toFixed(0)} | ${answers || '—'} | ${f(r.loop.p50)} / ${f(r.loop.p99)} / ${f(r.loop.max)} | ${f(r.health.p50)} / ${f(r.health.p99)} / ${f(r.health.max)} | ${f(r.gcMaxMs)}${r.gcKind ? ` (${r.gcKind})` : ''} |`);
  }
} finally {
  await api?.stop();
  await stack.stop();
}
