// The protocol end to end: SPEC.md §6 example A through the real contracts,
// graph-node and the API; then a simulated market, after which every pool
// and market reads the same in the contracts' views and in graph-node at the
// same block (the running sums, unrealised PnL, supply, balance, rate).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicClient, createWalletClient, http, parseEventLogs, type Address, type Hex } from 'viem';
import { IndexPriceFeed, PvpPool, PvpPoolFactory, TestToken } from '@pvp/contracts/artifacts';
import { marketId } from '@pvp/contracts/deploy';
import { positionIdOf, signCloseOrder, signOpenOrder } from '@pvp/contracts/orders';
import { runSimulation } from '@pvp/simulator';
import { devAccount } from '../../simulator/src/accounts.ts';
import { localChain } from '../../simulator/src/chain.ts';
import { waitForIndexedBlock, type RunningStack } from '../../stack/src/stack.ts';
import { gql, startTestStack, tempDataDir } from './harness.ts';

const WAD = 10n ** 18n;
const w = (n: number) => BigInt(n) * WAD;
let stack: RunningStack;

before(async () => {
  stack = await startTestStack(tempDataDir('protocol'));
});
after(async () => {
  await stack?.stop();
});

function clients() {
  const e = stack.endpoints;
  const chain = localChain(e.chainId, e.rpcUrl);
  const client = createPublicClient({ chain, transport: http(e.rpcUrl), pollingInterval: 50 });
  const wallet = (i: number) => createWalletClient({ account: devAccount(i), chain, transport: http(e.rpcUrl) });
  return { client, wallet };
}

async function sendOk(hash: Hex) {
  const receipt = await clients().client.waitForTransactionReceipt({ hash });
  assert.equal(receipt.status, 'success');
  return receipt;
}

async function graphAt<T>(query: string, block: bigint, variables: Record<string, unknown> = {}): Promise<T> {
  await waitForIndexedBlock(stack.endpoints.graphNode.indexNode, Number(block));
  const r = await gql<T>(stack.endpoints.graphNode.graphql, query, { ...variables, block: Number(block) });
  assert.equal(r.body.errors, undefined, JSON.stringify(r.body.errors));
  return r.body.data!;
}

