// The dashboards in Chromium against a private stack with simulated trading:
// every view loads real data, pickers and filters change what is shown, CSV
// exports carry the API's exact strings, the freshness banner shows when
// graph-node stops, and the overview's first paint and request counts are
// measured (written to bench/dashboards.md).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { createPublicClient, http } from 'viem';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { runSimulation } from '@pvp/simulator';
import { waitForIndexedBlock, type RunningStack } from '../../stack/src/stack.ts';
import { CHROMIUM, gql, hasChromium, startTestStack, tempDataDir } from './harness.ts';
import { parseCsv } from '../../dashboards/src/lib/csv.ts';

const skip = !hasChromium && !process.env.CI ? `Chromium not found at ${CHROMIUM}: dashboard browser tests skipped (install the Debian chromium package to run them)` : false;
const SHOTS = process.env.SCREENSHOT_DIR ?? 'test-results';
const figures: Record<string, string> = {};
const requestCounts: Array<[string, number]> = [];

let stack: RunningStack;
let browser: Browser;
let context: BrowserContext;
let api: string;
let base: string;
let pool: string;
let simSummary = '';

before(async () => {
  if (skip) return;
  mkdirSync(SHOTS, { recursive: true });
  stack = await startTestStack(tempDataDir('dash'));
  const e = stack.endpoints;
  api = e.api.graphql;
  base = e.dashboards;
  pool = e.deployment.local!.pool;
  const t0 = Date.now();
  const stats = await runSimulation({ rpcUrl: e.rpcUrl, deployment: e.deployment.local!, seed: 3, steps: 150, secondsPerBlock: 60 });
  // 150 blocks × 60 s = 2.5 h of chain time: at least three hourly candles wherever the wall clock starts
  // (at 15 s/block the 37 min could fall inside one hour and leave a single candle).
  simSummary = `${stats.steps} steps, ${stats.opens} opens, ${stats.closes} closes, ${stats.liquidations} liquidations, ${stats.deposits} deposits, ${stats.redemptions} redemptions in ${((Date.now() - t0) / 1000).toFixed(0)} s`;
  const client = createPublicClient({ transport: http(e.rpcUrl) });
  await waitForIndexedBlock(e.graphNode.indexNode, Number(await client.getBlockNumber()), 180_000);
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true, colorScheme: 'dark' });
});

after(async () => {
  await browser?.close();
  await stack?.stop();
  if (!skip && Object.keys(figures).length) writeBench();
});

async function apiData<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const r = await gql<T>(api, query, variables);
  assert.equal(r.body.errors, undefined, JSON.stringify(r.body.errors));
  return r.body.data!;
}

/** Opens `path` in a fresh page and counts the requests it sends to the API until `ready` is visible and the network settles. */
async function open(path: string, ready: string, name: string): Promise<{ page: Page; requests: number }> {
  const page = await context.newPage();
  let requests = 0;
  const errors: string[] = [];
  page.on('request', (r) => {
    if (r.url() === api) requests++;
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(base + path);
  await page.locator(ready).first().waitFor({ timeout: 20_000 });
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.waitForTimeout(300);
  assert.deepEqual(errors, [], `${path}: page errors`);
  assert.equal(await page.locator('[role="alert"]').count(), 0, `${path}: ${await page.locator('[role="alert"]').allTextContents()}`);
  requestCounts.push([name, requests]);
  return { page, requests };
}

async function download(page: Page, testid: string): Promise<string[][]> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  const path = await dl.path();
  return parseCsv(readFileSync(path!, 'utf8'));
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(SHOTS, `dashboards-${name}.png`), fullPage: true });
}

function rowsOf(csv: string[][]): Array<Record<string, string>> {
  const [head, ...rows] = csv;
  return rows.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i]!])));
}

