// Crash and restart (issue 8): one simulated market history on anvil, indexed
// twice into two separate embedded Postgres stores: once uninterrupted (A),
// once (B) while gnd, the API and Postgres are killed with SIGKILL (the whole
// process tree) at seeded random moments of the indexing and restarted on the
// same data folder and ports. Afterwards every entity of the deployment
// (digest of all sgdN tables, current versions, bookkeeping columns left out)
// and the API's answers are the same in both.
//
// Note: `gnd dev` redeploys its subgraph at every start (new sgdN schema,
// indexing from the start block again), so each gnd restart re-indexes the
// history; a Postgres restart under a running gnd resumes the same deployment.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { runSimulation } from '@pvp/simulator';
import { digestDiff, entityDigest } from '../../stack/src/digest.ts';
import { startFaultProxy, type FaultProxy } from '../../stack/src/rpc-fault-proxy.ts';
import { SplitStack, type PartName } from '../../stack/src/split-stack.ts';
import { tempDataDir } from '../e2e/harness.ts';
import { post, progress, seededRandom, waitFor, waitIndexed } from './lib.ts';

const SEED = Number(process.env.CRASH_SEED ?? 11);
const STEPS = Number(process.env.CRASH_SIM_STEPS ?? 40);
let a: SplitStack;
let b: SplitStack | undefined;
let slow: FaultProxy | undefined;
let head = 0;

before(async () => {
  a = await new SplitStack({ dataDir: tempDataDir('crash-a'), blockTime: 0 }).start();
  const stats = await runSimulation({ rpcUrl: a.rpcUrl, deployment: a.deployment.local!, seed: SEED, steps: STEPS });
  head = Number(stats.lastBlock);
  await waitIndexed(a.indexNodeUrl, head, 600_000);
});
after(async () => {
  await b?.stop();
  await slow?.close();
  await a?.stop();
  for (const s of [a, b]) if (s) rmSync(s.opts.dataDir, { recursive: true, force: true });
});

const API_QUERY = `{ pools { nodes { id settlementBalanceRaw zTokenSupplyRaw swapRateWad floatingPnl depositCount tradeCount positionCount markets { id sumA1 sumB1 sumC1 sumD1 sumA2 sumB2 sumC2 sumD2 x1 y1 } } } positions(first: 1000) { nodes { id status margin realisedPnl } } trades(first: 1000) { nodes { id kind notional pnl } } }`;

async function apiAnswer(url: string): Promise<unknown> {
  const r = await post(`${url}/graphql`, { query: API_QUERY });
  assert.equal(r.body?.errors, undefined, r.text.slice(0, 500));
  return r.body.data;
}

