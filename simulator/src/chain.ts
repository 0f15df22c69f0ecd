// The simulator's view of the chain: typed contract calls through viem for
// each actor, and anvil's clock controls.
import { createPublicClient, createWalletClient, http, type Address, type Chain, type Hex, type HDAccount, type PublicClient } from 'viem';
import { IndexPriceFeed, PvpPool, TestToken } from '@pvp/contracts/artifacts';

export function localChain(chainId: number, rpcUrl: string): Chain {
  return { id: chainId, name: `local-${chainId}`, nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [rpcUrl] } } };
}

export class ChainAccess {
  readonly client: PublicClient;
  constructor(
    readonly rpcUrl: string,
    readonly chain: Chain,
  ) {
    this.client = createPublicClient({ chain, transport: http(rpcUrl), pollingInterval: 50 });
  }

  wallet(account: HDAccount) {
    return createWalletClient({ account, chain: this.chain, transport: http(this.rpcUrl) });
  }

  /** Sends a contract call after simulating it; returns null (nothing sent) if it would revert. */
  async tryWrite(account: HDAccount, call: { address: Address; abi: readonly unknown[]; functionName: string; args: readonly unknown[] }): Promise<{ hash: Hex; logs: readonly { address: Address; topics: readonly Hex[]; data: Hex }[] } | null> {
    try {
      const { request } = await this.client.simulateContract({ account, ...call } as never);
      const hash = await this.wallet(account).writeContract(request as never);
      const receipt = await this.client.waitForTransactionReceipt({ hash });
      return receipt.status === 'success' ? { hash, logs: receipt.logs as never } : null;
    } catch (err) {
      // A reverted simulation is an ordinary outcome for an agent (e.g. not liquidatable yet).
      if (process.env.SIM_DEBUG) console.error(`sim: ${call.functionName} not sent: ${(err as Error).message.split('\n')[0]}`);
      return null;
    }
  }

  /**
   * anvil: no interval mining; every block `seconds` after the previous one (a deterministic,
   * accelerated clock). With `manual`, blocks are mined only by mine(): a simulation step sends
   * its transactions, then mines them into one block.
   */
  async useStepClock(seconds: number, manual: boolean): Promise<void> {
    await this.client.request({ method: 'evm_setIntervalMining' as never, params: [0] as never });
    await this.client.request({ method: 'evm_setAutomine' as never, params: [!manual] as never });
    await this.client.request({ method: 'anvil_setBlockTimestampInterval' as never, params: [seconds] as never });
  }

  /** Simulates, then sends without waiting for a block; null (nothing sent) if it would revert. */
  async trySend(account: HDAccount, call: { address: Address; abi: readonly unknown[]; functionName: string; args: readonly unknown[] }): Promise<Hex | null> {
    try {
      const { request } = await this.client.simulateContract({ account, ...call } as never);
      return await this.wallet(account).writeContract(request as never);
    } catch (err) {
      if (process.env.SIM_DEBUG) console.error(`sim: ${call.functionName} not sent: ${(err as Error).message.split('\n')[0]}`);
      return null;
    }
  }

  async mine(): Promise<void> {
    await this.client.request({ method: 'evm_mine' as never, params: [] as never });
  }

  /** The logs of a mined transaction, or null if it reverted. */
  async outcome(hash: Hex): Promise<readonly { address: Address; topics: readonly Hex[]; data: Hex; blockNumber: bigint }[] | null> {
    const receipt = await this.client.getTransactionReceipt({ hash });
    return receipt.status === 'success' ? (receipt.logs as never) : null;
  }

  async advanceTime(seconds: number): Promise<void> {
    await this.client.request({ method: 'evm_increaseTime' as never, params: [seconds] as never });
    await this.client.request({ method: 'evm_mine' as never, params: [] as never });
  }

  swapRate(pool: Address): Promise<bigint> {
    return this.client.readContract({ address: pool, abi: PvpPool.abi, functionName: 'swapRate' });
  }

  nonce(pool: Address, trader: Address): Promise<bigint> {
    return this.client.readContract({ address: pool, abi: PvpPool.abi, functionName: 'nonces', args: [trader] });
  }

  zBalance(zToken: Address, account: Address): Promise<bigint> {
    return this.client.readContract({ address: zToken, abi: TestToken.abi, functionName: 'balanceOf', args: [account] });
  }
}

export const abis = { PvpPool: PvpPool.abi, IndexPriceFeed: IndexPriceFeed.abi, TestToken: TestToken.abi };
