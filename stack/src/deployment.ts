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

  if (opts.factory) {
    if (!isAddress(opts.factory)) throw new StartupError('deployment', `--factory ${opts.factory} is not an address`, 'pass the 0x-prefixed address of a PvpPoolFactory');
    const code = await client.getCode({ address: opts.factory });
    if (!code || code === '0x') throw new StartupError('deployment', `no contract at ${opts.factory} on chain ${chainId}`, 'check --factory and that --rpc points at the chain it was deployed on');
    return { chainId, startBlock: opts.startBlock ?? 0, factory: opts.factory };
  }

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
