// Deploys the reference protocol to any chain viem can reach: the index price
// feed (BTC/ETH/BNB, prices posted), the pool factory, the lens, two settlement
// tokens for local use (tUSDC with 6 decimals, tWBNB with 18) and one pool for
// each. The stack (npm start), the end-to-end tests and the simulator all
// deploy through this one function.
import type { Address, Hex, PublicClient, WalletClient, Account, Chain, Transport } from 'viem';
import { parseEventLogs, stringToHex } from 'viem';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IndexPriceFeed, PvpPool, PvpPoolFactory, PvpPoolLens, TestToken } from '../generated/artifacts.ts';

export interface MarketDeployment {
  /** Human symbol, e.g. "BTC". */
  symbol: string;
  /** bytes32 market id used by the feed, the pools, orders and events: the symbol right-padded with zeros. */
  id: Hex;
  /** Maximum leverage the pools allow. */
  maxLeverage: number;
  /** Index price posted at deployment (WAD, USD). */
  initialPrice: bigint;
}

export interface PoolDeployment {
  pool: Address;
  zToken: Address;
  zTokenSymbol: string;
  settlementToken: Address;
  settlementSymbol: string;
  settlementDecimals: number;
}

export interface Deployment {
  chainId: number;
  /** Block of the factory's deployment: where indexing starts. */
  startBlock: number;
  factory: Address;
  /** The first pool's settlement token (tUSDC, 6 decimals). */
  settlementToken: Address;
  settlementDecimals: number;
  /** The first pool (zUSDC over tUSDC). */
  pool: Address;
  zToken: Address;
  /** Every pool created, first = `pool`. */
  pools: PoolDeployment[];
  priceFeed: Address;
  /** Read-only helpers over pools (positions, parameters, previews, order digests). */
  lens: Address;
  markets: MarketDeployment[];
  /** Account authorised to sign order prices on every pool (the deployer unless given). */
  priceSigner: Address;
  /** Account authorised to post index prices (the deployer unless given). */
  keeper: Address;
  /** Governor of every pool and owner of the feed (the deployer). */
  governor: Address;
}

export type Wallet = WalletClient<Transport, Chain, Account>;

export interface DeployOptions {
  /** Called with a short line for each step, for progress output. */
  log?: (line: string) => void;
  /** Price signer to authorise on the pools (default: the deployer). */
  priceSigner?: Address;
  /** Keeper to authorise on the feed (default: the deployer). */
  keeper?: Address;
  /** If set, writes `<outDir>/<chainId>.json` (addresses) and `<outDir>/abis/<Contract>.json`. */
  outDir?: string;
}

/** bytes32 market id of a symbol ("BTC" -> 0x425443000…). */
export function marketId(symbol: string): Hex {
  return stringToHex(symbol, { size: 32 });
}

const WAD = 10n ** 18n;

export const MARKETS: readonly MarketDeployment[] = [
  { symbol: 'BTC', id: marketId('BTC'), maxLeverage: 200, initialPrice: 100_000n * WAD },
  { symbol: 'ETH', id: marketId('ETH'), maxLeverage: 100, initialPrice: 3_500n * WAD },
  { symbol: 'BNB', id: marketId('BNB'), maxLeverage: 50, initialPrice: 600n * WAD },
];

/** Staleness limit of every market's index price (seconds). */
export const MAX_PRICE_AGE = 3600;

async function deployContract(
  wallet: Wallet,
  client: PublicClient,
  artifact: { abi: readonly unknown[]; bytecode: Hex },
  args: readonly unknown[],
): Promise<{ address: Address; blockNumber: bigint }> {
  const hash = await wallet.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode, args } as never);
  const receipt = await client.waitForTransactionReceipt({ hash });
  if (!receipt.contractAddress || receipt.status !== 'success') throw new Error(`deployment failed in tx ${hash}`);
  return { address: receipt.contractAddress, blockNumber: receipt.blockNumber };
}

async function send(client: PublicClient, hash: Hex, what: string) {
  const receipt = await client.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') throw new Error(`${what} failed in tx ${hash}`);
  return receipt;
}