test('overview: headline figures, pools table and charts with real data; first paint and request count', { skip }, async () => {
  // First meaningful paint: when the pools table and the headline figures are on screen.
  const page = await context.newPage();
  let requests = 0;
  page.on('request', (r) => {
    if (r.url() === api) requests++;
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __fmp?: number };
    new MutationObserver(() => {
      if (w.__fmp === undefined && document.querySelector('tr[data-pool]') && document.querySelector('[data-testid="stat-volume-24h"]')) w.__fmp = performance.now();
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(base + '/');
  await page.waitForFunction(() => (window as unknown as { __fmp?: number }).__fmp !== undefined, null, { timeout: 20_000 });
  await page.locator('[data-testid="chart-overview-rate"] canvas').first().waitFor({ timeout: 20_000 });
  await page.waitForLoadState('networkidle').catch(() => {});
  const fmp = await page.evaluate(() => (window as unknown as { __fmp: number }).__fmp);
  const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null);
  const nav = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd);
  figures.fmp = fmp.toFixed(0);
  figures.fcp = fcp === null ? 'n/a' : fcp.toFixed(0);
  figures.dcl = nav.toFixed(0);
  requestCounts.push(['overview', requests]);
  // The 1.5 s goal is a benchmark figure written to bench/dashboards.md, not a test assertion:
  // timing on a shared 2-core machine would make the test flaky without telling anything new.
  assert.ok(fmp > 0, 'the overview painted its pools table and headline figures');
  assert.ok(requests <= 5, `the overview sent ${requests} API requests`);

  const d = await apiData(`{ pools { nodes { id settlementBalance swapRate zTokenSupply floatingPnl } } protocol { traderCount } indexingStatus { indexedBlock } }`);
  for (const p of d.pools.nodes) {
    const row = page.locator(`tr[data-pool="${p.id}"]`);
    assert.equal(await row.locator('[data-field="settlementBalance"]').textContent(), p.settlementBalance);
    assert.equal(await row.locator('[data-field="swapRate"]').textContent(), p.swapRate);
    assert.equal(await row.locator('[data-field="floatingPnl"]').textContent(), p.floatingPnl);
  }
  assert.match((await page.getByTestId('indexing-status').textContent()) ?? '', /indexed block \d+ of \d+/);
  assert.equal(await page.getByTestId('stat-traders').locator('.stat-value').textContent(), String(d.protocol.traderCount));
  assert.ok(d.protocol.traderCount > 0);
  assert.doesNotMatch((await page.getByTestId('stat-volume-24h').locator('.stat-value').textContent()) ?? '', /^0$/, '24h volume is not zero after the simulation');
  for (const chart of ['overview-rate', 'floating-pnl', 'skew', 'volume-fees']) assert.ok(await page.locator(`[data-testid="chart-${chart}"] canvas`).count() > 0, `${chart} chart drawn`);
  // the pools table's CSV: the API's strings
  const csv = rowsOf(await download(page, 'csv-pools'));
  assert.deepEqual(csv.map((r) => [r['Pool'], r['Settlement balance'], r['Swap rate'], r['zToken supply']]), d.pools.nodes.map((p: any) => [p.id, p.settlementBalance, p.swapRate, p.zTokenSupply]));
  await shot(page, 'overview');
  // a phone and the light theme
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId('theme-toggle').click();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
  await page.waitForTimeout(300);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the overview fits a phone's width (overflow ${overflow}px)`);
  await shot(page, 'overview-phone-light');
  await page.getByTestId('theme-toggle').click();
  await page.close();
});

test('pool: markets with the eight sums, range picker, what-if curve, liquidity feed, CSV = API', { skip }, async () => {
  const { page } = await open(`/pool/${pool}`, '[data-testid="chart-pool-rate"] canvas', 'pool');
  const d = await apiData(`query($id: String!) { pool(id: $id) { createdAtTimestamp markets { id sumA1 sumB1 sumC1 sumD1 sumA2 sumB2 sumC2 sumD2 averageEntryPriceLong averageEntryPriceShort liveUnrealisedPnl } } liquidityEvents(pool: $id, first: 100) { nodes { id settlementAmount zTokenAmount swapRate } } }`, { id: pool });
  for (const m of d.pool.markets) {
    const row = page.locator(`tr[data-market="${m.id}"]`);
    for (const k of ['sumA1', 'sumB1', 'sumC1', 'sumD1', 'sumA2', 'sumB2', 'sumC2', 'sumD2']) assert.equal(await row.locator(`[data-field="${k}"]`).textContent(), m[k], `${m.id} ${k}`);
  }
  assert.ok(d.pool.markets.some((m: any) => m.sumA1 !== '0'), 'the simulation opened longs');
  const markets = rowsOf(await download(page, 'csv-markets'));
  assert.deepEqual(markets.map((r) => [r['id'], r['Σa1'], r['Σb1'], r['Σc1'], r['Σd1'], r['Σa2'], r['Σb2'], r['Σc2'], r['Σd2'], r['Avg entry long'] || null, r['Avg entry short'] || null]), d.pool.markets.map((m: any) => [m.id, m.sumA1, m.sumB1, m.sumC1, m.sumD1, m.sumA2, m.sumB2, m.sumC2, m.sumD2, m.averageEntryPriceLong, m.averageEntryPriceShort]));
  // the what-if chart: five marked points (−10 %, −5 %, now, +5 %, +10 %)
  await page.locator('[data-testid="chart-whatif"] canvas').first().waitFor({ timeout: 15_000 });
  assert.deepEqual(await page.locator('[data-testid="table-whatif-regimes"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-regime'))), ['−10%', '−5%', 'now', '+5%', '+10%']);
  const whatIf = rowsOf(await download(page, 'csv-whatif'));
  assert.equal(whatIf.length, 61);
  // the liquidity feed
  const feed = rowsOf(await download(page, 'csv-liquidity'));
  assert.deepEqual(feed.map((r) => [r['Settlement'], r['zTokens'], r['Rate after']]), d.liquidityEvents.nodes.map((n: any) => [n.settlementAmount, n.zTokenAmount, n.swapRate]));
  await shot(page, 'pool');

  // range picker: hourly 7d → daily, all → the candles and the URL change, and match the API
  const count = async () => Number(/^(\d+) candles/.exec((await page.getByTestId('candle-count').textContent()) ?? '')?.[1]);
  const hourly = await count();
  assert.ok(hourly > 1, `hourly candles: ${hourly}`);
  await page.getByTestId('picker-interval').locator('button[data-value="DAY"]').click();
  await page.waitForURL(/interval=DAY/);
  await page.waitForFunction((n) => !document.querySelector('[data-testid="candle-count"]')?.textContent?.startsWith(`${n} candles`), hourly);
  const daily = await count();
  assert.ok(daily < hourly, `daily candles (${daily}) fewer than hourly (${hourly})`);
  await page.getByTestId('picker-range').locator('button[data-value="all"]').click();
  await page.waitForURL(/range=all/);
  await page.waitForTimeout(500);
  const candles = rowsOf(await download(page, 'csv-pool-rate'));
  const fromApi = await apiData(`query($pool: String!, $from: Int) { rateCandles(pool: $pool, interval: DAY, from: $from) { timestamp open high low close } }`, { pool, from: d.pool.createdAtTimestamp });
  assert.deepEqual(candles.map((r) => [Number(r.timestamp), r.open, r.high, r.low, r.close]), fromApi.rateCandles.map((c: any) => [c.timestamp, c.open, c.high, c.low, c.close]));
  // the permalink keeps the range
  const url = page.url();
  const again = await context.newPage();
  await again.goto(url);
  await again.getByTestId('candle-count').waitFor();
  assert.equal(await again.locator('[data-testid="picker-range"] button.active').getAttribute('data-value'), 'all');
  assert.equal(await again.locator('[data-testid="picker-interval"] button.active').getAttribute('data-value'), 'DAY');
  await again.close();
  await page.close();
});

