// Chain reorganisations (issue 8): on anvil, blocks with trades (opens,
// closes, deposits, price posts through the real contracts) are mined and
// indexed, then dropped (evm_snapshot / evm_revert) and replaced by a longer
// canonical branch with different trades by other accounts at other prices.
// Once graph-node has followed the reorg, the API's pools, markets and
// positions equal the contracts' views at the head, and nothing from the
// dropped blocks is left. Depths 1, 5 and 20.
//
// graph-node's reorg threshold: gnd 0.45 sets ETHEREUM_REORG_THRESHOLD=10
// itself at start (gnd/src/main.rs, overriding the environment), so a
// 20-block reorg is deeper than gnd's threshold; the test shows what happens.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { parseEventLogs, parseUnits, type Address, type Hex } from 'viem';
import { IndexPriceFeed, PvpPool, PvpPoolLens, ZToken } from '@pvp/contracts/artifacts';
import { signCloseOrder, signOpenOrder } from '@pvp/contracts/orders';
import { runSimulation } from '@pvp/simulator';
import { devAccount } from '../../simulator/src/accounts.ts';
import { type RunningStack } from '../../stack/src/stack.ts';
import { startTestStack, tempDataDir } from '../e2e/harness.ts';
import { post, progress, trading, waitFor, waitIndexed } from './lib.ts';

const dataDir = tempDataDir('reorg');
let stack: RunningStack;
let t: ReturnType<typeof trading>;

