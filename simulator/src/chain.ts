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

  /** anvil: mine only on transactions, each block `seconds` after the previous one (a deterministic, accelerated clock). */
  async useStepClock(seconds: number): Promise<void> {
    // Interval 0 turns interval mining off (and with it automine): switch automine back on.
    await this.client.request({ method: 'evm_setIntervalMining' as never, params: [0] as never });
    await this.client.request({ method: 'evm_setAutomine' as never, params: [true] as never });
    await this.client.request({ method: 'anvil_setBlockTimestampInterval' as never, params: [seconds] as never });
  }

  async advanceTime(seconds: number): Promise<void> {
    await this.client.request({ method: 'evm_increaseTime' as never, params: [seconds] as never });
    await this.client.request({ method: 'evm_mine' as never, params: [] as never });
  }

  async restoreIntervalMining(seconds: number): Promise<void> {
    await this.client.request({ method: 'anvil_removeBlockTimestampInterval' as never, params: [] as never }).catch(() => {});
    await this.client.request({ method: 'evm_setIntervalMining' as never, params: [seconds] as never }).catch(() => {});
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
