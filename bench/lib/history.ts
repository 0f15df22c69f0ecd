// A chain history for the indexing benchmark, made of real transactions to
// the real contracts (so graph-node sees the real events):
//
//  1. warm-up: the market simulator (simulator/src/simulator.ts) for a few
//     hundred steps — it funds every account, deposits, and trades with its
//     agents (opens, closes, liquidations, deposits, redemptions), one
//     transaction per block;
//  2. bulk: anvil's automine off, then per block one price post (3 markets),
//     a few opens per trader, a full close of every position the trader opened
//     in the previous block, and one deposit — sent as signed raw
//     transactions without waiting, then `evm_mine`. This reaches 100,000
//     events in minutes instead of the simulator's ~25 (at ~70 events/s), at
//     the price of denser blocks (~100 events per block instead of ~2.5).
import { encodeFunctionData, parseEventLogs, type Address, type Hex, type HDAccount, type PublicClient } from 'viem';
import type { Deployment } from '@pvp/contracts/deploy';
import { signCloseOrder, signOpenOrder } from '@pvp/contracts/orders';
import { ROLES, devAccount } from '../../simulator/src/accounts.ts';
import { abis } from '../../simulator/src/chain.ts';
import { runSimulation, type SimulatorStats } from '../../simulator/src/simulator.ts';
import { Random } from '../../simulator/src/random.ts';

export interface HistoryOptions {
  rpcUrl: string;
  client: PublicClient;
  deployment: Deployment;
  targetEvents: number;
  seed: number;
  warmupSteps: number;
  /** Opens per trader per block in the bulk phase. */
  opensPerTrader: number;
  log: (l: string) => void;
}

export interface HistoryStats {
  warmup: SimulatorStats;
  warmupSeconds: number;
  bulkSeconds: number;
  bulkBlocks: number;
  bulkTransactions: number;
  bulkFailedTransactions: number;
  /** Events of the indexed data sources (factory, pools, feed) by name, whole history. */
  eventsByName: Record<string, number>;
  events: number;
  startBlock: number;
  headBlock: number;
}

interface Open {
  pool: Address;
  trader: HDAccount;
  marketId: Hex;
  positionId: bigint;
  margin: bigint;
}

