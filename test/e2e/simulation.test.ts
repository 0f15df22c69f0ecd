// A simulated market of at least 5,000 agent actions across two pools (6- and
// 18-decimal settlement tokens) and three markets, then the consistency check
// of issue 7: at one block, for every pool and market, the contracts' views,
// graph-node's GraphQL, the API, and an independent recomputation from
// SPEC.md's formulas over the indexed trades all agree.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicClient, http, type Address, type Hex } from 'viem';
import { PvpPool } from '@pvp/contracts/artifacts';
import { runSimulation } from '@pvp/simulator';
import { marketPnl, parseFixed, swapRate } from '../../api/src/math/pvp.ts';
import { waitForIndexedBlock, type RunningStack } from '../../stack/src/stack.ts';
import { gql, startTestStack, tempDataDir } from './harness.ts';

const ACTIONS = Number(process.env.SIM_ACTIONS ?? 5000);
let stack: RunningStack;

before(async () => {
  stack = await startTestStack(tempDataDir('simulation'));
});
after(async () => {
  await stack?.stop();
});

type Sums = [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint];

async function allTrades(block: number): Promise<{ kind: string; isLong: boolean; notional: string; size: string; market: { id: string } }[]> {
  const out = [];
  let lastId = '0x';
  for (;;) {
    const r = await gql(stack.endpoints.graphNode.graphql, `query($block: Int!, $after: Bytes!) { trades(block: { number: $block }, first: 1000, orderBy: id, where: { id_gt: $after }) { id kind isLong notional size market { id } } }`, { block, after: lastId });
    assert.equal(r.body.errors, undefined, JSON.stringify(r.body.errors));
    const page = r.body.data.trades;
    out.push(...page);
    if (page.length < 1000) return out;
    lastId = page[page.length - 1].id;
  }
}

test(`${ACTIONS} simulated actions: contracts, graph-node, the API and the formulas agree at one block`, { timeout: 45 * 60_000 }, async () => {
  const e = stack.endpoints;
  const dep = e.deployment.local!;
  const stats = await runSimulation({ rpcUrl: e.rpcUrl, deployment: dep, seed: 2026, minActions: ACTIONS });
  assert.ok(stats.actions >= ACTIONS);
  assert.ok(stats.opens > 0 && stats.closes > 0 && stats.deposits > 0 && stats.redemptions > 0, JSON.stringify(stats, (_, v) => (typeof v === 'bigint' ? String(v) : v)));

  const client = createPublicClient({ transport: http(e.rpcUrl) });
  const block = await client.getBlockNumber();
  await waitForIndexedBlock(e.graphNode.indexNode, Number(block), 20 * 60_000);

  const g = await gql(
    e.graphNode.graphql,
    `query($block: Int!) { pools(block: { number: $block }) { id settlementBalance settlementDecimals zTokenSupply initialSwapRate floatingPnl swapRateWad markets { id marketId latestPrice sumA1 sumB1 sumC1 sumD1 sumA2 sumB2 sumC2 sumD2 unrealisedPnlLong unrealisedPnlShort } } }`,
    { block: Number(block) },
  );
  assert.equal(g.body.errors, undefined);
  const pools = g.body.data.pools as { id: Address; settlementBalance: string; settlementDecimals: number; zTokenSupply: string; initialSwapRate: string; floatingPnl: string; swapRateWad: string; markets: ({ id: string; marketId: Hex; latestPrice: string } & Record<string, string>)[] }[];
  assert.equal(pools.length, dep.pools.length);

  // The formulas over the indexed trades: every open adds to Σ·1, every close or liquidation to Σ·2.
  const fromTrades = new Map<string, Sums>();
  for (const t of await allTrades(Number(block))) {
    const s = fromTrades.get(t.market.id) ?? ([0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n] as Sums);
    const base = (t.kind === 'OPEN' ? 0 : 4) + (t.isLong ? 0 : 2);
    s[base] = s[base]! + BigInt(t.notional);
    s[base + 1] = s[base + 1]! + BigInt(t.size);
    fromTrades.set(t.market.id, s);
  }

  let markets = 0;
  for (const p of pools) {
    const [balance, supply, floating, rate] = await client.readContract({ address: p.id, abi: PvpPool.abi, functionName: 'poolState', blockNumber: block });
    // graph-node = contract
    assert.deepEqual([p.settlementBalance, p.zTokenSupply, p.floatingPnl, p.swapRateWad], [balance, supply, floating, rate].map(String), `pool ${p.id}`);

    // API = contract
    const a = await gql(e.api.graphql, `query($id: String!, $block: Int!) { pool(id: $id, block: $block) { settlementBalanceRaw zTokenSupplyRaw floatingPnl swapRateWad markets { marketId sumA1 sumB1 sumC1 sumD1 sumA2 sumB2 sumC2 sumD2 unrealisedPnlLong unrealisedPnlShort } } }`, { id: p.id, block: Number(block) });
    assert.equal(a.body.errors, undefined, JSON.stringify(a.body.errors));
    const ap = a.body.data.pool;
    assert.deepEqual([ap.settlementBalanceRaw, ap.zTokenSupplyRaw, parseFixed(ap.floatingPnl), ap.swapRateWad], [String(balance), String(supply), floating, String(rate)], `API pool ${p.id}`);

    let floatingFromFormulas = 0n;
    for (const m of p.markets) {
      const sums = (await client.readContract({ address: p.id, abi: PvpPool.abi, functionName: 'marketSums', args: [m.marketId], blockNumber: block })) as readonly bigint[];
      const [longPnl, shortPnl] = await client.readContract({ address: p.id, abi: PvpPool.abi, functionName: 'unrealisedPnl', args: [m.marketId], blockNumber: block });
      const contract = [...sums, longPnl, shortPnl].map(String);
      // graph-node = contract
      assert.deepEqual(['sumA1', 'sumB1', 'sumC1', 'sumD1', 'sumA2', 'sumB2', 'sumC2', 'sumD2', 'unrealisedPnlLong', 'unrealisedPnlShort'].map((k) => m[k]), contract, `graph-node market ${m.id}`);
      // API = contract
      const am = ap.markets.find((x: { marketId: string }) => x.marketId.toLowerCase() === m.marketId.toLowerCase());
      assert.deepEqual(['sumA1', 'sumB1', 'sumC1', 'sumD1', 'sumA2', 'sumB2', 'sumC2', 'sumD2', 'unrealisedPnlLong', 'unrealisedPnlShort'].map((k) => String(parseFixed(am[k]))), contract, `API market ${m.id}`);
      // formulas over trades = contract
      const s = fromTrades.get(m.id) ?? ([0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n] as Sums);
      assert.deepEqual(s.map(String), sums.map(String), `sums from trades, market ${m.id}`);
      const open = { x1: s[0] - s[4], x2: s[1] - s[5], y1: s[2] - s[6], y2: s[3] - s[7] };
      const pnl = marketPnl(open, BigInt(m.latestPrice));
      assert.deepEqual([pnl.long, pnl.short], [longPnl, shortPnl], `PnL from formulas, market ${m.id}`);
      floatingFromFormulas += pnl.net;
      markets++;
    }
    assert.equal(floatingFromFormulas, floating, `floating PnL from formulas, pool ${p.id}`);
    assert.equal(
      swapRate({ settlementBalance: balance, settlementDecimals: p.settlementDecimals, zTokenSupply: supply, initialSwapRate: BigInt(p.initialSwapRate) }, floatingFromFormulas),
      rate,
      `rate from formulas, pool ${p.id}`,
    );
  }
  assert.equal(markets, dep.pools.length * dep.markets.length);
});