before(async () => {
  stack = await startTestStack(dataDir);
  const e = stack.endpoints;
  // Fund the accounts (deposits, liquidity lock passed); the simulator leaves anvil mining on demand (evm_mine).
  const stats = await runSimulation({
    rpcUrl: e.rpcUrl,
    deployment: e.deployment.local!,
    seed: 20,
    steps: 4,
  });
  t = trading(e.rpcUrl, e.deployment.local!);
  progress(`funded; simulator's last block ${stats.lastBlock}`);
  await waitIndexed(e.graphNode.indexNode, Number(stats.lastBlock), 300_000);
});
after(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const rpc = (method: string, params: unknown[] = []) => t.client.request({ method: method as never, params: params as never });

/** graph-node's indexed block (number and hash) from the index node. */
async function indexedPtr(): Promise<{ number: number; hash: string } | null> {
  const r = await post(stack.endpoints.graphNode.indexNode, {
    query: `{ indexingStatusForCurrentVersion(subgraphName: "subgraph-0") { health fatalError { message } chains { latestBlock { number hash } } } }`,
  });
  const s = r.body?.data?.indexingStatusForCurrentVersion;
  if (s?.health === 'failed') throw Object.assign(new Error(`subgraph failed: ${s.fatalError?.message}`), { fatal: true });
  const b = s?.chains?.[0]?.latestBlock;
  // The index node gives hashes without 0x.
  return b
    ? {
        number: Number(b.number),
        hash: '0x' + String(b.hash).toLowerCase().replace(/^0x/, ''),
      }
    : null;
}

interface Branch {
  opened: Array<{ pool: Address; positionId: bigint }>;
  tag: string;
}

/** The feed's latest price of `marketId` at the chain head (the price the orders below are signed at). */
async function feedPrice(marketId: Hex): Promise<bigint> {
  const [price] = await t.client.readContract({ address: stack.endpoints.deployment.local!.priceFeed, abi: IndexPriceFeed.abi, functionName: 'latestPrice', args: [marketId] });
  return price;
}

/** The trader's next order nonce on `pool`. */
function nonceOf(pool: Address, trader: Address): Promise<bigint> {
  return t.client.readContract({ address: pool, abi: PvpPool.abi, functionName: 'nonces', args: [trader] });
}

/**
 * Mines `blocks` blocks, each with transactions: even blocks open positions for `traders` and deposit for
 * `provider`; odd blocks post prices scaled by `priceFactor` (per mille) and close the oldest open position.
 */
async function mineBranch(tag: string, blocks: number, traders: number[], provider: number, priceFactor: bigint): Promise<Branch> {
  const dep = stack.endpoints.deployment.local!;
  const chainId = stack.endpoints.chainId;
  const operator = devAccount(0);
  const branch: Branch = { opened: [], tag };
  const openNow: Array<{
    pool: Address;
    positionId: bigint;
    trader: number;
    margin: bigint;
    marketId: Hex;
  }> = [];
  for (let b = 0; b < blocks; b++) {
    const hashes: Hex[] = [];
    const head = await t.client.getBlock();
    const deadline = head.timestamp + 3600n;
    if (b % 2 === 0) {
      for (const [k, i] of traders.entries()) {
        const pool = dep.pools[(b / 2 + k) % dep.pools.length]!;
        const market = dep.markets[(b + k) % dep.markets.length]!;
        const trader = devAccount(i);
        const price = await feedPrice(market.id);
        const balance = await t.client.readContract({ address: pool.zToken, abi: ZToken.abi, functionName: 'balanceOf', args: [trader.address] });
        const nonce = await nonceOf(pool.pool, trader.address);
        const margin = balance / 40n;
        const order = {
          trader: trader.address,
          pool: pool.pool,
          marketId: market.id,
          isLong: (b + k) % 3 !== 0,
          margin,
          leverage: 3n + BigInt(k),
          price,
          deadline,
          nonce,
        };
        hashes.push(
          await t.wallet(i).writeContract({
            address: pool.pool,
            abi: PvpPool.abi,
            functionName: 'openPosition',
            args: [order, await signOpenOrder(operator, chainId, order)],
          }),
        );
      }
      const unit = 10n ** BigInt(dep.pools[0]!.settlementDecimals);
      const w = t.wallet(provider);
      hashes.push(
        await w.writeContract({
          address: dep.pools[0]!.pool,
          abi: PvpPool.abi,
          functionName: 'deposit',
          args: [(100n + BigInt(b)) * unit, 0n],
        }),
      );
    } else {
      const ids: Hex[] = [];
      const sources: bigint[][] = [];
      for (const m of dep.markets) {
        const p = ((await feedPrice(m.id)) * priceFactor) / 1000n;
        ids.push(m.id);
        sources.push([p, p, p]);
      }
      hashes.push(
        await t.wallet(0).writeContract({
          address: dep.priceFeed,
          abi: IndexPriceFeed.abi,
          functionName: 'postPrices',
          args: [ids, sources],
        }),
      );
      const oldest = openNow.shift();
      if (oldest) {
        const trader = devAccount(oldest.trader);
        const price = await feedPrice(oldest.marketId);
        const nonce = await nonceOf(oldest.pool, trader.address);
        const order = {
          trader: trader.address,
          pool: oldest.pool,
          positionId: oldest.positionId,
          margin: oldest.margin,
          price,
          deadline,
          nonce,
        };
        hashes.push(
          await t.wallet(oldest.trader).writeContract({
            address: oldest.pool,
            abi: PvpPool.abi,
            functionName: 'closePosition',
            args: [order, await signCloseOrder(operator, chainId, order)],
          }),
        );
      }
    }
    await rpc('evm_mine');
    for (const hash of hashes) {
      const receipt = await t.client.getTransactionReceipt({ hash });
      assert.equal(receipt.status, 'success', `${tag} block ${b}: transaction ${hash} reverted`);
      for (const ev of parseEventLogs({
        abi: PvpPool.abi,
        logs: receipt.logs,
        eventName: 'PositionOpened',
      })) {
        const a = ev.args as {
          positionId: bigint;
          trader: Address;
          margin: bigint;
          marketId: Hex;
        };
        const trader = traders.find((i) => devAccount(i).address.toLowerCase() === a.trader.toLowerCase())!;
        openNow.push({
          pool: ev.address,
          positionId: a.positionId,
          trader,
          margin: a.margin,
          marketId: a.marketId,
        });
        branch.opened.push({ pool: ev.address, positionId: a.positionId });
      }
    }
  }
  return branch;
}

const wad = (s: string) => parseUnits(s, 18);

/** The API's pools, markets and the given positions against the contracts at the head. */
async function assertApiMatchesChain(head: bigint, dropped: Branch, kept: Branch) {
  const e = stack.endpoints;
  const dep = e.deployment.local!;
  const api = await post(e.api.graphql, {
    query: `{ indexingStatus { indexedBlock } pools(first: 100) { nodes { id settlementBalanceRaw zTokenSupplyRaw swapRateWad floatingPnl markets { marketId latestPrice sumA1 sumB1 sumC1 sumD1 sumA2 sumB2 sumC2 sumD2 unrealisedPnlLong unrealisedPnlShort } } } }`,
  });
  assert.equal(api.body.errors, undefined, api.text.slice(0, 1000));
  assert.equal(api.body.data.indexingStatus.indexedBlock, Number(head), 'the API serves the head block');
  const pools = api.body.data.pools.nodes as Array<Record<string, any>>;
  assert.equal(pools.length, dep.pools.length);
  for (const p of pools) {
    const pool = p.id as Address;
    const [balance, supply, floating, rate] = await t.client.readContract({
      address: pool,
      abi: PvpPool.abi,
      functionName: 'poolState',
      blockNumber: head,
    });
    assert.deepEqual(
      {
        balance: p.settlementBalanceRaw,
        supply: p.zTokenSupplyRaw,
        rate: p.swapRateWad,
        floating: wad(p.floatingPnl),
      },
      {
        balance: String(balance),
        supply: String(supply),
        rate: String(rate),
        floating,
      },
      `pool ${pool} at block ${head}`,
    );
    for (const m of p.markets) {
      const sums = await t.client.readContract({
        address: pool,
        abi: PvpPool.abi,
        functionName: 'marketSums',
        args: [m.marketId],
        blockNumber: head,
      });
      const [longPnl, shortPnl] = await t.client.readContract({
        address: pool,
        abi: PvpPool.abi,
        functionName: 'unrealisedPnl',
        args: [m.marketId],
        blockNumber: head,
      });
      const [price] = await t.client.readContract({
        address: dep.priceFeed,
        abi: IndexPriceFeed.abi,
        functionName: 'latestPrice',
        args: [m.marketId],
        blockNumber: head,
      });
      assert.deepEqual(
        [m.sumA1, m.sumB1, m.sumC1, m.sumD1, m.sumA2, m.sumB2, m.sumC2, m.sumD2, m.unrealisedPnlLong, m.unrealisedPnlShort, m.latestPrice].map(wad),
        [...(sums as readonly bigint[]), longPnl, shortPnl, price],
        `market ${m.marketId} of pool ${pool} at block ${head}`,
      );
    }
  }
  // Positions of the canonical branch: as the contracts say. Positions of the dropped branch: gone.
  const byPool = async (pool: Address, ids: bigint[]) => {
    const found = new Map<bigint, any>();
    let after: string | null = null;
    do {
      const r: Awaited<ReturnType<typeof post>> = await post(e.api.graphql, {
        query: `query($pool: String!, $after: String) { positions(pool: $pool, first: 1000, after: $after) { nodes { positionId isLong status margin size notional } pageInfo { hasNextPage endCursor } } }`,
        variables: { pool, after },
      });
      assert.equal(r.body.errors, undefined, r.text.slice(0, 500));
      for (const n of r.body.data.positions.nodes) if (ids.some((id) => id === BigInt(n.positionId))) found.set(BigInt(n.positionId), n);
      after = r.body.data.positions.pageInfo.hasNextPage ? r.body.data.positions.pageInfo.endCursor : null;
    } while (after);
    return found;
  };
  for (const pool of dep.pools.map((p) => p.pool)) {
    const goneIds = dropped.opened.filter((o) => o.pool.toLowerCase() === pool.toLowerCase()).map((o) => o.positionId);
    const keptIds = kept.opened.filter((o) => o.pool.toLowerCase() === pool.toLowerCase()).map((o) => o.positionId);
    const gone = await byPool(pool, goneIds);
    assert.equal(gone.size, 0, `positions opened only in the dropped blocks are still in the API: ${[...gone.keys()].join(', ')}`);
    const found = await byPool(pool, keptIds);
    assert.equal(found.size, keptIds.length, `every position of the canonical branch is in the API (pool ${pool})`);
    for (const [id, n] of found) {
      const v = await t.client.readContract({
        address: dep.lens,
        abi: PvpPoolLens.abi,
        functionName: 'position',
        args: [pool, id],
        blockNumber: head,
      });
      const open = v.margin > 0n;
      assert.equal(n.status === 'OPEN', open, `position ${id}: status ${n.status}, on chain margin ${v.margin}`);
      if (open) assert.deepEqual([n.isLong, wad(n.margin), wad(n.size), wad(n.notional)], [v.isLong, v.margin, v.size, v.notional], `position ${id}`);
    }
  }
}

for (const depth of [1, 5, 20]) {
  test(`a ${depth}-block reorg with trades in the dropped blocks: the API follows the canonical chain`, { timeout: 10 * 60_000 }, async () => {
    const e = stack.endpoints;
    const base = await t.client.getBlockNumber();
    await waitIndexed(e.graphNode.indexNode, Number(base), 120_000);
    const snapshot = (await rpc('evm_snapshot')) as Hex;
    progress(`depth ${depth}: snapshot at ${base}`);

    // The branch that will be dropped: traders 4 and 5, provider 2, prices up 2 %.
    const dropped = await mineBranch(`dropped(${depth})`, depth, [4, 5], 2, 1020n);
    const droppedHead = await t.client.getBlock();
    assert.equal(droppedHead.number, base + BigInt(depth));
    assert.ok(dropped.opened.length > 0, 'the dropped blocks hold opened positions');
    progress(`depth ${depth}: dropped branch mined to ${droppedHead.number}`);
    await waitFor('graph-node to index the dropped branch', async () => (await indexedPtr())?.hash === droppedHead.hash.toLowerCase(), 300_000);

    // The reorg: back to `base`, then a longer branch with other trades.
    assert.equal(await rpc('evm_revert', [snapshot]), true);
    assert.equal(await t.client.getBlockNumber(), base);
    const kept = await mineBranch(`canonical(${depth})`, depth + 1, [6, 7], 3, 985n);
    const head = await t.client.getBlock();
    assert.equal(head.number, base + BigInt(depth) + 1n);
    assert.notEqual((await t.client.getBlock({ blockNumber: base + 1n })).hash, (await Promise.resolve(droppedHead)).hash);

    progress(`depth ${depth}: canonical branch mined to ${head.number}`);
    const ptr = await waitFor(
      `graph-node to follow the ${depth}-block reorg to ${head.number} ${head.hash}`,
      async () => {
        const p = await indexedPtr();
        return p && p.number >= Number(head.number) ? p : undefined;
      },
      300_000,
    );
    assert.equal(ptr.hash, head.hash.toLowerCase(), 'graph-node indexed the canonical head');
    // The API reads graph-node's store (it may lag graph-node's status by a moment).
    await waitFor(
      'the API to serve the head',
      async () =>
        (
          await post(e.api.graphql, {
            query: '{ indexingStatus { indexedBlock } }',
          })
        ).body?.data?.indexingStatus?.indexedBlock === Number(head.number),
      30_000,
    );
    await assertApiMatchesChain(head.number, dropped, kept);
  });
}