export async function generateHistory(opts: HistoryOptions): Promise<HistoryStats> {
  const { client, deployment: dep, log } = opts;
  const sources = [dep.factory, dep.priceFeed, ...dep.pools.map((p) => p.pool)] as Address[];
  const countEvents = async (from: bigint, to: bigint, into: Record<string, number>) => {
    // In slices: anvil answers large ranges, but the JSON gets big.
    let n = 0;
    for (let a = from; a <= to; a += 50n) {
      const b = a + 49n < to ? a + 49n : to;
      const logs = await client.getLogs({ address: sources, fromBlock: a, toBlock: b });
      for (const l of parseEventLogs({ abi: [...abis.PvpPool, ...abis.IndexPriceFeed, ...(await factoryAbi())] as never, logs, strict: false }) as { eventName?: string }[]) {
        const name = l.eventName ?? 'unknown';
        into[name] = (into[name] ?? 0) + 1;
      }
      n += logs.length;
    }
    return n;
  };

  // 1. warm-up with the simulator.
  const t0 = Date.now();
  const warmup = await runSimulation({ rpcUrl: opts.rpcUrl, deployment: dep, seed: opts.seed, steps: opts.warmupSteps, paceMs: 0 });
  const warmupSeconds = (Date.now() - t0) / 1000;
  const eventsByName: Record<string, number> = {};
  let events = await countEvents(BigInt(dep.startBlock), await client.getBlockNumber(), eventsByName);
  log(`history: warm-up ${opts.warmupSteps} simulator steps → ${events} events in ${warmupSeconds.toFixed(0)} s`);

  // 2. bulk.
  const random = new Random(opts.seed + 1);
  const operator = devAccount(ROLES.operator);
  const provider = devAccount(ROLES.providers[0]);
  const traders = ROLES.traders.map(devAccount);
  const accountNonce = new Map<Address, number>();
  for (const a of [operator, provider, ...traders]) accountNonce.set(a.address, await client.getTransactionCount({ address: a.address, blockTag: 'pending' }));
  const orderNonce = new Map<string, bigint>();
  for (const pool of dep.pools) for (const t of traders) orderNonce.set(`${pool.pool}:${t.address}`, (await client.readContract({ address: pool.pool, abi: abis.PvpPool, functionName: 'nonces', args: [t.address] })) as bigint);
  const prices = new Map<Hex, bigint>();
  for (const m of dep.markets) prices.set(m.id, ((await client.readContract({ address: dep.priceFeed, abi: abis.IndexPriceFeed, functionName: 'latestPrice', args: [m.id] })) as readonly [bigint, bigint])[0]);

  await client.request({ method: 'evm_setAutomine' as never, params: [false] as never });
  const gasPrice = 20_000_000_000n;
  const send = async (from: HDAccount, to: Address, data: Hex, gas = 900_000n): Promise<Hex> => {
    const nonce = accountNonce.get(from.address)!;
    accountNonce.set(from.address, nonce + 1);
    const raw = await from.signTransaction({ to, data, gas, gasPrice, nonce, chainId: dep.chainId, type: 'legacy' });
    return client.request({ method: 'eth_sendRawTransaction', params: [raw] });
  };

  let openNow: Open[] = [];
  let bulkTransactions = 0;
  let bulkFailed = 0;
  let bulkBlocks = 0;
  const t1 = Date.now();
  let lastBlock = await client.getBlockNumber();
  while (events < opts.targetEvents) {
    const block = await client.getBlock();
    const deadline = block.timestamp + 3600n;
    const sent: Promise<Hex>[] = [];
    const opening = new Map<Promise<Hex>, Omit<Open, 'positionId' | 'margin'>>();

    // Index prices: a small random walk, median of three sources.
    const ids: Hex[] = [];
    const srcs: bigint[][] = [];
    for (const m of dep.markets) {
      const p = (prices.get(m.id)! * BigInt(Math.round((1 + (random.next() - 0.5) * 0.004) * 1e9))) / 1_000_000_000n;
      prices.set(m.id, p);
      ids.push(m.id);
      srcs.push([p - p / 2000n, p, p + p / 2000n]);
    }
    sent.push(send(operator, dep.priceFeed, encodeFunctionData({ abi: abis.IndexPriceFeed, functionName: 'postPrices', args: [ids, srcs] })));

    // Closes of last block's positions, then new opens.
    for (const p of openNow) {
      const key = `${p.pool}:${p.trader.address}`;
      const nonce = orderNonce.get(key)!;
      orderNonce.set(key, nonce + 1n);
      const order = { trader: p.trader.address, pool: p.pool, positionId: p.positionId, margin: p.margin, price: prices.get(p.marketId)!, deadline, nonce };
      const signature = await signCloseOrder(operator, dep.chainId, order);
      sent.push(send(p.trader, p.pool, encodeFunctionData({ abi: abis.PvpPool, functionName: 'closePosition', args: [order, signature] })));
    }
    for (const trader of traders) {
      for (let k = 0; k < opts.opensPerTrader; k++) {
        const pool = random.pick(dep.pools);
        const market = random.pick(dep.markets);
        const key = `${pool.pool}:${trader.address}`;
        const nonce = orderNonce.get(key)!;
        orderNonce.set(key, nonce + 1n);
        const margin = BigInt(random.int(5, 50)) * 10n ** 18n;
        const leverage = BigInt(random.int(2, Math.min(20, market.maxLeverage)));
        const order = { trader: trader.address, pool: pool.pool, marketId: market.id, isLong: random.chance(0.5), margin, leverage, price: prices.get(market.id)!, deadline, nonce };
        const signature = await signOpenOrder(operator, dep.chainId, order);
        const tx = send(trader, pool.pool, encodeFunctionData({ abi: abis.PvpPool, functionName: 'openPosition', args: [order, signature] }));
        sent.push(tx);
        opening.set(tx, { pool: pool.pool, trader, marketId: market.id });
      }
    }
    const lp = random.pick(dep.pools);
    sent.push(send(provider, lp.pool, encodeFunctionData({ abi: abis.PvpPool, functionName: 'deposit', args: [BigInt(random.int(100, 5_000)) * 10n ** BigInt(lp.settlementDecimals), 0n] })));

    const hashes = await Promise.all(sent);
    const openHash = new Map<Hex, Omit<Open, 'positionId' | 'margin'>>();
    for (const [promise, o] of opening) openHash.set(await promise, o);
    await client.request({ method: 'evm_mine' as never, params: [] as never });
    const mined = await client.getBlockNumber();
    const receipts = (await client.request({ method: 'eth_getBlockReceipts' as never, params: [`0x${mined.toString(16)}`] as never })) as unknown as { transactionHash: Hex; status: Hex; logs: never[] }[];
    if (receipts.length !== hashes.length) log(`history: warning: block ${mined} has ${receipts.length} of ${hashes.length} transactions`);
    openNow = [];
    for (const r of receipts) {
      bulkTransactions++;
      if (r.status !== '0x1') {
        bulkFailed++;
        continue;
      }
      const o = openHash.get(r.transactionHash);
      if (!o) continue;
      const [opened] = parseEventLogs({ abi: abis.PvpPool, logs: r.logs, eventName: 'PositionOpened' });
      const a = opened?.args as { positionId: bigint; margin: bigint } | undefined;
      if (a) openNow.push({ ...o, positionId: a.positionId, margin: a.margin });
    }
    events += await countEvents(lastBlock + 1n, mined, eventsByName);
    lastBlock = mined;
    bulkBlocks++;
    if (bulkBlocks % 100 === 0) log(`history: bulk block ${bulkBlocks} (chain ${mined}) · ${events} events · ${bulkFailed}/${bulkTransactions} failed tx · ${Math.round(events / ((Date.now() - t0) / 1000))} events/s overall`);
    if (bulkBlocks === 3 && bulkFailed > bulkTransactions / 2) throw new Error(`history: most bulk transactions fail (${bulkFailed}/${bulkTransactions}); see the receipts of block ${mined}`);
  }
  await client.request({ method: 'evm_setAutomine' as never, params: [true] as never });
  return {
    warmup,
    warmupSeconds,
    bulkSeconds: (Date.now() - t1) / 1000,
    bulkBlocks,
    bulkTransactions,
    bulkFailedTransactions: bulkFailed,
    eventsByName,
    events,
    startBlock: dep.startBlock,
    headBlock: Number(lastBlock),
  };
}

let factoryAbiCache: readonly unknown[] | undefined;
async function factoryAbi(): Promise<readonly unknown[]> {
  factoryAbiCache ??= (await import('@pvp/contracts/artifacts')).PvpPoolFactory.abi;
  return factoryAbiCache;
}
