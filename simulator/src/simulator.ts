// The market simulator: agents trading through the real contracts on a local
// chain — traders with trend, mean-reversion and random strategies, an
// arbitrageur joining the minority side, neutral liquidity providers, a
// liquidation keeper and a price keeper posting the median of several
// sources along seeded GBM-with-jumps paths. Deterministic under a seed.
import { parseEventLogs, type Address, type HDAccount, type Hex } from 'viem';
import { formatFixed, isLiquidatable, pricePnl, WAD } from '@pvp/math';
import { round } from '@pvp/math/decimal';
import { PvpPoolLens } from '@pvp/contracts/artifacts';
import type { Deployment, PoolDeployment } from '@pvp/contracts/deploy';
import { signCloseOrder, signOpenOrder } from '@pvp/contracts/orders';
import { ROLES, devAccount } from './accounts.ts';
import { abis, ChainAccess, localChain } from './chain.ts';
import { chooseLeverage, chooseSide, minoritySide, shouldClose, type Strategy } from './agents/strategies.ts';
import { PricePath, pathFor, toWad } from './price-paths.ts';
import { Random } from './random.ts';


export interface SimulatorOptions {
  rpcUrl: string;
  deployment: Deployment;
  seed: number;
  /** Stop after this many steps (default: run until aborted). */
  steps?: number;
  /** Or stop once this many agent actions (opens, closes, liquidations, deposits, redemptions) succeeded. */
  minActions?: number;
  /** Simulated seconds per block (the accelerated clock). */
  secondsPerBlock?: number;
  /** The price keeper posts every this many steps (default 4; each post revalues every pool, the heaviest event to index). */
  priceEvery?: number;
  /** Real milliseconds to wait between steps (0 = as fast as the chain answers). */
  paceMs?: number;
  /** Compact status line, every `statusEvery` steps. */
  onStatus?: (line: string) => void;
  statusEvery?: number;
  signal?: AbortSignal;
}

export interface SimulatorStats {
  steps: number;
  actions: number;
  opens: number;
  closes: number;
  liquidations: number;
  deposits: number;
  redemptions: number;
  priceUpdates: number;
  openPositions: number;
  /** Block of the last transaction sent. */
  lastBlock: bigint;
}

interface TrackedPosition {
  pool: PoolDeployment;
  positionId: bigint;
  trader: HDAccount;
  marketId: Hex;
  isLong: boolean;
  margin: bigint;
  notional: bigint;
  size: bigint;
  openedAt: number;
}

const STRATEGIES: Strategy[] = ['trend', 'mean-reversion', 'random', 'trend', 'random'];

