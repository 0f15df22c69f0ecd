// Gets the protocol onto the chain: reuses the deployment recorded in the
// data folder when its factory still has code there (anvil state kept),
// deploys afresh otherwise, or checks a given --factory on another chain.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPublicClient, createWalletClient, http, isAddress, type Address, type Chain } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { StartupError } from './ports.ts';

/** anvil's first well-known development key (public knowledge; never use it on a real chain). */
export const ANVIL_DEV_KEY_0 = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80' as const;

export interface ChainDeployment {
  chainId: number;
  startBlock: number;
  factory: Address;
  /** Set when this stack deployed the protocol itself (local development). */
  local?: import('@pvp/contracts/deploy').Deployment;
}

/** JSON with bigints as decimal strings (market prices in the deployment are bigints). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? v.toString() : v), 2) + '\n';
}

function chainFor(chainId: number, rpcUrl: string): Chain {
  return { id: chainId, name: `chain-${chainId}`, nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [rpcUrl] } } };
}

export async function chainIdOf(rpcUrl: string): Promise<number> {
  const client = createPublicClient({ transport: http(rpcUrl, { retryCount: 1, timeout: 5000 }) });
  try {
    return await client.getChainId();
  } catch (err) {
    throw new StartupError('chain RPC', `${rpcUrl} does not answer JSON-RPC (${(err as Error).message.split('\n')[0]})`, 'check the URL and that the node is running and reachable from this machine');
  }
}

/**
 * An existing deployment to index: the RPC answers and a contract is at the
 * address; with `probe`, that contract answers as a PvpPoolFactory (needs the
 * built artifacts, so the early check before the build skips it).
 */
export async function checkExistingFactory(rpcUrl: string, factory: string, startBlock = 0, probe = true): Promise<ChainDeployment> {
  const chainId = await chainIdOf(rpcUrl);
  if (!isAddress(factory)) throw new StartupError('deployment', `--factory ${factory} is not an address`, 'pass the 0x-prefixed address of a PvpPoolFactory');
  const client = createPublicClient({ transport: http(rpcUrl, { retryCount: 1, timeout: 10_000 }) });
  const code = await client.getCode({ address: factory });
  if (!code || code === '0x') throw new StartupError('deployment', `no contract at ${factory} on chain ${chainId}`, 'check --factory and that --rpc points at the chain it was deployed on');
  try {
    if (probe) {
      const { PvpPoolFactory } = await import('@pvp/contracts/artifacts');
      await client.readContract({ address: factory, abi: PvpPoolFactory.abi, functionName: 'poolCount' });
    }
  } catch {
    throw new StartupError('deployment', `the contract at ${factory} on chain ${chainId} is not a PvpPoolFactory (poolCount() fails)`, 'pass the factory address, not a pool, token or feed');
  }
  const head = Number(await client.getBlockNumber());
  if (startBlock > head) throw new StartupError('deployment', `--start-block ${startBlock} is past the chain head ${head}`, 'use the block of the factory deployment');
  return { chainId, startBlock, factory };
}

export async function ensureDeployment(opts: {
  rpcUrl: string;
  dataDir: string;
  factory?: string;
  startBlock?: number;
  deployerKey?: `0x${string}`;
  log: (l: string) => void;
}): Promise<ChainDeployment> {
  const chainId = await chainIdOf(opts.rpcUrl);
  const client = createPublicClient({ chain: chainFor(chainId, opts.rpcUrl), transport: http(opts.rpcUrl), pollingInterval: 200 });

  if (opts.factory) return checkExistingFactory(opts.rpcUrl, opts.factory, opts.startBlock);

  const recordFile = join(opts.dataDir, 'deployment.json');
  if (existsSync(recordFile)) {
    const saved = JSON.parse(readFileSync(recordFile, 'utf8')) as ChainDeployment;
    const code = saved.chainId === chainId ? await client.getCode({ address: saved.factory }) : undefined;
    if (code && code !== '0x') {
      opts.log(`contracts: reusing deployment at factory ${saved.factory}`);
      return saved;
    }
    opts.log('contracts: recorded deployment not found on this chain, deploying again');
  }

  const { deployProtocol } = await import('@pvp/contracts/deploy');
  const account = privateKeyToAccount(opts.deployerKey ?? ANVIL_DEV_KEY_0);
  const wallet = createWalletClient({ account, chain: chainFor(chainId, opts.rpcUrl), transport: http(opts.rpcUrl) });
  const local = await deployProtocol(wallet, client as never, { log: (l) => opts.log(`contracts: ${l}`) });
  const record: ChainDeployment = { chainId, startBlock: local.startBlock, factory: local.factory, local };
  writeFileSync(recordFile, toJson(record));
  return record;
}
