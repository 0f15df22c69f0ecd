// Reads index prices from the IndexPriceFeed contract with viem:
// latestPrice(bytes32) → (uint256 price, uint256 updatedAt), the same call the
// pool's swapRate() view makes. JSON-RPC batching puts every read of one
// request into one HTTP round trip. Any failure gives null: callers fall back
// to the last indexed price and say so.
import { createPublicClient, http, type Address, type Hex, type PublicClient } from 'viem';
import { IIndexPriceFeed } from '@pvp/contracts/artifacts';

export interface FeedPrice {
  price: bigint;
  updatedAt: bigint;
  /** Chain block the price was read at. */
  block: number;
}

export class PriceFeedReader {
  private readonly client?: PublicClient;

  constructor(rpcUrl: string | undefined, private readonly log: (entry: Record<string, unknown>) => void = () => {}) {
    if (rpcUrl) this.client = createPublicClient({ transport: http(rpcUrl, { batch: { wait: 0 }, retryCount: 0, timeout: 3000 }) }) as PublicClient;
  }

  get enabled(): boolean {
    return this.client !== undefined;
  }

  /** The chain head (uncached), or null without an RPC or when it does not answer. */
  async headBlock(): Promise<number | null> {
    if (!this.client) return null;
    try {
      return Number(await this.client.getBlockNumber({ cacheTime: 0 }));
    } catch (err) {
      this.log({ level: 'warn', msg: 'rpc: eth_blockNumber failed', error: (err as Error).message.split('\n')[0] });
      return null;
    }
  }

  /** Timestamp (unix seconds) of a block, or null without an RPC or when it does not answer. */
  async blockTimestamp(block: number): Promise<number | null> {
    if (!this.client) return null;
    try {
      return Number((await this.client.getBlock({ blockNumber: BigInt(block) })).timestamp);
    } catch {
      return null;
    }
  }

  /**
   * Latest prices of `marketIds` on `feed` at `block`. A market the feed
   * never priced (price 0) maps to null; a failed call leaves the market out.
   */
  async latestPrices(feed: Address, marketIds: Hex[], block: number): Promise<Map<Hex, FeedPrice | null>> {
    const out = new Map<Hex, FeedPrice | null>();
    if (!this.client || marketIds.length === 0) return out;
    const results = await Promise.allSettled(
      marketIds.map((id) =>
        this.client!.readContract({ address: feed, abi: IIndexPriceFeed.abi, functionName: 'latestPrice', args: [id], blockNumber: BigInt(block) }),
      ),
    );
    results.forEach((r, i) => {
      const id = marketIds[i]!;
      if (r.status === 'fulfilled') {
        const [price, updatedAt] = r.value as readonly [bigint, bigint];
        out.set(id, price === 0n ? null : { price, updatedAt, block });
      } else {
        this.log({ level: 'warn', msg: 'rpc: latestPrice failed, using the indexed price', feed, marketId: id, error: (r.reason as Error).message.split('\n')[0] });
      }
    });
    return out;
  }
}