export async function deployProtocol(wallet: Wallet, client: PublicClient, opts: DeployOptions = {}): Promise<Deployment> {
  const log = opts.log ?? (() => {});
  const chainId = await client.getChainId();
  const deployer = wallet.account.address;
  const priceSigner = opts.priceSigner ?? deployer;
  const keeper = opts.keeper ?? deployer;

  log('deploying PvpPoolFactory');
  const factory = await deployContract(wallet, client, PvpPoolFactory, []);
  log('deploying PvpPoolLens');
  const lens = await deployContract(wallet, client, PvpPoolLens, []);

  log('deploying IndexPriceFeed (BTC, ETH, BNB)');
  const feed = await deployContract(wallet, client, IndexPriceFeed, [deployer]);
  for (const m of MARKETS) {
    await send(
      client,
      await wallet.writeContract({ address: feed.address, abi: IndexPriceFeed.abi, functionName: 'setMarket', args: [m.id, MAX_PRICE_AGE] }),
      `feed.setMarket(${m.symbol})`,
    );
  }
  await send(
    client,
    await wallet.writeContract({ address: feed.address, abi: IndexPriceFeed.abi, functionName: 'setKeeper', args: [keeper, true] }),
    'feed.setKeeper',
  );
  const settlements = [
    { name: 'Test USD Coin', symbol: 'tUSDC', decimals: 6, zSymbol: 'zUSDC' },
    { name: 'Test Wrapped BNB', symbol: 'tWBNB', decimals: 18, zSymbol: 'zWBNB' },
  ];
  const pools: PoolDeployment[] = [];
  for (const s of settlements) {
    log(`deploying settlement token ${s.symbol} (${s.decimals} decimals)`);
    const token = await deployContract(wallet, client, TestToken, [s.name, s.symbol, s.decimals]);
    log(`creating the ${s.zSymbol} pool`);
    const hash = await wallet.writeContract({
      address: factory.address,
      abi: PvpPoolFactory.abi,
      functionName: 'createPool',
      args: [
        {
          settlementToken: token.address,
          zTokenName: s.zSymbol,
          zTokenSymbol: s.zSymbol,
          initialSwapRate: WAD,
          priceFeed: feed.address,
          params: {
            governor: deployer,
            protocolFeeRecipient: deployer,
            passNft: '0x0000000000000000000000000000000000000000',
            mintFeeBps: 10,
            redeemFeeBps: 10,
            openFeeBps: 10,
            closeFeeBps: 10,
            protocolShareBps: 2000,
            referralRebateBps: 1000,
            passDiscountBps: 0,
            liquidityLock: 0,
            liquidationThresholdBps: 9000,
            keeperRewardBps: 500,
            fundingEnabled: false,
            fundingFactorPerHour: 0n,
            maxFundingRatePerHour: 0n,
          },
          markets: MARKETS.map((m) => ({ marketId: m.id, maxLeverage: m.maxLeverage })),
        },
      ],
    });
    const receipt = await send(client, hash, 'createPool');
    const [created] = parseEventLogs({ abi: PvpPoolFactory.abi, logs: receipt.logs, eventName: 'PoolCreated' });
    if (!created) throw new Error(`createPool emitted no PoolCreated event (tx ${hash})`);
    await send(
      client,
      await wallet.writeContract({ address: created.args.pool, abi: PvpPool.abi, functionName: 'setPriceSigner', args: [priceSigner, true] }),
      'pool.setPriceSigner',
    );
    pools.push({
      pool: created.args.pool,
      zToken: created.args.zToken,
      zTokenSymbol: s.zSymbol,
      settlementToken: token.address,
      settlementSymbol: s.symbol,
      settlementDecimals: s.decimals,
    });
  }

  // Prices are posted after the pools exist: the subgraph starts indexing a feed when the first
  // pool using it is created, so prices posted earlier would reach it only with the next update.
  if (keeper === deployer) {
    log('posting index prices (median of three sources each)');
    await send(
      client,
      await wallet.writeContract({
        address: feed.address,
        abi: IndexPriceFeed.abi,
        functionName: 'postPrices',
        args: [MARKETS.map((m) => m.id), MARKETS.map((m) => [m.initialPrice - WAD, m.initialPrice, m.initialPrice + WAD])],
      }),
      'feed.postPrices',
    );
  }

  const first = pools[0]!;
  const deployment: Deployment = {
    chainId,
    startBlock: Number(factory.blockNumber),
    factory: factory.address,
    settlementToken: first.settlementToken,
    settlementDecimals: first.settlementDecimals,
    pool: first.pool,
    zToken: first.zToken,
    pools,
    priceFeed: feed.address,
    lens: lens.address,
    markets: [...MARKETS],
    priceSigner,
    keeper,
    governor: deployer,
  };
  if (opts.outDir) writeDeployment(deployment, opts.outDir);
  return deployment;
}

/** Writes `<dir>/<chainId>.json` (bigints as decimal strings) and every contract ABI to `<dir>/abis/<Name>.json`. */
export function writeDeployment(deployment: Deployment, dir: string): void {
  mkdirSync(join(dir, 'abis'), { recursive: true });
  writeFileSync(
    join(dir, `${deployment.chainId}.json`),
    JSON.stringify(deployment, (_, v) => (typeof v === 'bigint' ? v.toString() : v), 2) + '\n',
  );
  const abis = { IndexPriceFeed, PvpPool, PvpPoolFactory, PvpPoolLens, TestToken };
  for (const [name, artifact] of Object.entries(abis)) {
    writeFileSync(join(dir, 'abis', `${name}.json`), JSON.stringify(artifact.abi, null, 2) + '\n');
  }
}