test('kill -9 of gnd, the API and Postgres at random moments while indexing: the final state equals an uninterrupted run', { timeout: 25 * 60_000 }, async () => {
  const digestA = await entityDigest(a.postgresUrl);
  assert.ok(Object.keys(digestA.tables).length >= 10, `digest covers the deployment's tables: ${Object.keys(digestA.tables).join(', ')}`);
  assert.ok((digestA.tables.trade?.rows ?? 0) > 10, `the history has trades (${digestA.tables.trade?.rows})`);
  const answerA = await apiAnswer(a.apiUrl);

  // B's gnd reads the chain through a proxy that only adds latency (1 s per request), so that indexing the
  // history takes tens of seconds and the kills land while it runs.
  slow = await startFaultProxy(a.rpcUrl, { seed: SEED });
  slow.faults = { delayMs: Number(process.env.CRASH_RPC_DELAY_MS ?? 1000) };
  b = await new SplitStack({ dataDir: tempDataDir('crash-b'), chainOf: a, gndRpc: () => slow!.url }).start();

  // Each kill of Postgres or the API follows a gnd kill (whose restart re-indexes from the start block), so that
  // every kill falls into an indexing run; the moments are seeded random delays after gnd is up again.
  const random = seededRandom(SEED);
  const schedule: PartName[] = random() < 0.5 ? ['graph-node', 'postgres', 'graph-node', 'api'] : ['graph-node', 'api', 'graph-node', 'postgres'];
  const log: string[] = [];
  let gndUpAt = Date.now();
  try {
    for (const [k, part] of schedule.entries()) {
      const delay = 1000 + Math.floor(random() * 9000);
      await new Promise((r) => setTimeout(r, Math.max(0, gndUpAt + delay - Date.now())));
      const at = (await b.indexedBlock()) ?? 0;
      if (at >= head) {
        log.push(`#${k} ${part}: B already at the head (${at}) ${delay} ms after gnd came up; not killed`);
        continue;
      }
      await b.kill9(part);
      log.push(`#${k} kill -9 ${part} ${delay} ms after gnd came up, B at block ${at} of ${head}`);
      progress(log[log.length - 1]!);
      if (part === 'graph-node') {
        await b.startPart('graph-node');
        gndUpAt = Date.now();
      } else if (part === 'api') {
        await b.startPart('api');
      } else {
        await new Promise((r) => setTimeout(r, 1000));
        await b.startPart('postgres');
        // Does gnd get going again by itself once Postgres is back? If not within 90 s, restart it (a finding).
        const resumed = await waitFor('gnd to resume after the Postgres restart', async () => ((await b!.indexedBlock()) ?? 0) > at, 90_000, 500).catch(() => false);
        if (!resumed) {
          log.push('   FINDING: gnd did not resume within 90 s after Postgres came back: restarted it');
          await b.kill9('graph-node');
          await b.startPart('graph-node');
          gndUpAt = Date.now();
        } else log.push('   gnd resumed by itself after Postgres came back');
        // The API should reconnect by itself: /ready answers 200 again without a restart. Finding (bench/RESULTS.md,
        // issue 8): the API process can die instead, of an unhandled ECONNRESET from its Postgres connections. That
        // was fixed (api/src/main.ts logs unhandled rejections instead of exiting), so an API exit here fails the
        // test; RELIABILITY_LENIENT=1 records it as a finding and restarts the API instead.
        const exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> = b.api!.exited;
        const apiExit: { code: number | null; signal: NodeJS.Signals | null } | null = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 3000))]);
        if (apiExit) {
          const finding: string = `FINDING: the API process exited (code ${apiExit.code ?? apiExit.signal}) when Postgres was killed; see ${b.api!.logFile}`;
          log.push(`   ${finding}`);
          if (!process.env.RELIABILITY_LENIENT) assert.fail(finding);
          await b.startPart('api');
        }
        await waitFor('the API to be ready again after the Postgres restart', async () => (await fetch(`${b!.apiUrl}/ready`)).status === 200, 60_000, 500);
        log.push(apiExit ? '   the API was ready after its restart' : '   the API was ready again without a restart');
      }
    }
  } finally {
    console.log(`crash schedule (seed ${SEED}, head ${head}):\n  ${log.join('\n  ')}`);
  }
  for (const part of ['graph-node', 'postgres', 'api'])
    assert.ok(
      log.some((l) => l.includes(`kill -9 ${part}`)),
      `${part} was killed while indexing`,
    );
  slow.faults = {};

  await waitIndexed(b.indexNodeUrl, head, 600_000);
  const digestB = await entityDigest(b.postgresUrl);
  assert.deepEqual(digestDiff(digestA, digestB), [], 'tables that differ between the uninterrupted and the crashed run');
  assert.equal(digestB.digest, digestA.digest);
  await waitFor(
    'the API of B to serve the head',
    async () => (await post(`${b!.apiUrl}/graphql`, { query: '{ indexingStatus { indexedBlock } }' })).body?.data?.indexingStatus?.indexedBlock >= head,
    60_000,
  );
  assert.deepEqual(await apiAnswer(b.apiUrl), answerA, 'the API answers the same after the crashes');
});