test('market: open interest, skew and PnL history, price, liquidations', { skip }, async () => {
  const d = await apiData(`query($id: String!) { pool(id: $id) { markets { id liquidationCount openInterestLong } } }`, { id: pool });
  const market = [...d.pool.markets].sort((a: any, b: any) => b.liquidationCount - a.liquidationCount)[0];
  const { page } = await open(`/market/${market.id}`, '[data-testid="chart-market-oi"] canvas', 'market');
  assert.ok(await page.locator('[data-testid="chart-market-pnl"] canvas').count() > 0);
  assert.match((await page.getByTestId('stat-market-price').locator('.stat-value').textContent()) ?? '', /^[\d,]+(\.\d+)?$/);
  const liq = await apiData(`query($m: String!) { liquidations(market: $m, first: 100) { nodes { id pnl margin } } }`, { m: market.id });
  if (liq.liquidations.nodes.length) {
    const csv = rowsOf(await download(page, 'csv-liquidations'));
    assert.deepEqual(csv.map((r) => [r['PnL'], r['Margin']]), liq.liquidations.nodes.map((n: any) => [n.pnl, n.margin]));
  } else assert.ok(await page.getByTestId('empty').count() > 0);
  await shot(page, 'market');
  await page.close();
});

test('positions: filters by status, market and trader change the rows; CSV = API', { skip }, async () => {
  const { page } = await open('/positions', 'tr[data-position]', 'positions');
  const all = await page.locator('tr[data-position]').count();
  assert.ok(all > 0);
  await page.getByTestId('filter-status').selectOption('OPEN');
  await page.waitForURL(/status=OPEN/);
  await page.waitForFunction(() => [...document.querySelectorAll('tr[data-position] [data-field="status"]')].every((c) => c.textContent === 'OPEN'));
  const openPositions = await apiData(`{ positions(status: OPEN, first: 200) { nodes { id trader unrealisedPnl margin } } }`);
  const csv = rowsOf(await download(page, 'csv-positions'));
  assert.deepEqual(csv.map((r) => [r['Position'], r['Live PnL'], r['Margin']]), openPositions.positions.nodes.map((n: any) => [n.id, n.unrealisedPnl ?? '', n.margin]));
  // Both lists are capped at one page (200): with a busy market the open ones alone can fill it.
  assert.ok(openPositions.positions.nodes.length <= all);
  // by market
  const markets = await page.getByTestId('filter-market').locator('option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value).filter(Boolean));
  await page.getByTestId('filter-market').selectOption(markets[0]!);
  await page.waitForURL(/market=/);
  await page.waitForTimeout(500);
  const byMarket = await apiData(`query($m: String!) { positions(status: OPEN, market: $m, first: 200) { nodes { id } } }`, { m: markets[0] });
  assert.equal(await page.locator('tr[data-position]').count(), byMarket.positions.nodes.length);
  // by trader (a full address goes to the API)
  const trader = openPositions.positions.nodes[0].trader as string;
  await page.goto(`${base}/positions?trader=${trader}`);
  await page.locator('tr[data-position]').first().waitFor();
  const traders = await page.locator('tr[data-position] [data-field="trader"]').allTextContents();
  assert.ok(traders.length > 0 && traders.every((t) => trader.toLowerCase().startsWith(t.slice(0, 6).toLowerCase()) && trader.endsWith(t.slice(-4))), traders.join());
  const byTrader = await apiData(`query($t: String!) { positions(trader: $t, first: 200) { nodes { id } } }`, { t: trader });
  assert.equal(traders.length, byTrader.positions.nodes.length);
  await shot(page, 'positions');
  await page.close();
});

test('leaderboard: the time window changes the ranking; trader page with history and PnL chart', { skip }, async () => {
  const { page } = await open('/leaderboard', 'tr[data-trader]', 'leaderboard');
  const lb = await apiData(`{ leaderboard(first: 100) { nodes { rank trader realisedPnl volume } } }`);
  const csv = rowsOf(await download(page, 'csv-leaderboard-all'));
  assert.deepEqual(csv.map((r) => [r['Trader'], r['Realised PnL'], r['Volume']]), lb.leaderboard.nodes.map((n: any) => [n.trader, n.realisedPnl, n.volume]));
  await page.getByTestId('picker-order').locator('button[data-value="VOLUME"]').click();
  await page.waitForURL(/order=VOLUME/);
  await page.waitForTimeout(500);
  const byVolume = await apiData(`{ leaderboard(first: 100, orderBy: VOLUME) { nodes { trader } } }`);
  assert.equal(await page.locator('tr[data-trader]').first().getAttribute('data-trader'), byVolume.leaderboard.nodes[0].trader);
  await page.getByTestId('picker-window').locator('button[data-value="24h"]').click();
  await page.waitForURL(/window=24h/);
  await page.getByTestId('panel-leaderboard-24h').waitFor();
  await shot(page, 'leaderboard');
  const top = lb.leaderboard.nodes[0].trader as string;
  await page.goto(`${base}/trader/${top}`);
  await page.locator('[data-testid="chart-trader-pnl"] canvas').first().waitFor({ timeout: 15_000 });
  const t = await apiData(`query($id: String!) { trader(id: $id) { tradeCount trades(first: 500) { nodes { id pnl } } } }`, { id: top });
  const trades = rowsOf(await download(page, 'csv-trader-trades'));
  assert.deepEqual(trades.map((r) => r['PnL']), t.trader.trades.nodes.map((n: any) => n.pnl));
  await shot(page, 'trader');
  await page.close();
  const { requests } = await open(`/trader/${top}`, '[data-testid="chart-trader-pnl"] canvas', 'trader');
  assert.ok(requests <= 5);
});

test('errors in words; unknown ids', { skip }, async () => {
  const page = await context.newPage();
  await page.goto(`${base}/market/0x1234`);
  await page.locator('[role="alert"]').first().waitFor();
  assert.match((await page.locator('[role="alert"]').first().textContent()) ?? '', /Could not load market 0x1234: .+/);
  await page.goto(`${base}/pool/0x000000000000000000000000000000000000dEaD`);
  await page.locator('[role="alert"]').first().waitFor();
  assert.match((await page.locator('[role="alert"]').first().textContent()) ?? '', /No pool .* is indexed/);
  await page.close();
});

test('the freshness banner shows while graph-node is frozen and the chain moves on', { skip }, async () => {
  const page = await context.newPage();
  await page.goto(base + '/');
  await page.locator('tr[data-pool]').first().waitFor();
  assert.equal(await page.getByTestId('freshness-banner').count(), 0, 'no banner while indexing keeps up');
  const gn = stack.processes.find((p) => p.name === 'graph-node')!;
  process.kill(gn.pid, 'SIGSTOP');
  try {
    for (let i = 0; i < 8; i++) await fetch(stack.endpoints.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: i, method: 'evm_mine', params: [] }) });
    await page.getByTestId('freshness-banner').waitFor({ timeout: 15_000 });
    assert.match((await page.getByTestId('freshness-banner').textContent()) ?? '', /lags the chain head by \d+ blocks/);
    await shot(page, 'freshness-banner');
  } finally {
    process.kill(gn.pid, 'SIGCONT');
  }
  await page.getByTestId('freshness-banner').waitFor({ state: 'detached', timeout: 30_000 });
  await page.close();
});

function writeBench() {
  const counts = requestCounts.map(([n, c]) => `| ${n} | ${c} |`).join('\n');
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const text = `# Dashboards: first paint and API requests (issue 6)

Measured ${new Date().toISOString().slice(0, 10)} by \`test/e2e/dashboards.test.ts\` on ${cpus().length} cores (${cpu}),
headless Debian Chromium, the production build served by the stack's dashboards server, a private local
stack (anvil, embedded Postgres, gnd, API) after the simulator (seed 3: ${simSummary}).
Regenerate: \`node --import tsx --test test/e2e/dashboards.test.ts\` (rewrites this file).

## Overview, cold load (new page, empty cache)

| figure | ms | goal |
| --- | ---: | --- |
| first meaningful paint (pools table and headline figures on screen, from navigation start) | ${figures.fmp} | < 1500 |
| first contentful paint | ${figures.fcp} | |
| DOMContentLoaded | ${figures.dcl} | |

## API requests per view (POSTs to the GraphQL URL until the view is drawn and the network is idle)

| view | requests |
| --- | ---: |
${counts}

Every view also polls the indexing status (one small request every 4 s) for the header and the freshness banner.
`;
  mkdirSync('bench', { recursive: true });
  writeFileSync('bench/dashboards.md', text);
}
