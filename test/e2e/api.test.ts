// The analytics API end to end on one private stack: deposits, signed opens
// and closes, a liquidation and index price updates go through the real
// contracts on anvil, gnd indexes them into Postgres, and the API answers.
// SPEC.md §6 example A through the API (A long 100×10, B short 200×10 at
// 10,000): rates 1.2 / 1.5 / 0.857142857142857142 / 0.75, each equal to the
// contract's swapRate() at the same block, stored, live and what-if alike.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicClient, createWalletClient, getAddress, http, parseUnits, type Address, type Hex, type PublicClient } from 'viem';
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { IndexPriceFeed, PvpPool, TestToken } from '@pvp/contracts/artifacts';
import { positionIdOf, signCloseOrder, signOpenOrder } from '@pvp/contracts/orders';
import { waitForIndexedBlock, type RunningStack } from '../../stack/src/stack.ts';
import { ANVIL_DEV_KEY_0 } from '../../stack/src/deployment.ts';
import { gql, startTestStack, tempDataDir } from './harness.ts';

const KEY_A = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d' as const; // anvil #1
const KEY_B = '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a' as const; // anvil #2
const WAD = 10n ** 18n;
const w = (n: number | bigint) => BigInt(n) * WAD;

let stack: RunningStack;
let client: PublicClient;
let url: string;
const deployer = privateKeyToAccount(ANVIL_DEV_KEY_0);
const alice = privateKeyToAccount(KEY_A);
const bob = privateKeyToAccount(KEY_B);

before(async () => {
  stack = await startTestStack(tempDataDir('api'));
  client = createPublicClient({ transport: http(stack.endpoints.rpcUrl) }) as PublicClient;
  url = stack.endpoints.api.graphql;
});

after(async () => {
  await stack?.stop();
});

function wallet(account: PrivateKeyAccount) {
  const e = stack.endpoints;
  const chain = { id: e.chainId, name: 'anvil', nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [e.rpcUrl] } } } as const;
  return createWalletClient({ account, chain, transport: http(e.rpcUrl) });
}

/** Sends a transaction, waits for it and for graph-node to index its block; returns the block. */
async function tx(account: PrivateKeyAccount, request: { address: Address; abi: readonly unknown[]; functionName: string; args: readonly unknown[] }): Promise<number> {
  const hash = await wallet(account).writeContract(request as never);
  const receipt = await client.waitForTransactionReceipt({ hash });
  assert.equal(receipt.status, 'success', `${request.functionName} failed`);
  await waitForIndexedBlock(stack.endpoints.graphNode.indexNode, Number(receipt.blockNumber));
  return Number(receipt.blockNumber);
}

async function q<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const r = await gql<T>(url, query, variables);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.errors, undefined, JSON.stringify(r.body.errors));
  return r.body.data as T;
}

