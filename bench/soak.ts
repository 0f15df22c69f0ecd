// Soak (issue 8): the market simulator at full speed against a private stack
// (embedded Postgres, anvil, gnd, the API as its own process) for N minutes,
// sampling every part's resident memory and graph-node's indexing lag, then a
// verdict on growth. `npm run bench:soak -- --minutes 30 [--interval 15]
// [--seed 1] [--out DIR]`. Writes DIR/soak-results.json (default
// .data/bench/soak) and prints a summary.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createPublicClient, http } from 'viem';
import { runSimulation } from '@pvp/simulator';
import { defaultDataDir } from '../stack/src/paths.ts';
import { treeMemoryKb, SplitStack, type PartName } from '../stack/src/split-stack.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    interval: { type: 'string', default: '15' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: join(defaultDataDir, 'bench', 'soak') },
    keep: { type: 'boolean', default: false },
  },
});
const minutes = Number(values.minutes);
const intervalS = Number(values.interval);
if (!(minutes > 0) || !(intervalS > 0)) throw new Error('--minutes and --interval must be positive numbers');

export interface SoakSample {
  t: number; // seconds since the simulator started
  /** Proportional set size per part (MB): shared pages split between processes (Postgres's shared buffers once). */
  pssMb: Record<string, number>;
  /** Sum of resident set sizes per part (MB). */
  rssMb: Record<string, number>;
  chainHead: number;
  indexedBlock: number | null;
  lagBlocks: number | null;
  simSteps: number;
  simActions: number;
}

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/**
 * Growth verdict for one series: compares the mean of the last quarter with the
 * second quarter (after warm-up) and fits a slope over the second half.
 * "bounded" if the last quarter is within 15 % (or 20 MB) of the second; else "grows".
 */
export function growthVerdict(
  ts: number[],
  ys: number[],
): {
  secondQuarter: number;
  lastQuarter: number;
  slopePerHour: number;
  verdict: 'bounded' | 'grows' | 'too short';
} {
  const n = ys.length;
  if (n < 8)
    return {
      secondQuarter: NaN,
      lastQuarter: NaN,
      slopePerHour: NaN,
      verdict: 'too short',
    };
  const q = Math.floor(n / 4);
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  const second = mean(ys.slice(q, 2 * q));
  const last = mean(ys.slice(n - q));
  const half = Math.floor(n / 2);
  const s = slope(ts.slice(half), ys.slice(half)) * 3600;
  const grows = last - second > Math.max(0.15 * second, 20);
  return {
    secondQuarter: round(second),
    lastQuarter: round(last),
    slopePerHour: round(s),
    verdict: grows ? 'grows' : 'bounded',
  };
}
const round = (v: number) => Math.round(v * 10) / 10;

const dataDir = mkdtempSync(join(tmpdir(), 'pvp-soak-'));
const stack = new SplitStack({
  dataDir,
  blockTime: 0,
  log: (l) => console.log(`[stack] ${l}`),
});
const controller = new AbortController();
let stopping = false;
const cleanup = async () => {
  if (stopping) return;
  stopping = true;
  controller.abort();
  await stack.stop();
  if (!values.keep) rmSync(dataDir, { recursive: true, force: true });
};
process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));