test('SPEC §6 A: four index prices, then settlement — contracts, graph-node and the API agree', async () => {
  const dep = stack.endpoints.deployment.local!;
  const { client, wallet } = clients();
  const operator = wallet(0);
  const btc = marketId('BTC');

  // A fresh zero-fee pool over tUSDC (6 decimals) so the example's numbers hold exactly.
  const created = await sendOk(
    await operator.writeContract({
      address: dep.factory,
      abi: PvpPoolFactory.abi,
      functionName: 'createPool',
      args: [
        {
          settlementToken: dep.pools[0]!.settlementToken,
          zTokenName: 'zExampleA',
          zTokenSymbol: 'zEXA',
          initialSwapRate: WAD,
          priceFeed: dep.priceFeed,
          params: {
            governor: operator.account.address,
            protocolFeeRecipient: operator.account.address,
            passNft: '0x0000000000000000000000000000000000000000',
            mintFeeBps: 0, redeemFeeBps: 0, openFeeBps: 0, closeFeeBps: 0, protocolShareBps: 0, referralRebateBps: 0, passDiscountBps: 0,
            liquidityLock: 0, liquidationThresholdBps: 10_000, keeperRewardBps: 0,
            fundingEnabled: false, fundingFactorPerHour: 0n, maxFundingRatePerHour: 0n,
          },
          markets: [{ marketId: btc, maxLeverage: 100 }],
        },
      ],
    }),
  );
  const [ev] = parseEventLogs({ abi: PvpPoolFactory.abi, logs: created.logs, eventName: 'PoolCreated' });
  const pool = ev!.args.pool as Address;
  await sendOk(await operator.writeContract({ address: pool, abi: PvpPool.abi, functionName: 'setPriceSigner', args: [operator.account.address, true] }));
  const post = async (price: number) => sendOk(await operator.writeContract({ address: dep.priceFeed, abi: IndexPriceFeed.abi, functionName: 'postPrices', args: [[btc], [[w(price)]]] }));
  await post(10_000);

  // A deposits 100 and B 200 tUSDC: 300 zToken at 1:1.
  const traders = { A: wallet(4), B: wallet(5) };
  for (const [name, t] of Object.entries(traders)) {
    const amount = (name === 'A' ? 100n : 200n) * 10n ** 6n;
    await sendOk(await t.writeContract({ address: dep.pools[0]!.settlementToken, abi: TestToken.abi, functionName: 'mint', args: [t.account.address, amount] }));
    await sendOk(await t.writeContract({ address: dep.pools[0]!.settlementToken, abi: TestToken.abi, functionName: 'approve', args: [pool, amount] }));
    await sendOk(await t.writeContract({ address: pool, abi: PvpPool.abi, functionName: 'deposit', args: [amount, 0n] }));
  }
  const deadline = (await client.getBlock()).timestamp + 3600n;
  const open = async (t: typeof traders.A, isLong: boolean, margin: bigint) => {
    const nonce = await client.readContract({ address: pool, abi: PvpPool.abi, functionName: 'nonces', args: [t.account.address] });
    const order = { trader: t.account.address, pool, marketId: btc, isLong, margin, leverage: 10n, price: w(10_000), deadline, nonce };
    await sendOk(await t.writeContract({ address: pool, abi: PvpPool.abi, functionName: 'openPosition', args: [order, await signOpenOrder(devAccount(0), stack.endpoints.chainId, order)] }));
    return positionIdOf(t.account.address, nonce);
  };
  const idA = await open(traders.A, true, w(100));
  const idB = await open(traders.B, false, w(200));

  const poolQuery = `query($id: ID!, $block: Int!) { pool(id: $id, block: { number: $block }) { zTokenSupply floatingPnl swapRateWad swapRate markets { sumA1 sumB1 sumC1 sumD1 sumA2 sumC2 unrealisedPnlLong unrealisedPnlShort averageEntryPriceLong averageEntryPriceShort } } }`;
  type PoolRow = { pool: { zTokenSupply: string; floatingPnl: string; swapRateWad: string; swapRate: string; markets: Record<string, string>[] } };
  const expected: Array<[number, number, number, string]> = [
    [10_500, 50, -100, '1.2'],
    [11_000, 100, -200, '1.5'],
    [9_500, -50, 100, '0.857142857142857142'],
    [9_000, -100, 200, '0.75'],
  ];
  for (const [price, a, b, rate] of expected) {
    const receipt = await post(price);
    const block = receipt.blockNumber;
    const onChain = await client.readContract({ address: pool, abi: PvpPool.abi, functionName: 'swapRate', blockNumber: block });
    const [longPnl, shortPnl] = await client.readContract({ address: pool, abi: PvpPool.abi, functionName: 'unrealisedPnl', args: [btc], blockNumber: block });
    assert.equal(longPnl, w(a), `contract: A at ${price}`);
    assert.equal(shortPnl, w(b), `contract: B at ${price}`);
    const g = await graphAt<PoolRow>(poolQuery, block, { id: pool.toLowerCase() }).then((d) => d.pool);
    assert.equal(g.swapRateWad, onChain.toString(), `graph-node rate = contract rate at ${price}`);
    assert.equal(g.swapRate, rate, `rate at ${price}`);
    assert.equal(g.markets[0]!.unrealisedPnlLong, w(a).toString());
    assert.equal(g.markets[0]!.unrealisedPnlShort, w(b).toString());
    assert.equal(g.markets[0]!.sumA1, w(1000).toString());
    assert.equal(g.markets[0]!.sumC1, w(2000).toString());
    assert.equal(g.markets[0]!.averageEntryPriceLong, '10000');
    assert.equal(g.zTokenSupply, w(300).toString());
  }

  // Settlement at 10,500: both close; supply 250, rate 1.2 (row 1 of the table).
  await post(10_500);
  const close = async (t: typeof traders.A, positionId: bigint, margin: bigint) => {
    const nonce = await client.readContract({ address: pool, abi: PvpPool.abi, functionName: 'nonces', args: [t.account.address] });
    const order = { trader: t.account.address, pool, positionId, margin, price: w(10_500), deadline, nonce };
    return sendOk(await t.writeContract({ address: pool, abi: PvpPool.abi, functionName: 'closePosition', args: [order, await signCloseOrder(devAccount(0), stack.endpoints.chainId, order)] }));
  };
  await close(traders.A, idA, w(100));
  const last = await close(traders.B, idB, w(200));
  const g = await graphAt<PoolRow>(poolQuery, last.blockNumber, { id: pool.toLowerCase() }).then((d) => d.pool);
  assert.equal(g.zTokenSupply, w(250).toString());
  assert.equal(g.floatingPnl, '0');
  assert.equal(g.swapRate, '1.2');
  assert.equal(g.markets[0]!.sumA2, w(1000).toString(), 'Σa2 holds the closed long notional');
  assert.equal(g.markets[0]!.sumC2, w(2000).toString(), 'Σc2 holds the closed short notional');
  const positions = await graphAt<{ positions: { status: string; realisedPnl: string; payout: string }[] }>(
    `query($block: Int!) { positions(block: { number: $block }, where: { pool: "${pool.toLowerCase()}" }, orderBy: initialMargin) { status realisedPnl payout } }`,
    last.blockNumber,
  );
  assert.deepEqual(positions.positions, [
    { status: 'CLOSED', realisedPnl: w(50).toString(), payout: w(150).toString() },
    { status: 'CLOSED', realisedPnl: (-w(100)).toString(), payout: w(100).toString() },
  ]);
});

