// CPU time the API process spends per request, for the load bench's queries
// (bench/lib/api-scenarios.ts), with its response cache off and on, for one
// or more checkouts of the API in turn. Throughput and latency under load
// (bench/api-load.bench.ts) move with whatever else runs on the machine; the
// CPU the API process itself burns per answer (utime + stime from
// /proc/PID/stat) moves much less, so two versions compare fairly even on
// shared cores. Trees run alternately, --rounds times; the median is reported.
//
//   npm run bench:api -- --hold --out DIR          # fill a store once and hold it
//   npx tsx bench/api-cpu.bench.ts --store DIR/store.json [--tree [LABEL=]DIR …] [--requests N] [--rounds N]
//
// --tree [LABEL=]DIR: a checkout whose api/src/main.ts to run (default: this
// one; give two to compare, e.g. an older revision extracted with
// `git archive REV | tar -x -C DIR` and its node_modules linked). Linux only
// (/proc). Results: markdown on stdout, progress on stderr.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cpus, loadavg, tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { startChild, waitUntilReady } from '../stack/src/child.ts';
import { SUBGRAPH_NAME } from '../stack/src/graph-node.ts';
import { repoRoot } from '../stack/src/paths.ts';
import { freePort } from '../stack/src/ports.ts';
import { apiScenarios, type FilledStore } from './lib/api-scenarios.ts';

const { values } = parseArgs({
  options: {
    store: { type: 'string' },
    tree: { type: 'string', multiple: true },
    requests: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '3' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help || !values.store) {
  console.log('npx tsx bench/api-cpu.bench.ts --store FILE (held by `npm run bench:api -- --hold`) [--tree [LABEL=]DIR …] [--requests N (1000)] [--concurrency N (4)] [--rounds N (3)]');
  process.exit(values.help ? 0 : 1);
}
const store = JSON.parse(readFileSync(values.store, 'utf8')) as { pgUrl: string; rpcUrl: string; chainTime: number; fill: FilledStore };
const trees = (values.tree ?? [repoRoot]).map((t) => {
  const [label, dir] = t.includes('=') ? [t.slice(0, t.indexOf('=')), t.slice(t.indexOf('=') + 1)] : [t, t];
  return { label, dir: resolve(dir) };
});
const requests = Number(values.requests);
const concurrency = Number(values.concurrency);
const rounds = Number(values.rounds);
const scenarios = apiScenarios(store.fill, store.chainTime);
const modes = [
  { name: 'response cache off', env: '0' },
  { name: 'response cache on', env: '1' },
];

/** CPU milliseconds the process has used (user + system; clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function send(url: string, bodies: string[], count: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[next++ % bodies.length] });
        const answer = (await res.json()) as { errors?: unknown };
        if (answer.errors) throw new Error(JSON.stringify(answer.errors));
      }
    }),
  );
}

/** CPU ms per request of each scenario, for one tree and mode. */
async function measure(tree: { label: string; dir: string }, mode: (typeof modes)[number]): Promise<number[]> {
  const port = await freePort();
  const api = startChild('api', process.execPath, ['--import', 'tsx', join(tree.dir, 'api', 'src', 'main.ts')], {
    logFile: join(tmpdir(), `api-cpu-bench-${port}.log`),
    cwd: tree.dir,
    env: { DATABASE_URL: store.pgUrl, API_PORT: String(port), API_HOST: '127.0.0.1', RPC_URL: store.rpcUrl, SUBGRAPH_NAME, API_RESPONSE_CACHE: mode.env, API_CREATE_INDEXES: '0' },
  });
  try {
    await waitUntilReady(api, async () => (await fetch(`http://127.0.0.1:${port}/ready`)).ok, { timeoutMs: 60_000, what: '/ready', hint: 'see the api-cpu-bench log in the temp folder' });
    const url = `http://127.0.0.1:${port}/graphql`;
    const out: number[] = [];
    for (const s of scenarios) {
      const bodies = s.bodies.map((b) => JSON.stringify(b));
      await send(url, bodies, Math.min(300, requests)); // warm-up: JIT, the process-wide caches
      const before = cpuMs(api.process.pid!);
      await send(url, bodies, requests);
      out.push((cpuMs(api.process.pid!) - before) / requests);
    }
    return out;
  } finally {
    await api.stop('SIGTERM');
  }
}

const results = new Map<string, number[][]>(); // `${tree}|${mode}` → per round, per scenario
for (let r = 0; r < rounds; r++) {
  for (const tree of trees) {
    for (const mode of modes) {
      const key = `${tree.label}|${mode.name}`;
      const figures = await measure(tree, mode);
      results.set(key, [...(results.get(key) ?? []), figures]);
      console.error(`round ${r + 1}, ${tree.label}, ${mode.name}: ${figures.map((f, i) => `${scenarios[i]!.name} ${f.toFixed(2)} ms`).join(', ')}; load ${loadavg()[0]!.toFixed(1)}`);
    }
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const lines = [
  `## API CPU per request (${new Date().toISOString()})`,
  '',
  `\`npx tsx bench/api-cpu.bench.ts --requests ${requests} --concurrency ${concurrency} --rounds ${rounds}\` on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; load average at the end ${loadavg().map((x) => x.toFixed(1)).join(' ')}. CPU ms of the API process per request, median of ${rounds} rounds.`,
];
for (const mode of modes) {
  lines.push('', `### ${mode.name}`, '', `| query | ${trees.map((t) => t.label).join(' | ')} |`, `| --- |${' ---: |'.repeat(trees.length)}`);
  scenarios.forEach((s, i) => lines.push(`| ${s.name} | ${trees.map((t) => median(results.get(`${t.label}|${mode.name}`)!.map((f) => f[i]!)).toFixed(2)).join(' | ')} |`));
}
console.log(lines.join('\n'));