try {
  await stack.start();
  const dep = stack.deployment.local!;
  const client = createPublicClient({ transport: http(stack.rpcUrl) });
  const samples: SoakSample[] = [];
  const sim = { steps: 0, actions: 0 };
  const t0 = Date.now();
  console.log(`soak: simulator at full speed for ${minutes} min, sampling every ${intervalS} s (data in ${dataDir})`);
  const simRun = runSimulation({
    rpcUrl: stack.rpcUrl,
    deployment: dep,
    seed: Number(values.seed),
    paceMs: 0,
    signal: controller.signal,
    statusEvery: 20,
    onStatus: (line) => {
      const m = /step (\d+)/.exec(line);
      if (m) sim.steps = Number(m[1]);
      const o = /opens (\d+) closes (\d+) liquidations (\d+)/.exec(line);
      if (o) sim.actions = Number(o[1]) + Number(o[2]) + Number(o[3]);
    },
  }).catch((err) => ({ error: (err as Error).message }));

  const parts: Array<PartName | 'bench+simulator'> = ['postgres', 'anvil', 'graph-node', 'api', 'bench+simulator'];
  const sample = async () => {
    const rssMb: Record<string, number> = {};
    const pssMb: Record<string, number> = {};
    for (const p of parts) {
      const kb = p === 'bench+simulator' ? treeMemoryKb(process.pid, false) : treeMemoryKb(stack.pidOf(p) ?? -1);
      rssMb[p] = round(kb.rss / 1024);
      pssMb[p] = round(kb.pss / 1024);
    }
    const head = Number(await client.getBlockNumber().catch(() => -1n));
    const indexed = await stack.indexedBlock();
    const s: SoakSample = {
      t: Math.round((Date.now() - t0) / 1000),
      pssMb,
      rssMb,
      chainHead: head,
      indexedBlock: indexed,
      lagBlocks: indexed === null ? null : head - indexed,
      simSteps: sim.steps,
      simActions: sim.actions,
    };
    samples.push(s);
    console.log(
      `soak t=${s.t}s head=${head} indexed=${indexed} lag=${s.lagBlocks} ` +
        Object.entries(pssMb)
          .map(([k, v]) => `${k}=${v}MB`)
          .join(' ') +
        ' (PSS)',
    );
  };
  const end = t0 + minutes * 60_000;
  while (Date.now() < end) {
    await sample();
    const simDone = await Promise.race([simRun.then(() => true), new Promise((r) => setTimeout(() => r(false), Math.min(intervalS * 1000, Math.max(0, end - Date.now()))))]);
    if (simDone) {
      console.log(`soak: simulator stopped early: ${JSON.stringify(await simRun, (_, v) => (typeof v === 'bigint' ? String(v) : v))}`);
      break;
    }
  }
  await sample();
  controller.abort();
  const stats = await simRun;
  const ts = samples.map((s) => s.t);
  const memory = Object.fromEntries(
    parts.map((p) => [
      p,
      growthVerdict(
        ts,
        samples.map((s) => s.pssMb[p]!),
      ),
    ]),
  );
  const lagSeries = samples.filter((s) => s.lagBlocks !== null);
  const lag = growthVerdict(
    lagSeries.map((s) => s.t),
    lagSeries.map((s) => s.lagBlocks!),
  );
  const first = samples[0]!;
  const last = samples[samples.length - 1]!;
  const elapsed = Math.max(1, last.t - first.t);
  const result = {
    startedAt: new Date(t0).toISOString(),
    minutes: round(elapsed / 60),
    intervalSeconds: intervalS,
    seed: Number(values.seed),
    simulator: stats,
    chain: {
      blocks: last.chainHead - first.chainHead,
      blocksPerMinute: round(((last.chainHead - first.chainHead) / elapsed) * 60),
    },
    indexing: {
      blocks: (last.indexedBlock ?? 0) - (first.indexedBlock ?? 0),
      blocksPerMinute: round((((last.indexedBlock ?? 0) - (first.indexedBlock ?? 0)) / elapsed) * 60),
      finalLagBlocks: last.lagBlocks,
    },
    verdict: { memory, lag },
    samples,
  };
  mkdirSync(values.out!, { recursive: true });
  const file = join(values.out!, 'soak-results.json');
  writeFileSync(
    file,
    JSON.stringify(result, (_, v) => (typeof v === 'bigint' ? String(v) : v), 2),
  );
  console.log(`\nsoak: ${result.minutes} min; chain ${result.chain.blocksPerMinute} blocks/min, indexed ${result.indexing.blocksPerMinute} blocks/min, final lag ${last.lagBlocks}`);
  for (const [p, v] of Object.entries(memory)) console.log(`  ${p}: PSS ${v.secondQuarter} → ${v.lastQuarter} MB (slope ${v.slopePerHour} MB/h): ${v.verdict}`);
  console.log(`  lag: ${lag.secondQuarter} → ${lag.lastQuarter} blocks (slope ${lag.slopePerHour} blocks/h): ${lag.verdict}`);
  console.log(`soak: results in ${file}`);
} finally {
  await cleanup();
}
