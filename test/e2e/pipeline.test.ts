// The walking skeleton end to end on real parts: a deposit sent to anvil is
// indexed by gnd into Postgres, read by the API with Kysely, and shown by
// the dashboards in Chromium. Then the stack stops without leftovers and a
// restart on the same data folder serves the same data.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicClient, createWalletClient, http, parseUnits, type Address } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { PvpPool, TestToken } from '@pvp/contracts/artifacts';
import { waitForIndexedBlock, type RunningStack } from '../../stack/src/stack.ts';
import { ANVIL_DEV_KEY_0 } from '../../stack/src/deployment.ts';
import { CHROMIUM, alive, gql, hasChromium, startTestStack, tempDataDir } from './harness.ts';

const dataDir = tempDataDir('e2e');
let stack: RunningStack;

before(async () => {
  stack = await startTestStack(dataDir);
});

after(async () => {
  await stack?.stop();
});

async function deposit(amount: string): Promise<bigint> {
  const e = stack.endpoints;
  const local = e.deployment.local!;
  const account = privateKeyToAccount(ANVIL_DEV_KEY_0);
  const chain = { id: e.chainId, name: 'anvil', nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [e.rpcUrl] } } } as const;
  const wallet = createWalletClient({ account, chain, transport: http(e.rpcUrl) });
  const client = createPublicClient({ chain, transport: http(e.rpcUrl), pollingInterval: 50 });
  const raw = parseUnits(amount, local.settlementDecimals);
  for (const hash of [
    await wallet.writeContract({ address: local.settlementToken, abi: TestToken.abi, functionName: 'mint', args: [account.address, raw] }),
    await wallet.writeContract({ address: local.settlementToken, abi: TestToken.abi, functionName: 'approve', args: [local.pool, raw] }),
  ]) await client.waitForTransactionReceipt({ hash });
  const hash = await wallet.writeContract({ address: local.pool, abi: PvpPool.abi, functionName: 'deposit', args: [raw, 0n] });
  const receipt = await client.waitForTransactionReceipt({ hash });
  assert.equal(receipt.status, 'success');
  return receipt.blockNumber;
}

async function contractRate(pool: Address): Promise<bigint> {
  const client = createPublicClient({ transport: http(stack.endpoints.rpcUrl) });
  return client.readContract({ address: pool, abi: PvpPool.abi, functionName: 'swapRate' });
}

test('a deposit on anvil reaches graph-node and the API with the same numbers', async () => {
  const e = stack.endpoints;
  const pool = e.deployment.local!.pool;
  const block = await deposit('1000');
  await waitForIndexedBlock(e.graphNode.indexNode, Number(block));
  const client = createPublicClient({ transport: http(e.rpcUrl) });
  const [balance, supply, , rate] = await client.readContract({ address: pool, abi: PvpPool.abi, functionName: 'poolState', blockNumber: block });
  // 1000 tUSDC in, the 10 bps mint fee stays in the pool: 999 zUSDC minted, rate 1000/999.
  assert.equal(balance, 1000n * 10n ** 6n);
  assert.equal(supply, 999n * 10n ** 18n);
  assert.equal(rate, 1001001001001001001n);
  assert.equal(rate, await contractRate(pool));

  // graph-node's own GraphQL
  const g = await gql(e.graphNode.graphql, `query($id: ID!) { pool(id: $id) { id settlementBalance zTokenSupply swapRateWad depositCount liquidityEvents { kind settlementAmount fee zTokenAmount } } }`, { id: pool.toLowerCase() });
  assert.equal(g.body.errors, undefined);
  assert.deepEqual(g.body.data.pool, {
    id: pool.toLowerCase(),
    settlementBalance: balance.toString(),
    zTokenSupply: supply.toString(),
    swapRateWad: rate.toString(),
    depositCount: 1,
    liquidityEvents: [{ kind: 'DEPOSIT', settlementAmount: '1000000000', fee: '1000000', zTokenAmount: supply.toString() }],
  });

  // the API, reading graph-node's Postgres store
  const a = await gql(e.api.graphql, `query($id: String!) { pool(id: $id) { id settlementDecimals settlementBalance settlementBalanceRaw zTokenSupply swapRate swapRateWad depositCount } pools { nodes { id } pageInfo { hasNextPage endCursor } } }`, { id: pool });
  assert.equal(a.body.errors, undefined);
  assert.deepEqual(a.body.data.pool, {
    id: pool,
    settlementDecimals: 6,
    settlementBalance: '1000',
    settlementBalanceRaw: '1000000000',
    zTokenSupply: '999',
    swapRate: '1.001001001001001001',
    swapRateWad: rate.toString(),
    depositCount: 1,
  });
  const ids = a.body.data.pools.nodes.map((n: { id: string }) => n.id);
  assert.deepEqual(ids, e.deployment.local!.pools.map((p) => p.pool).sort((x, y) => x.toLowerCase().localeCompare(y.toLowerCase())));
  assert.equal(a.body.data.pools.pageInfo.hasNextPage, false);
});

