// PriceFeedReader against a fake JSON-RPC endpoint: one shared head poll,
// prices cached per block with in-flight de-duplication, and the RPC health
// (ok → degraded without waiting → ok again; absent without an RPC).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PriceFeedReader } from './price-feed.ts';

const FEED = '0x00000000000000000000000000000000000000f1' as const;
const BTC = `0x${Buffer.from('BTC').toString('hex').padEnd(64, '0')}` as const;

async function fakeRpc() {
  const state = { head: 100, down: false, calls: { eth_blockNumber: 0, eth_call: 0 } as Record<string, number>, callBlocks: [] as string[] };
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      if (state.down) {
        res.writeHead(503).end('down');
        return;
      }
      const body = JSON.parse(raw);
      const answer = (r: { id: number; method: string; params: unknown[] }) => {
        state.calls[r.method] = (state.calls[r.method] ?? 0) + 1;
        if (r.method === 'eth_blockNumber') return { jsonrpc: '2.0', id: r.id, result: `0x${state.head.toString(16)}` };
        if (r.method === 'eth_call') {
          const block = r.params[1] as string;
          state.callBlocks.push(block);
          // price = 1000e18 + block, updatedAt = block
          const n = BigInt(block);
          return { jsonrpc: '2.0', id: r.id, result: `0x${(1000n * 10n ** 18n + n).toString(16).padStart(64, '0')}${n.toString(16).padStart(64, '0')}` };
        }
        return { jsonrpc: '2.0', id: r.id, error: { code: -32601, message: 'no such method' } };
      };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(Array.isArray(body) ? body.map(answer) : answer(body)));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, state, close: () => new Promise<void>((r) => server.close(() => r())) };
}

test('no RPC: absent, no head, no prices', async () => {
  const r = new PriceFeedReader(undefined);
  assert.equal(r.enabled, false);
  assert.equal(await r.headBlock(), null);
  assert.equal((await r.latestPrices(FEED, [BTC], 1)).size, 0);
  assert.equal((await r.probe()).rpc, 'absent');
});

test('one head poll and one eth_call per (feed, market, block) for many concurrent readers', async () => {
  const rpc = await fakeRpc();
  try {
    const r = new PriceFeedReader(rpc.url, () => {}, { headTtlMs: 10_000 });
    const heads = await Promise.all(Array.from({ length: 50 }, () => r.headBlock()));
    assert.deepEqual(new Set(heads), new Set([100]));
    assert.equal(rpc.state.calls.eth_blockNumber, 1);
    const reads = await Promise.all(Array.from({ length: 50 }, () => r.latestPrices(FEED, [BTC], 100)));
    for (const m of reads) assert.deepEqual(m.get(BTC), { price: 1000n * 10n ** 18n + 100n, updatedAt: 100n, block: 100 });
    assert.equal(rpc.state.calls.eth_call, 1, 'concurrent reads of one key share one call');
    await r.latestPrices(FEED, [BTC], 100);
    assert.equal(rpc.state.calls.eth_call, 1, 'cached for the block');
    const other = await r.latestPrices(FEED, [BTC], 101);
    assert.equal(other.get(BTC)!.block, 101, 'another block is read at that block');
    assert.deepEqual(rpc.state.callBlocks, ['0x64', '0x65']);
    assert.equal((await r.probe()).rpc, 'ok');
  } finally {
    await rpc.close();
  }
});

test('a failing RPC degrades at once, callers do not wait, and it recovers', async () => {
  const rpc = await fakeRpc();
  const logs: Array<Record<string, unknown>> = [];
  try {
    const r = new PriceFeedReader(rpc.url, (e) => logs.push(e), { headTtlMs: 20, maxStaleMs: 40 });
    assert.equal(await r.headBlock(), 100);
    rpc.state.down = true;
    await new Promise((res) => setTimeout(res, 60));
    assert.equal(await r.headBlock(), null, 'stale beyond maxStale and the refresh fails');
    const h = await r.probe();
    assert.equal(h.rpc, 'degraded');
    assert.match(h.detail, /failing since/);
    const t0 = Date.now();
    assert.equal(await r.headBlock(), null);
    assert.equal((await r.latestPrices(FEED, [BTC], 100)).size, 0, 'no price reads while degraded');
    assert.ok(Date.now() - t0 < 50, 'degraded callers get null at once');
    assert.ok(logs.some((e) => e.level === 'warn'));
    rpc.state.down = false;
    rpc.state.head = 105;
    await new Promise((res) => setTimeout(res, 30));
    const back = await r.probe();
    assert.equal(back.rpc, 'ok');
    assert.equal(back.chainHead, 105);
    assert.equal(await r.headBlock(), 105);
  } finally {
    await rpc.close();
  }
});
