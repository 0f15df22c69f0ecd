// Deploys the reference protocol to any chain viem can reach: a settlement
// token for local use, the pool factory, and one pool. The stack (npm start),
// the end-to-end tests and the simulator all deploy through this one function.
import type { Address, Hex, PublicClient, WalletClient, Account, Chain, Transport } from 'viem';
import { parseEventLogs } from 'viem';
import { PvpPoolFactory, TestToken } from '../generated/artifacts.ts';

export interface Deployment {
  chainId: number;
  /** Block of the factory's deployment: where indexing starts. */
  startBlock: number;
  factory: Address;
  settlementToken: Address;
  settlementDecimals: number;
  pool: Address;
  zToken: Address;
}

export type Wallet = WalletClient<Transport, Chain, Account>;

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

export interface DeployOptions {
  /** Called with a short line for each step, for progress output. */
  log?: (line: string) => void;
}

export async function deployProtocol(wallet: Wallet, client: PublicClient, opts: DeployOptions = {}): Promise<Deployment> {
  const log = opts.log ?? (() => {});
  const chainId = await client.getChainId();

  log('deploying settlement token tUSDC (6 decimals)');
  const token = await deployContract(wallet, client, TestToken, ['Test USD Coin', 'tUSDC', 6]);

  log('deploying PvpPoolFactory');
  const factory = await deployContract(wallet, client, PvpPoolFactory, []);

  log('creating the zUSDC pool');
  const hash = await wallet.writeContract({
    address: factory.address,
    abi: PvpPoolFactory.abi,
    functionName: 'createPool',
    args: [token.address, 'zUSDC', 'zUSDC', 10n ** 18n],
  });
  const receipt = await client.waitForTransactionReceipt({ hash });
  const [created] = parseEventLogs({ abi: PvpPoolFactory.abi, logs: receipt.logs, eventName: 'PoolCreated' });
  if (!created) throw new Error(`createPool emitted no PoolCreated event (tx ${hash})`);

  return {
    chainId,
    startBlock: Number(factory.blockNumber),
    factory: factory.address,
    settlementToken: token.address,
    settlementDecimals: 6,
    pool: created.args.pool,
    zToken: created.args.zToken,
  };
}