test('the API reports indexing progress against the chain head', async () => {
  const a = await gql(stack.endpoints.api.graphql, `{ indexingStatus { subgraphName deployment indexedBlock chainHeadBlock lagBlocks } }`);
  const s = a.body.data.indexingStatus;
  assert.equal(s.subgraphName, 'subgraph-0');
  assert.ok(s.deployment);
  assert.ok(s.indexedBlock > 0);
  assert.ok(s.chainHeadBlock >= s.indexedBlock);
  assert.equal(s.lagBlocks, s.chainHeadBlock - s.indexedBlock);
  const ready = await fetch(stack.endpoints.api.ready);
  assert.equal(ready.status, 200);
});

test('bad input gets a clear GraphQL error with a stable code, never a 500', async () => {
  const url = stack.endpoints.api.graphql;
  const cases: Array<[string, string, Record<string, unknown>?]> = [
    ['BAD_USER_INPUT', `{ pool(id: "0x1234") { id } }`],
    ['BAD_USER_INPUT', `{ pools(first: 1000000) { nodes { id } } }`],
    ['BAD_USER_INPUT', `{ pools(first: -1) { nodes { id } } }`],
    ['BAD_USER_INPUT', `{ pools(after: "%%%") { nodes { id } } }`],
    ['GRAPHQL_PARSE_FAILED', `{ pools { nodes { id }`],
    ['GRAPHQL_VALIDATION_FAILED', `{ pools { nodes { noSuchField } } }`],
  ];
  for (const [code, query, variables] of cases) {
    const r = await gql(url, query, variables);
    assert.ok(r.status < 500, `${query}: HTTP ${r.status}`);
    assert.equal(r.body.errors?.[0]?.extensions?.code, code, query);
    assert.doesNotMatch(JSON.stringify(r.body), /at \w+ \(|node_modules|stacktrace/, 'no stack traces');
  }
  const unknown = await gql(url, `{ pool(id: "0x000000000000000000000000000000000000dead") { id } }`);
  assert.deepEqual(unknown.body, { data: { pool: null } });
  const notJson = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
  assert.equal(notJson.status, 400);
  assert.equal(((await notJson.json()) as any).errors[0].extensions.code, 'BAD_REQUEST');
});

test('the dashboard shows the indexed pool in Chromium', { skip: !hasChromium && !process.env.CI ? `Chromium not found at ${CHROMIUM}: browser test skipped (install the Debian chromium package to run it)` : false }, async () => {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(stack.endpoints.dashboards);
    const pool = stack.endpoints.deployment.local!.pool;
    const row = page.locator(`tr[data-pool="${pool}"]`);
    await row.waitFor({ timeout: 15_000 });
    // The same exact strings as the API (and so the contract) — no float rounding on the way.
    assert.equal(await row.locator('[data-field="settlementBalance"]').textContent(), '1000');
    assert.equal(await row.locator('[data-field="swapRate"]').textContent(), '1.001001001001001001');
    assert.match((await page.getByTestId('indexing-status').textContent()) ?? '', /indexed block \d+ of \d+/);
    await page.screenshot({ path: `${process.env.SCREENSHOT_DIR ?? 'test-results'}/skeleton-pools.png`, fullPage: true });
  } finally {
    await browser.close();
  }
});

test('stopping leaves no process behind and a restart serves the same data', async () => {
  const pool = stack.endpoints.deployment.local!.pool;
  const factory = stack.endpoints.deployment.factory;
  const processes = stack.processes;
  assert.deepEqual(processes.map((p) => p.name).sort(), ['anvil', 'graph-node', 'postgres']);
  await stack.stop();
  await new Promise((r) => setTimeout(r, 500));
  for (const p of processes) assert.equal(alive(p.pid), false, `${p.name} (pid ${p.pid}) still runs after stop`);
  for (const url of [stack.endpoints.rpcUrl, stack.endpoints.api.health]) {
    await assert.rejects(fetch(url, { signal: AbortSignal.timeout(1000) }), `${url} still answers after stop`);
  }
  stack = await startTestStack(dataDir);
  assert.equal(stack.endpoints.deployment.factory, factory, 'the deployment is reused, not redeployed');
  const head = await createPublicClient({ transport: http(stack.endpoints.rpcUrl) }).getBlockNumber();
  await waitForIndexedBlock(stack.endpoints.graphNode.indexNode, Number(head));
  const a = await gql(stack.endpoints.api.graphql, `query($id: String!) { pool(id: $id) { settlementBalance depositCount } }`, { id: pool });
  assert.deepEqual(a.body.data.pool, { settlementBalance: '1000', depositCount: 1 });
});