async function errorCode(query: string, variables: Record<string, unknown> = {}): Promise<{ code?: string; message: string; status: number }> {
  const r = await gql(url, query, variables);
  assert.ok(r.status < 500, `${query}: HTTP ${r.status}`);
  assert.doesNotMatch(JSON.stringify(r.body), /at \w+ \(|node_modules|stacktrace|sgd\d/, 'no stack traces or internals');
  const e = r.body.errors?.[0];
  return { code: e?.extensions?.code, message: e?.message ?? '', status: r.status };
}

const local = () => stack.endpoints.deployment.local!;
const BTC = () => local().markets.find((m) => m.symbol === 'BTC')!.id as Hex;
const marketEntityId = (pool: Address, marketId: Hex) => `${pool.toLowerCase()}${marketId.slice(2)}`;
const positionEntityId = (pool: Address, id: bigint) => `${pool.toLowerCase()}${id.toString(16).padStart(64, '0')}`;

async function postPrice(marketId: Hex, price: bigint): Promise<number> {
  return tx(deployer, { address: local().priceFeed, abi: IndexPriceFeed.abi, functionName: 'postPrice', args: [marketId, [price]] });
}

async function contractRate(pool: Address, block: number): Promise<bigint> {
  return client.readContract({ address: pool, abi: PvpPool.abi, functionName: 'swapRate', blockNumber: BigInt(block) }) as Promise<bigint>;
}

async function depositAs(account: PrivateKeyAccount, pool: Address, token: Address, raw: bigint): Promise<number> {
  await tx(deployer, { address: token, abi: TestToken.abi, functionName: 'mint', args: [account.address, raw] });
  await tx(account, { address: token, abi: TestToken.abi, functionName: 'approve', args: [pool, raw] });
  return tx(account, { address: pool, abi: PvpPool.abi, functionName: 'deposit', args: [raw, 0n] });
}

async function open(account: PrivateKeyAccount, pool: Address, isLong: boolean, margin: bigint, leverage: bigint, price: bigint): Promise<{ block: number; positionId: bigint }> {
  const nonce = (await client.readContract({ address: pool, abi: PvpPool.abi, functionName: 'nonces', args: [account.address] })) as bigint;
  const order = { trader: account.address, pool, marketId: BTC(), isLong, margin, leverage, price, deadline: BigInt(Math.floor(Date.now() / 1000) + 3600 * 24), nonce };
  const signature = await signOpenOrder(deployer, stack.endpoints.chainId, order);
  const block = await tx(account, { address: pool, abi: PvpPool.abi, functionName: 'openPosition', args: [order, signature] });
  return { block, positionId: positionIdOf(account.address, nonce) };
}

async function close(account: PrivateKeyAccount, pool: Address, positionId: bigint, margin: bigint, price: bigint): Promise<number> {
  const nonce = (await client.readContract({ address: pool, abi: PvpPool.abi, functionName: 'nonces', args: [account.address] })) as bigint;
  const order = { trader: account.address, pool, positionId, margin, price, deadline: BigInt(Math.floor(Date.now() / 1000) + 3600 * 24), nonce };
  const signature = await signCloseOrder(deployer, stack.endpoints.chainId, order);
  return tx(account, { address: pool, abi: PvpPool.abi, functionName: 'closePosition', args: [order, signature] });
}

const POOL_FIELDS = `id settlementDecimals settlementBalance settlementBalanceRaw zTokenSupply zTokenSupplyRaw floatingPnl swapRate swapRateWad
  openInterestLong openInterestShort positionCount openPositionCount tradeCount liquidationCount cumulativeVolume cumulativeRealisedPnl
  parameters { openFeeBps closeFeeBps mintFeeBps keeperRewardBps liquidationThresholdBps fundingEnabled paused }
  liveSwapRate { swapRate swapRateWad floatingPnl priceSource priceBlock indexedBlock markets { market marketId price priceSource updatedAt } }`;

const MARKET_FIELDS = `id name marketId maxLeverage enabled priceFeed sumA1 sumB1 sumC1 sumD1 sumA2 sumB2 sumC2 sumD2 x1 x2 y1 y2
  averageEntryPriceLong averageEntryPriceShort latestPrice unrealisedPnlLong unrealisedPnlShort unrealisedPnl
  livePrice { price priceSource } liveUnrealisedPnlLong liveUnrealisedPnlShort liveUnrealisedPnl
  openInterestLong openInterestShort skew longShortRatio balanceRate positionCount openPositionCount tradeCount liquidationCount`;

const state: { blocks: Record<string, number>; longId?: bigint; shortId?: bigint; startTime: number } = { blocks: {}, startTime: 0 };

test('SPEC §6 A through the API: sums, positions, and the four rates agree with the contract at the same block', async () => {
  const pool = local().pool;
  const token = local().settlementToken;
  state.startTime = Number((await client.getBlock()).timestamp);
  // The example has no fees and no keeper reward: the governor (deployer) sets them to zero.
  await tx(deployer, {
    address: pool,
    abi: PvpPool.abi,
    functionName: 'setParams',
    args: [{ governor: deployer.address, protocolFeeRecipient: deployer.address, passNft: '0x0000000000000000000000000000000000000000', mintFeeBps: 0, redeemFeeBps: 0, openFeeBps: 0, closeFeeBps: 0, protocolShareBps: 0, referralRebateBps: 0, passDiscountBps: 0, liquidityLock: 0, liquidationThresholdBps: 9000, keeperRewardBps: 0, fundingEnabled: false, fundingFactorPerHour: 0n, maxFundingRatePerHour: 0n }],
  });
  await postPrice(BTC(), w(10_000));
  await depositAs(alice, pool, token, parseUnits('100', 6));
  await depositAs(bob, pool, token, parseUnits('200', 6));
  const a = await open(alice, pool, true, w(100), 10n, w(10_000));
  const b = await open(bob, pool, false, w(200), 10n, w(10_000));
  state.longId = a.positionId;
  state.shortId = b.positionId;
  state.blocks.opened = b.block;

  const d = await q(`query($id: String!) { pool(id: $id) { ${POOL_FIELDS} markets { ${MARKET_FIELDS} } } }`, { id: pool });
  const p = d.pool;
  assert.equal(p.settlementDecimals, 6);
  assert.equal(p.settlementBalance, '300');
  assert.equal(p.settlementBalanceRaw, '300000000');
  assert.equal(p.zTokenSupply, '300');
  assert.equal(p.swapRate, '1');
  assert.deepEqual(p.parameters, { openFeeBps: 0, closeFeeBps: 0, mintFeeBps: 0, keeperRewardBps: 0, liquidationThresholdBps: 9000, fundingEnabled: false, paused: false });
  assert.equal(p.openInterestLong, '1000');
  assert.equal(p.openInterestShort, '2000');
  assert.equal(p.positionCount, 2);
  assert.equal(p.openPositionCount, 2);
  assert.equal(p.liveSwapRate.swapRate, '1');
  assert.equal(p.liveSwapRate.priceSource, 'ORACLE');
  const btc = p.markets.find((m: any) => m.name === 'BTC');
  assert.ok(btc, 'the BTC market is named from its bytes32 id');
  assert.equal(p.markets.length, 3);
  assert.deepEqual(
    { sumA1: btc.sumA1, sumB1: btc.sumB1, sumC1: btc.sumC1, sumD1: btc.sumD1, sumA2: btc.sumA2, x1: btc.x1, x2: btc.x2, y1: btc.y1, y2: btc.y2 },
    { sumA1: '1000', sumB1: '0.1', sumC1: '2000', sumD1: '0.2', sumA2: '0', x1: '1000', x2: '0.1', y1: '2000', y2: '0.2' },
  );
  assert.equal(btc.averageEntryPriceLong, '10000');
  assert.equal(btc.averageEntryPriceShort, '10000');
  assert.equal(btc.latestPrice, '10000');
  assert.equal(btc.unrealisedPnl, '0');
  assert.equal(btc.livePrice.price, '10000');
  assert.equal(btc.livePrice.priceSource, 'ORACLE');
  assert.equal(btc.skew, '-1000');
  assert.equal(btc.openInterestLong, '1000');
  assert.equal(btc.longShortRatio, '0.5');
  assert.equal(btc.id, marketEntityId(pool, BTC()));

  const expected: Array<[number, string, string, string]> = [
    [10_500, '1.2', '50', '-100'],
    [11_000, '1.5', '100', '-200'],
    [9_500, '0.857142857142857142', '-50', '100'],
    [9_000, '0.75', '-100', '200'],
  ];
  for (const [index, rate, longPnl, shortPnl] of expected) {
    const block = await postPrice(BTC(), w(index));
    state.blocks[index] = block;
    const onChain = await contractRate(pool, block);
    const r = await q(
      `query($id: String!, $m: String!, $price: String!) {
        pool(id: $id) { swapRate swapRateWad floatingPnl liveSwapRate { swapRate swapRateWad priceSource priceBlock } }
        market(id: $m) { unrealisedPnlLong unrealisedPnlShort liveUnrealisedPnlLong liveUnrealisedPnlShort latestPrice }
        whatIf(market: $m, fromPrice: $price, toPrice: $price, steps: 1) { points { price swapRate longPnl shortPnl } }
      }`,
      { id: pool, m: btc.id, price: String(index) },
    );
    assert.equal(r.pool.swapRate, rate, `stored rate at ${index}`);
    assert.equal(BigInt(r.pool.swapRateWad), onChain, `stored rate = contract swapRate() at block ${block}`);
    assert.equal(r.pool.liveSwapRate.swapRate, rate, `live rate at ${index}`);
    assert.equal(r.pool.liveSwapRate.priceSource, 'ORACLE');
    assert.equal(BigInt(r.pool.liveSwapRate.swapRateWad), await contractRate(pool, r.pool.liveSwapRate.priceBlock), 'live rate = contract swapRate() at the block the prices were read');
    assert.equal(r.pool.floatingPnl, String(Number(longPnl) + Number(shortPnl)));
    assert.deepEqual([r.market.unrealisedPnlLong, r.market.unrealisedPnlShort], [longPnl, shortPnl]);
    assert.deepEqual([r.market.liveUnrealisedPnlLong, r.market.liveUnrealisedPnlShort], [longPnl, shortPnl]);
    assert.deepEqual(r.whatIf.points, [{ price: String(index), swapRate: rate, longPnl, shortPnl }]);
  }

  // What-if over a range: O(1) per point, the same four rates at the table's prices.
  const curve = await q(`query($m: String!) { whatIf(market: $m, fromPrice: "9000", toPrice: "11000", steps: 5) { otherPriceSource market { name } points { price swapRate longPnl shortPnl floatingPnl } } }`, { m: btc.id });
  assert.deepEqual(curve.whatIf.points.map((x: any) => [x.price, x.swapRate]), [['9000', '0.75'], ['9500', '0.857142857142857142'], ['10000', '1'], ['10500', '1.2'], ['11000', '1.5']]);
  assert.equal(curve.whatIf.market.name, 'BTC');

  // Positions with live unrealised PnL (price now 9,000).
  const pos = await q(`query($id: String!) { position(id: $id) { id positionId trader isLong status leverage entryPrice margin notional size unrealisedPnl markPrice { price priceSource } pool { id } market { name } trades { nodes { kind margin notional price } } } }`, { id: positionEntityId(pool, a.positionId) });
  assert.deepEqual(
    { ...pos.position, pool: pos.position.pool.id, market: pos.position.market.name },
    {
      id: positionEntityId(pool, a.positionId),
      positionId: a.positionId.toString(),
      trader: alice.address,
      isLong: true,
      status: 'OPEN',
      leverage: 10,
      entryPrice: '10000',
      margin: '100',
      notional: '1000',
      size: '0.1',
      unrealisedPnl: '-100',
      markPrice: { price: '9000', priceSource: 'ORACLE' },
      pool,
      market: 'BTC',
      trades: { nodes: [{ kind: 'OPEN', margin: '100', notional: '1000', price: '10000' }] },
    },
  );
});

test('time travel: every field answers as of a past block', async () => {
  const pool = local().pool;
  const m = marketEntityId(pool, BTC());
  for (const [index, rate] of [[10_500, '1.2'], [11_000, '1.5'], [9_500, '0.857142857142857142']] as const) {
    const block = state.blocks[index]!;
    const r = await q(`query($id: String!, $m: String!, $b: Int!) {
      pool(id: $id, block: $b) { swapRate liveSwapRate { swapRate priceBlock } markets { id latestPrice } }
      market(id: $m, block: $b) { latestPrice unrealisedPnl pool { swapRate } }
    }`, { id: pool, m, b: block });
    assert.equal(r.pool.swapRate, rate, `stored rate at block ${block}`);
    assert.equal(r.pool.liveSwapRate.swapRate, rate, 'the feed is read at the same past block');
    assert.equal(r.pool.liveSwapRate.priceBlock, block);
    assert.equal(r.market.latestPrice, String(index));
    assert.equal(r.market.pool.swapRate, rate, 'nested fields inherit the block');
  }
  const before = await q(`query($id: String!, $b: Int!) { pool(id: $id, block: $b) { positionCount } positions(pool: $id, block: $b) { nodes { id } } }`, { id: pool, b: state.blocks.opened! - 1 });
  assert.equal(before.pool.positionCount, 1, 'one block before the second open');
  assert.equal(before.positions.nodes.length, 1);
});

test('close, liquidation, trades, traders and the leaderboard', async () => {
  const pool = local().pool;
  // Price 9,000: A (long) has lost its whole margin and is liquidated; B closes with +200.
  const liqBlock = await tx(deployer, { address: pool, abi: PvpPool.abi, functionName: 'liquidate', args: [state.longId!] });
  const closeBlock = await close(bob, pool, state.shortId!, w(200), w(9_000));
  assert.equal(BigInt((await q(`query($id: String!) { pool(id: $id) { swapRateWad } }`, { id: pool })).pool.swapRateWad), await contractRate(pool, closeBlock));

  const d = await q(`query($id: String!) {
    pool(id: $id) { swapRate zTokenSupply openPositionCount liquidationCount tradeCount cumulativeRealisedPnl liveSwapRate { swapRate priceSource } }
    liquidations(pool: $id) { nodes { kind trader pnl margin keeper price } }
    trades(pool: $id, first: 2) { nodes { kind trader pnl payout } pageInfo { hasNextPage endCursor } }
    open: positions(pool: $id, status: OPEN) { nodes { id } }
    closed: positions(pool: $id, status: CLOSED) { nodes { trader realisedPnl payout status closedAtBlock unrealisedPnl } }
    leaderboard(pool: $id) { nodes { rank trader realisedPnl unrealisedPnl volume trades liquidations wins losses winRate } pageInfo { hasNextPage } }
  }`, { id: pool });
  assert.equal(d.pool.swapRate, '0.75', 'settled: the rate of example A at 9,000 still holds');
  assert.equal(d.pool.zTokenSupply, '400');
  assert.equal(d.pool.openPositionCount, 0);
  assert.equal(d.pool.liquidationCount, 1);
  assert.equal(d.pool.tradeCount, 4);
  assert.equal(d.pool.cumulativeRealisedPnl, '100');
  assert.equal(d.pool.liveSwapRate.swapRate, '0.75');
  assert.deepEqual(d.liquidations.nodes, [{ kind: 'LIQUIDATION', trader: alice.address, pnl: '-100', margin: '100', keeper: deployer.address, price: '9000' }]);
  assert.deepEqual(d.trades.nodes.map((t: any) => [t.kind, t.trader, t.pnl, t.payout]), [['CLOSE', bob.address, '200', '400'], ['LIQUIDATION', alice.address, '-100', '0']]);
  assert.equal(d.trades.pageInfo.hasNextPage, true);
  assert.deepEqual(d.open.nodes, []);
  assert.deepEqual(d.closed.nodes, [{ trader: bob.address, realisedPnl: '200', payout: '400', status: 'CLOSED', closedAtBlock: closeBlock, unrealisedPnl: null }]);
  assert.deepEqual(d.leaderboard.nodes, [
    { rank: 1, trader: bob.address, realisedPnl: '200', unrealisedPnl: '0', volume: '4000', trades: 2, liquidations: 0, wins: 1, losses: 0, winRate: '1' },
    { rank: 2, trader: alice.address, realisedPnl: '-100', unrealisedPnl: '0', volume: '2000', trades: 2, liquidations: 1, wins: 0, losses: 1, winRate: '0' },
  ]);

  // Cursor pagination: the second page continues exactly, the last page ends.
  const next = await q(`query($id: String!, $after: String) { trades(pool: $id, first: 2, after: $after) { nodes { kind trader } pageInfo { hasNextPage endCursor } } }`, { id: pool, after: d.trades.pageInfo.endCursor });
  assert.deepEqual(next.trades.nodes.map((t: any) => t.kind), ['OPEN', 'OPEN']);
  assert.deepEqual(next.trades.pageInfo, { hasNextPage: false, endCursor: null });
  const byOne = await q(`query($id: String!) { a: positions(pool: $id, first: 1) { nodes { id } pageInfo { hasNextPage endCursor } } }`, { id: pool });
  assert.equal(byOne.a.pageInfo.hasNextPage, true);
  const rest = await q(`query($id: String!, $after: String) { positions(pool: $id, first: 1, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }`, { id: pool, after: byOne.a.pageInfo.endCursor });
  assert.notEqual(rest.positions.nodes[0].id, byOne.a.nodes[0].id);
  assert.deepEqual(rest.positions.pageInfo, { hasNextPage: false, endCursor: null });
  const lb = await q(`query($id: String!) { leaderboard(pool: $id, first: 1, orderBy: LIQUIDATIONS) { nodes { rank trader } pageInfo { hasNextPage endCursor } } }`, { id: pool });
  assert.deepEqual(lb.leaderboard.nodes, [{ rank: 1, trader: alice.address }]);
  const lb2 = await q(`query($id: String!, $after: String) { leaderboard(pool: $id, first: 1, orderBy: LIQUIDATIONS, after: $after) { nodes { rank trader } pageInfo { hasNextPage } } }`, { id: pool, after: lb.leaderboard.pageInfo.endCursor });
  assert.deepEqual(lb2.leaderboard, { nodes: [{ rank: 2, trader: bob.address }], pageInfo: { hasNextPage: false } });
  // A window that ends before the trades has nobody in it.
  const empty = await q(`query($id: String!, $to: Int!) { leaderboard(pool: $id, from: 0, to: $to) { nodes { trader } } }`, { id: pool, to: state.startTime - 1 });
  assert.deepEqual(empty.leaderboard.nodes, []);

  const t = await q(`query($id: String!) { trader(id: $id) { id tradeCount positionCount winCount lossCount liquidationCount winRate cumulativeRealisedPnl cumulativeVolume unrealisedPnl
      positions { nodes { status } } trades { nodes { kind } } liquidityEvents { nodes { kind settlementAmount settlementAmountRaw zTokenAmount swapRate account pool } } } }`, { id: alice.address });
  assert.deepEqual(
    { ...t.trader, positions: t.trader.positions.nodes, trades: t.trader.trades.nodes.map((x: any) => x.kind) },
    {
      id: alice.address, tradeCount: 2, positionCount: 1, winCount: 0, lossCount: 1, liquidationCount: 1, winRate: '0', cumulativeRealisedPnl: '-100', cumulativeVolume: '2000', unrealisedPnl: '0',
      positions: [{ status: 'LIQUIDATED' }],
      trades: ['LIQUIDATION', 'OPEN'],
      liquidityEvents: { nodes: [{ kind: 'DEPOSIT', settlementAmount: '100', settlementAmountRaw: '100000000', zTokenAmount: '100', swapRate: '1', account: alice.address, pool }] },
    },
  );
  assert.equal(liqBlock < closeBlock, true);

  const proto = await q(`{ protocol { id poolCount traderCount positionCount tradeCount liquidationCount depositCount pools { id zTokenSymbol settlementDecimals } } }`);
  assert.equal(proto.protocol.id, getAddress(stack.endpoints.deployment.factory));
  assert.equal(proto.protocol.poolCount, 2);
  assert.equal(proto.protocol.positionCount, 2);
  assert.equal(proto.protocol.liquidationCount, 1);
  assert.deepEqual(proto.protocol.pools.map((x: any) => x.settlementDecimals).sort(), [18, 6]);
});

test('the 18-decimal pool applies its own settlement decimals', async () => {
  const wbnb = local().pools[1]!;
  await depositAs(alice, wbnb.pool, wbnb.settlementToken, parseUnits('1.5', 18));
  const d = await q(`query($id: String!) { pool(id: $id) { settlementDecimals settlementBalance settlementBalanceRaw zTokenSupply cumulativeMintFees swapRate } liquidityEvents(pool: $id) { nodes { settlementAmount fee zTokenAmount } } }`, { id: wbnb.pool });
  assert.equal(d.pool.settlementDecimals, 18);
  assert.equal(d.pool.settlementBalance, '1.5');
  assert.equal(d.pool.settlementBalanceRaw, '1500000000000000000');
  // 10 bps mint fee stays in the pool.
  assert.equal(d.pool.cumulativeMintFees, '0.0015');
  assert.equal(d.pool.zTokenSupply, '1.4985');
  assert.deepEqual(d.liquidityEvents.nodes, [{ settlementAmount: '1.5', fee: '0.0015', zTokenAmount: '1.4985' }]);
});

test('rate history: hourly candles from the aggregation plus the open bucket, gap-free; raw points; period stats', async () => {
  const pool = local().pool;
  const H = 3600;
  // Move the chain two hours on: graph-node rolls the finished hour up into pool_rate_candle_hour.
  await client.request({ method: 'evm_increaseTime' as never, params: [2 * H] as never });
  const token = local().settlementToken;
  await depositAs(bob, pool, token, parseUnits('30', 6));
  const now = Number((await client.getBlock()).timestamp);
  const from = Math.floor(state.startTime / H) * H;
  const c = await q(`query($id: String!, $from: Int!, $to: Int!) {
    rateCandles(pool: $id, interval: HOUR, from: $from, to: $to) { timestamp open high low close changes complete zTokenSupply }
    ratePoints(pool: $id, from: $from, first: 100) { nodes { rate timestamp blockNumber } pageInfo { hasNextPage } }
    periodStats(pool: $id, interval: HOUR, from: $from, to: $to) { timestamp volume realisedPnl liquidations deposits openInterestLong complete }
    protocolWide: periodStats(interval: DAY, from: $from, to: $to) { volume liquidations }
  }`, { id: pool, from, to: now + 1 });
  const candles = c.rateCandles;
  assert.ok(candles.length >= 3, JSON.stringify(candles));
  // Every hour from the first to the current one is present.
  for (let i = 1; i < candles.length; i++) assert.equal(candles[i].timestamp - candles[i - 1].timestamp, H);
  const rates = c.ratePoints.nodes.map((p: any) => p.rate);
  const trading = candles.slice(0, -1).filter((x: any) => x.changes > 0);
  const high = trading.reduce((m: number, x: any) => Math.max(m, Number(x.high)), 0);
  const low = trading.reduce((m: number, x: any) => Math.min(m, Number(x.low)), Infinity);
  assert.equal(high, 1.5);
  assert.equal(low, 0.75);
  assert.ok(rates.includes('1.2') && rates.includes('0.857142857142857142'));
  const gaps = candles.filter((x: any) => x.changes === 0);
  assert.ok(gaps.length >= 1, 'an hour without changes is filled');
  for (const g of gaps) assert.deepEqual([g.open, g.high, g.low, g.close], ['0.75', '0.75', '0.75', '0.75']);
  const last = candles[candles.length - 1];
  assert.equal(last.complete, false);
  assert.equal(last.close, '0.75', 'the deposit keeps the rate');
  assert.equal(last.zTokenSupply, '440');
  const vol = c.periodStats.reduce((a: number, s: any) => a + Number(s.volume), 0);
  assert.equal(vol, 6000);
  assert.equal(c.periodStats.reduce((a: number, s: any) => a + s.liquidations, 0), 1);
  assert.equal(c.protocolWide.reduce((a: number, s: any) => a + Number(s.volume), 0), 6000);

  // The aggregation table holds the finished hour (read straight from Postgres to prove the source).
  const { default: postgres } = await import('postgres');
  const sql = postgres(stack.endpoints.postgresUrl, { onnotice: () => {} });
  try {
    const [{ name }] = (await sql`select name from public.deployment_schemas where active order by id desc limit 1`) as unknown as [{ name: string }];
    const rows = await sql.unsafe(`select count(*)::int as n from "${name}".pool_rate_candle_hour`);
    assert.ok(rows[0]!.n >= 1, 'graph-node rolled up at least one hour');
  } finally {
    await sql.end();
  }
});

test('bad input: clear GraphQL errors with stable codes, never a 500', async () => {
  const pool = local().pool;
  const m = marketEntityId(pool, BTC());
  const cases: Array<[string, string, Record<string, unknown>?]> = [
    ['BAD_USER_INPUT', `{ pool(id: "0x1234") { id } }`],
    ['BAD_USER_INPUT', `{ trader(id: "not an address") { id } }`],
    ['BAD_USER_INPUT', `{ market(id: "0x1234") { id } }`],
    ['BAD_USER_INPUT', `{ positions(first: -1) { nodes { id } } }`],
    ['BAD_USER_INPUT', `{ positions(first: 0) { nodes { id } } }`],
    ['BAD_USER_INPUT', `{ trades(first: 1000000) { nodes { id } } }`],
    ['BAD_USER_INPUT', `{ trades(after: "%%%") { nodes { id } } }`],
    ['BAD_USER_INPUT', `query($c: String) { positions(after: $c) { nodes { id } } }`, { c: 'dHJhZGU6MQ' }],
    ['BAD_USER_INPUT', `query($p: String!) { rateCandles(pool: $p, interval: HOUR, from: 100, to: 50) { close } }`, { p: pool }],
    ['BAD_USER_INPUT', `query($p: String!) { rateCandles(pool: $p, interval: HOUR, from: 0, to: 2000000000) { close } }`, { p: pool }],
    ['BAD_USER_INPUT', `{ rateCandles(pool: "0x000000000000000000000000000000000000dead", interval: DAY) { close } }`],
    ['BAD_USER_INPUT', `query($p: String!) { trades(pool: $p, from: 10, to: 5) { nodes { id } } }`, { p: pool }],
    ['BAD_USER_INPUT', `query($p: String!) { pool(id: $p, block: -1) { id } }`, { p: pool }],
    ['BAD_USER_INPUT', `query($p: String!) { pool(id: $p, block: 999999999) { id } }`, { p: pool }],
    ['BAD_USER_INPUT', `query($m: String!) { whatIf(market: $m, fromPrice: "11000", toPrice: "9000") { points { price } } }`, { m }],
    ['BAD_USER_INPUT', `query($m: String!) { whatIf(market: $m, fromPrice: "abc", toPrice: "9000") { points { price } } }`, { m }],
    ['BAD_USER_INPUT', `query($m: String!) { whatIf(market: $m, fromPrice: "1", toPrice: "9000", steps: 100000) { points { price } } }`, { m }],
    ['BAD_USER_INPUT', `{ leaderboard(from: 10, to: 1) { nodes { rank } } }`],
    ['BAD_REQUEST', `mutation { pools { nodes { id } } }`],
    ['GRAPHQL_PARSE_FAILED', `{ pools { nodes { id }`],
    ['GRAPHQL_VALIDATION_FAILED', `{ pools { nodes { noSuchField } } }`],
    ['GRAPHQL_VALIDATION_FAILED', `{ rateCandles(pool: "0x", interval: WEEK) { close } }`],
    ['GRAPHQL_VALIDATION_FAILED', `{ position(id: "0x") { market { pool { markets { pool { markets { pool { markets { pool { id } } } } } } } } } }`],
    ['GRAPHQL_VALIDATION_FAILED', `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: indexingStatus { lagBlocks }`).join(' ')} }`],
    ['GRAPHQL_VALIDATION_FAILED', `{ positions(first: 1000) { nodes { trades(first: 1000) { nodes { id } } } } }`],
  ];
  for (const [code, query, variables] of cases) {
    const r = await errorCode(query, variables);
    assert.equal(r.code, code, `${query} → ${r.code}: ${r.message}`);
    assert.ok(r.message.length > 10, 'a message that says what is wrong');
  }
  // A body over the cap: a 413 the client can read, not a reset connection.
  const huge = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ pools { nodes { id } } }`, pad: 'x'.repeat(3_000_000) }) });
  assert.equal(huge.status, 413);
  assert.equal(((await huge.json()) as any).errors[0].extensions.code, 'PAYLOAD_TOO_LARGE');
  // Unknown ids are null, not errors.
  const unknown = await q(`{ pool(id: "0x000000000000000000000000000000000000dEaD") { id } trader(id: "0x000000000000000000000000000000000000dEaD") { id } }`);
  assert.deepEqual(unknown, { pool: null, trader: null });
  const status = await q(`{ indexingStatus { indexedBlock chainHeadBlock lagBlocks } }`);
  assert.ok(status.indexingStatus.indexedBlock > 0 && status.indexingStatus.lagBlocks >= 0);
});