export async function runSimulation(opts: SimulatorOptions): Promise<SimulatorStats> {
  const dep = opts.deployment;
  const random = new Random(opts.seed);
  const chain = new ChainAccess(opts.rpcUrl, localChain(dep.chainId, opts.rpcUrl));
  const secondsPerBlock = opts.secondsPerBlock ?? 15;
  const operator = devAccount(ROLES.operator);
  const liquidator = devAccount(ROLES.liquidator);
  const providers = ROLES.providers.map(devAccount);
  const traders = ROLES.traders.map(devAccount);
  const arbitrageur = traders[traders.length - 1]!;
  const stats: SimulatorStats = { steps: 0, actions: 0, opens: 0, closes: 0, liquidations: 0, deposits: 0, redemptions: 0, priceUpdates: 0, openPositions: 0, lastBlock: 0n };

  // A deployment read back from the stack's JSON state carries prices as strings.
  const initial = new Map(dep.markets.map((m) => [m.id, BigInt(m.initialPrice)]));
  const paths = new Map(dep.markets.map((m) => [m.id, new PricePath(pathFor(m.symbol, Number(formatFixed(initial.get(m.id)!))), random)]));
  const lastPrice = new Map(initial);
  /** The last prices posted per market (oldest first), for the strategies' recent return. */
  const history = new Map(dep.markets.map((m) => [m.id, [initial.get(m.id)!]]));
  const open: TrackedPosition[] = [];
  /** Transactions sent in this step, with what to do once the step's block is mined. */
  let pending: Array<{ hash: Hex; onMined: (logs: readonly { blockNumber: bigint }[]) => void }> = [];
  /** Accounts that already sent an order this step (one order nonce per trader and step). */
  const busy = new Set<string>();
  const nonces = new Map<string, bigint>();
  const key = (pool: Address, trader: Address) => `${pool}:${trader}`;

  // Each pool's liquidation threshold, and whether funding can make a position liquidatable at an unchanged price.
  const risk = new Map<Address, { thresholdBps: number; funding: boolean }>();
  for (const pool of dep.pools) {
    const params = await chain.client.readContract({ address: dep.lens, abi: PvpPoolLens.abi, functionName: 'params', args: [pool.pool] });
    risk.set(pool.pool, { thresholdBps: params.liquidationThresholdBps, funding: params.fundingEnabled });
  }

  // Funding runs with automine (each deposit needs its approval mined); the steps then mine one block each.
  await chain.useStepClock(secondsPerBlock, false);
  try {
    // Fund everyone: settlement tokens from the local token faucets, then zTokens by deposit.
    for (const pool of dep.pools) {
      const unit = 10n ** BigInt(pool.settlementDecimals);
      for (const account of [...providers, ...traders]) {
        const amount = (account === providers[0] || account === providers[1] ? 200_000n : 20_000n) * unit;
        await chain.tryWrite(operator, { address: pool.settlementToken, abi: abis.TestToken, functionName: 'mint', args: [account.address, amount * 10n] });
        await chain.tryWrite(account, { address: pool.settlementToken, abi: abis.TestToken, functionName: 'approve', args: [pool.pool, 2n ** 255n] });
        if (await chain.tryWrite(account, { address: pool.pool, abi: abis.PvpPool, functionName: 'deposit', args: [amount, 0n] })) stats.deposits++;
      }
      for (const trader of traders) nonces.set(key(pool.pool, trader.address), await chain.nonce(pool.pool, trader.address));
    }
    // Let the liquidity lock pass so traders can use their zTokens.
    await chain.advanceTime(7 * 24 * 3600);
    await chain.useStepClock(secondsPerBlock, true);
    await postPrices();
    await mineStep();

    const done = () =>
      opts.signal?.aborted || (opts.steps !== undefined && stats.steps >= opts.steps) || (opts.minActions !== undefined && stats.actions >= opts.minActions);
    while (!done()) {
      await step();
      stats.steps++;
      if (opts.onStatus && stats.steps % (opts.statusEvery ?? 20) === 0) opts.onStatus(await statusLine());
      if (opts.paceMs) await new Promise((r) => setTimeout(r, opts.paceMs));
    }
  } finally {
    stats.openPositions = open.length;
  }
  return stats;


  async function submit(account: HDAccount, call: Parameters<ChainAccess['trySend']>[1], onMined: (logs: readonly { blockNumber: bigint }[]) => void): Promise<boolean> {
    const hash = await chain.trySend(account, call);
    if (hash) pending.push({ hash, onMined });
    return hash !== null;
  }

  /** Mines everything sent this step into one block, then applies the outcomes in sending order. */
  async function mineStep() {
    const sent = pending;
    pending = [];
    busy.clear();
    if (sent.length === 0) return;
    await chain.mine();
    for (const tx of sent) {
      const logs = await chain.outcome(tx.hash);
      if (!logs) continue;
      const last = logs[logs.length - 1];
      if (last) stats.lastBlock = last.blockNumber;
      tx.onMined(logs);
    }
  }

  async function postPrices() {
    const ids: Hex[] = [];
    const sources: bigint[][] = [];
    for (const m of dep.markets) {
      const path = paths.get(m.id)!;
      // About 1.5 blocks per step: the path moves by the simulated time since the last post.
      path.step(secondsPerBlock * 1.5 * (opts.priceEvery ?? 4));
      ids.push(m.id);
      sources.push(path.sources(3).map(toWad));
    }
    // The agents act on the posted prices in this same step (their simulations still see the previous block).
    const sent = await submit(operator, { address: dep.priceFeed, abi: abis.IndexPriceFeed, functionName: 'postPrices', args: [ids, sources] }, () => stats.priceUpdates++);
    if (sent) {
      for (let i = 0; i < ids.length; i++) {
        const price = median(sources[i]!);
        lastPrice.set(ids[i]!, price);
        const h = history.get(ids[i]!)!;
        h.push(price);
        if (h.length > 20) h.shift();
      }
    }
  }

  /** One step: prices (every few steps), liquidations, then each agent may act; all in one block. */
  async function step() {
    if (stats.steps % (opts.priceEvery ?? 4) === 0) await postPrices();
    await liquidateUnderwater();
    for (const trader of traders.slice(0, -1)) {
      if (!random.chance(0.6)) continue;
      if (random.chance(0.55)) await openPosition(trader);
      else await maybeClose(trader);
    }
    if (random.chance(0.3)) await provideLiquidity();
    if (random.chance(0.3)) await arbitrage();
    await mineStep();
  }

  function marketView(pool: Address, marketId: Hex) {
    let longOpen = 0;
    let shortOpen = 0;
    for (const p of open) {
      if (p.pool.pool !== pool || p.marketId !== marketId) continue;
      if (p.isLong) longOpen += Number(p.notional / WAD);
      else shortOpen += Number(p.notional / WAD);
    }
    const prev = Number(history.get(marketId)![0]!);
    const now = Number(lastPrice.get(marketId)!);
    return { recentReturn: Math.log(now / prev), longOpen, shortOpen };
  }

  async function openPosition(trader: HDAccount, forcedSide?: 'long' | 'short', poolChoice?: PoolDeployment, marketChoice?: Hex) {
    const pool = poolChoice ?? random.pick(dep.pools);
    const market = marketChoice ? dep.markets.find((m) => m.id === marketChoice)! : random.pick(dep.markets);
    const strategy = STRATEGIES[traders.indexOf(trader) % STRATEGIES.length]!;
    const side = forcedSide ?? chooseSide(strategy, marketView(pool.pool, market.id), random);
    if (!side || busy.has(trader.address)) return;
    const balance = await chain.zBalance(pool.zToken, trader.address);
    const margin = (balance * BigInt(random.int(2, 8))) / 100n;
    if (margin === 0n) return;
    const leverage = BigInt(chooseLeverage(random, market.maxLeverage));
    const nonce = nonces.get(key(pool.pool, trader.address))!;
    const block = await chain.client.getBlock();
    const order = { trader: trader.address, pool: pool.pool, marketId: market.id, isLong: side === 'long', margin, leverage, price: lastPrice.get(market.id)!, deadline: block.timestamp + 3600n, nonce };
    const signature = await signOpenOrder(operator, dep.chainId, order);
    const sent = await submit(trader, { address: pool.pool, abi: abis.PvpPool, functionName: 'openPosition', args: [order, signature] }, (logs) => {
      const [opened] = parseEventLogs({ abi: abis.PvpPool, logs: logs as never, eventName: 'PositionOpened' });
      if (!opened) return;
      nonces.set(key(pool.pool, trader.address), nonce + 1n);
      const a = opened.args as { positionId: bigint; size: bigint; notional: bigint };
      open.push({ pool, positionId: a.positionId, trader, marketId: market.id, isLong: side === 'long', margin, notional: a.notional, size: a.size, openedAt: Number(block.timestamp) });
      stats.opens++;
      stats.actions++;
    });
    if (sent) busy.add(trader.address);
  }

  /** The position's price PnL at the last posted index price, as the contract computes it. */
  function pnlOf(p: TrackedPosition): bigint {
    return pricePnl(p.notional, p.size, lastPrice.get(p.marketId)!, p.isLong);
  }

  async function maybeClose(trader: HDAccount) {
    const mine = open.filter((p) => p.trader === trader);
    if (mine.length === 0 || busy.has(trader.address)) return;
    const p = random.pick(mine);
    const now = Number((await chain.client.getBlock()).timestamp);
    if (!shouldClose(Number(pnlOf(p)) / Number(p.margin), now - p.openedAt, random)) return;
    const partial = random.chance(0.3) && p.margin > 1n;
    const margin = partial ? p.margin / 2n : p.margin;
    const nonce = nonces.get(key(p.pool.pool, p.trader.address))!;
    const order = { trader: p.trader.address, pool: p.pool.pool, positionId: p.positionId, margin, price: lastPrice.get(p.marketId)!, deadline: BigInt(now + 3600), nonce };
    const signature = await signCloseOrder(operator, dep.chainId, order);
    const sent = await submit(p.trader, { address: p.pool.pool, abi: abis.PvpPool, functionName: 'closePosition', args: [order, signature] }, (logs) => {
      nonces.set(key(p.pool.pool, p.trader.address), nonce + 1n);
      const [closed] = parseEventLogs({ abi: abis.PvpPool, logs: logs as never, eventName: 'PositionClosed' });
      const c = closed?.args as { closedNotional: bigint; closedSize: bigint; remainingMargin: bigint } | undefined;
      if (!c || c.remainingMargin === 0n) {
        if (open.includes(p)) open.splice(open.indexOf(p), 1);
      } else {
        p.margin = c.remainingMargin;
        p.notional -= c.closedNotional;
        p.size -= c.closedSize;
      }
      stats.closes++;
      stats.actions++;
    });
    if (sent) busy.add(p.trader.address);
  }

  async function liquidateUnderwater() {
    for (const p of [...open]) {
      // Pre-filter with the contract's rule at the last price (funding aside, so with funding on every position
      // is tried); the contract decides (simulated first, so no failing transaction is sent).
      const { thresholdBps, funding } = risk.get(p.pool.pool)!;
      if (!funding && !isLiquidatable(p.margin, pnlOf(p), 0n, thresholdBps)) continue;
      await submit(liquidator, { address: p.pool.pool, abi: abis.PvpPool, functionName: 'liquidate', args: [p.positionId] }, () => {
        if (open.includes(p)) open.splice(open.indexOf(p), 1);
        stats.liquidations++;
        stats.actions++;
      });
    }
  }

  async function arbitrage() {
    for (const pool of dep.pools) {
      for (const m of dep.markets) {
        const side = minoritySide(marketView(pool.pool, m.id));
        if (side) return openPosition(arbitrageur, side, pool, m.id);
      }
    }
  }

  async function provideLiquidity() {
    const lp = random.pick(providers);
    const pool = random.pick(dep.pools);
    const unit = 10n ** BigInt(pool.settlementDecimals);
    if (random.chance(0.6)) {
      await submit(lp, { address: pool.pool, abi: abis.PvpPool, functionName: 'deposit', args: [BigInt(random.int(100, 5_000)) * unit, 0n] }, () => {
        stats.deposits++;
        stats.actions++;
      });
    } else {
      const balance = await chain.zBalance(pool.zToken, lp.address);
      const amount = (balance * BigInt(random.int(1, 10))) / 100n;
      if (amount > 0n) {
        await submit(lp, { address: pool.pool, abi: abis.PvpPool, functionName: 'redeem', args: [amount, 0n] }, () => {
          stats.redemptions++;
          stats.actions++;
        });
      }
    }
  }

  async function statusLine() {
    const block = await chain.client.getBlockNumber();
    const rates = await Promise.all(dep.pools.map(async (p) => `${p.zTokenSymbol} ${round(formatFixed(await chain.swapRate(p.pool)), 4)}`));
    return `sim: step ${stats.steps} · block ${block} · opens ${stats.opens} closes ${stats.closes} liquidations ${stats.liquidations} · open ${open.length} · ${rates.join(' · ')}`;
  }
}

function median(values: bigint[]): bigint {
  const s = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2n;
}
