// RPC faults (issue 8): a fault-injecting JSON-RPC proxy (stack/src/rpc-fault-proxy.ts)
// sits between anvil and both gnd and the API. Under delays, dropped
// connections, HTTP 500s and JSON-RPC errors indexing still reaches the head;
// with the RPC down, gnd stops advancing (without failing the subgraph) and
// the API says it is degraded (/ready `rpc`, indexingStatus.rpcStatus) and
// serves live rates from the indexed prices (priceSource INDEXED, the stored
// rate) instead of wrong ones; when the faults stop, indexing resumes and the
// API is OK again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startFaultProxy, type FaultProxy } from '../../stack/src/rpc-fault-proxy.ts';
import { SplitStack } from '../../stack/src/split-stack.ts';
import { indexingStatus } from '../../stack/src/graph-node.ts';
import { tempDataDir } from '../e2e/harness.ts';
import { post, trading, waitFor, waitIndexed } from './lib.ts';

const dataDir = tempDataDir('rpc-faults');
let proxy: FaultProxy;
let stack: SplitStack;
let t: ReturnType<typeof trading>;

before(async () => {
  proxy = await startFaultProxy('http://127.0.0.1:1', { seed: 3 });
  stack = await new SplitStack({
    dataDir,
    blockTime: 0,
    gndRpc: (anvil) => {
      proxy.target = anvil;
      return proxy.url;
    },
    apiRpc: () => proxy.url,
  }).start();
  t = trading(stack.rpcUrl, stack.deployment.local!);
});
after(async () => {
  await stack?.stop();
  await proxy?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Deposits straight to anvil (not through the proxy); returns the block of the last one. */
async function deposits(n: number): Promise<number> {
  let last = 0n;
  const unit = 10n ** BigInt(stack.deployment.local!.pools[0]!.settlementDecimals);
  for (let i = 0; i < n; i++) {
    for (const hash of await t.deposit(2 + (i % 2), 0, (10n + BigInt(i)) * unit)) {
      const r = await t.client.waitForTransactionReceipt({ hash });
      assert.equal(r.status, 'success');
      last = r.blockNumber;
    }
  }
  return Number(last);
}

const LIVE = `query($pool: String!) { pool(id: $pool) { swapRate swapRateWad liveSwapRate { swapRate swapRateWad priceSource priceBlock } } indexingStatus { indexedBlock rpcStatus rpcDetail } }`;

async function live() {
  const r = await post(`${stack.apiUrl}/graphql`, {
    query: LIVE,
    variables: { pool: stack.deployment.local!.pool },
  });
  assert.ok(r.status < 500, `HTTP ${r.status}: ${r.text.slice(0, 300)}`);
  assert.equal(r.body.errors, undefined, r.text.slice(0, 500));
  return r.body.data as {
    pool: {
      swapRate: string;
      swapRateWad: string;
      liveSwapRate: {
        swapRate: string;
        swapRateWad: string;
        priceSource: string;
        priceBlock: number | null;
      };
    };
    indexingStatus: {
      indexedBlock: number;
      rpcStatus: string;
      rpcDetail: string;
    };
  };
}

async function ready(): Promise<{ status: number; body: any }> {
  const r = await fetch(`${stack.apiUrl}/ready`);
  return { status: r.status, body: await r.json() };
}

test('healthy proxy: indexing follows, the API reports rpc ok and live rates from the oracle', { timeout: 5 * 60_000 }, async () => {
  const block = await deposits(2);
  await waitIndexed(stack.indexNodeUrl, block, 180_000);
  const l = await waitFor(
    'a live rate from the oracle',
    async () => {
      const v = await live();
      return v.pool.liveSwapRate.priceSource === 'ORACLE' ? v : undefined;
    },
    30_000,
  );
  assert.equal(l.indexingStatus.rpcStatus, 'OK');
  const r = await ready();
  assert.equal(r.status, 200);
  assert.equal(r.body.rpc, 'ok', JSON.stringify(r.body));
  assert.ok(proxy.counts.forwarded > 0, 'gnd and the API go through the proxy');
});

test('delays, drops, HTTP 500s and JSON-RPC errors: indexing still reaches the head and the API never fails', { timeout: 8 * 60_000 }, async () => {
  proxy.faults = {
    delayMs: 150,
    dropRate: 0.15,
    httpErrorRate: 0.1,
    rpcErrorRate: 0.1,
  };
  const before = { ...proxy.counts };
  const block = await deposits(3);
  const sources = new Set<string>();
  // While gnd works through the faults, the API keeps answering (live fields from either source).
  const deadline = Date.now() + 240_000;
  for (;;) {
    const v = await live();
    sources.add(v.pool.liveSwapRate.priceSource);
    if (v.pool.liveSwapRate.priceSource === 'INDEXED') assert.equal(v.pool.liveSwapRate.swapRateWad, v.pool.swapRateWad, 'the fallback serves the indexed rate');
    if (v.indexingStatus.indexedBlock >= block) break;
    assert.ok(Date.now() < deadline, `indexing did not reach block ${block} through the faulty RPC in 240 s (counts ${JSON.stringify(proxy.counts)})`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const injected = proxy.counts.dropped + proxy.counts.httpErrors + proxy.counts.rpcErrors - before.dropped - before.httpErrors - before.rpcErrors;
  console.log(`rpc faults: ${injected} injected faults, ${proxy.counts.forwarded - before.forwarded} forwarded; price sources seen ${[...sources].join(', ')}`);
  assert.ok(injected >= 5, `faults were injected (${injected})`);
  const s = await indexingStatus(stack.indexNodeUrl);
  assert.notEqual(s?.health, 'failed', `the subgraph did not fail: ${s?.fatalError}`);
});

test('RPC down: gnd stops without failing, the API reports degraded and serves the indexed rate; back up: it resumes', { timeout: 8 * 60_000 }, async () => {
  proxy.faults = {};
  await waitIndexed(stack.indexNodeUrl, Number(await t.client.getBlockNumber()), 120_000);
  proxy.faults = { down: true };
  const frozenAt = (await stack.indexedBlock())!;
  const block = await deposits(2);
  assert.ok(block > frozenAt);

  // The API notices (a live read fails) and says so, in /ready and in indexingStatus.
  const degraded = await waitFor(
    'the API to report the RPC degraded',
    async () => {
      const v = await live();
      return v.indexingStatus.rpcStatus === 'DEGRADED' ? v : undefined;
    },
    30_000,
    500,
  );
  assert.equal(degraded.pool.liveSwapRate.priceSource, 'INDEXED', 'no live price without an RPC');
  assert.equal(degraded.pool.liveSwapRate.swapRateWad, degraded.pool.swapRateWad, 'the live rate falls back to the indexed rate, not a wrong one');
  assert.ok(degraded.indexingStatus.rpcDetail.length > 0);
  const r = await ready();
  assert.equal(r.body.rpc, 'degraded', JSON.stringify(r.body));
  assert.ok(r.status === 200 || r.status === 503, `/ready HTTP ${r.status}`);

  // gnd cannot see the new blocks; it must not fail the subgraph either.
  await new Promise((res) => setTimeout(res, 8000));
  const s = await indexingStatus(stack.indexNodeUrl);
  assert.ok((s?.latestBlock ?? 0) < block, `gnd indexed block ${s?.latestBlock} with the RPC down (new block ${block})`);
  assert.notEqual(s?.health, 'failed', `subgraph failed: ${s?.fatalError}`);

  // Back up: indexing resumes and the API is OK again, with oracle prices.
  proxy.faults = {};
  await waitIndexed(stack.indexNodeUrl, block, 180_000);
  const ok = await waitFor(
    'the API to report the RPC ok again',
    async () => {
      const v = await live();
      return v.indexingStatus.rpcStatus === 'OK' && v.pool.liveSwapRate.priceSource === 'ORACLE' ? v : undefined;
    },
    60_000,
    500,
  );
  assert.ok(ok.pool.liveSwapRate.priceBlock !== null);
  assert.equal((await ready()).body.rpc, 'ok');
});