test('after a simulated market every pool and market agrees between the contracts and graph-node', async () => {
  const e = stack.endpoints;
  const stats = await runSimulation({ rpcUrl: e.rpcUrl, deployment: e.deployment.local!, seed: 7, steps: 60 });
  assert.ok(stats.opens > 5, `the simulation traded (${JSON.stringify(stats, (_, v) => (typeof v === 'bigint' ? String(v) : v))})`);
  const { client } = clients();
  const block = await client.getBlockNumber();
  type Row = { pools: { id: Address; settlementBalance: string; zTokenSupply: string; floatingPnl: string; swapRateWad: string; markets: ({ marketId: Hex } & Record<string, string>)[] }[] };
  const g = await graphAt<Row>(
    `query($block: Int!) { pools(block: { number: $block }, first: 100) { id settlementBalance zTokenSupply floatingPnl swapRateWad markets { marketId sumA1 sumB1 sumC1 sumD1 sumA2 sumB2 sumC2 sumD2 unrealisedPnlLong unrealisedPnlShort } } }`,
    block,
  );
  assert.ok(g.pools.length >= 2);
  let checkedMarkets = 0;
  for (const p of g.pools) {
    const [balance, supply, floating, rate] = await client.readContract({ address: p.id, abi: PvpPool.abi, functionName: 'poolState', blockNumber: block });
    assert.deepEqual(
      { balance: p.settlementBalance, supply: p.zTokenSupply, floating: p.floatingPnl, rate: p.swapRateWad },
      { balance: balance.toString(), supply: supply.toString(), floating: floating.toString(), rate: rate.toString() },
      `pool ${p.id}`,
    );
    for (const m of p.markets) {
      const sums = await client.readContract({ address: p.id, abi: PvpPool.abi, functionName: 'marketSums', args: [m.marketId], blockNumber: block });
      const [longPnl, shortPnl] = await client.readContract({ address: p.id, abi: PvpPool.abi, functionName: 'unrealisedPnl', args: [m.marketId], blockNumber: block });
      assert.deepEqual(
        [m.sumA1, m.sumB1, m.sumC1, m.sumD1, m.sumA2, m.sumB2, m.sumC2, m.sumD2, m.unrealisedPnlLong, m.unrealisedPnlShort],
        [...(sums as readonly bigint[]).slice(0, 8), longPnl, shortPnl].map(String),
        `market ${m.marketId} of pool ${p.id}`,
      );
      checkedMarkets++;
    }
  }
  assert.ok(checkedMarkets >= 6);
});
