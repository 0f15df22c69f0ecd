// Reads index prices from the IndexPriceFeed contract with viem:
// latestPrice(bytes32) → (uint256 price, uint256 updatedAt), the same call the
// pool's swapRate() view makes, always at an explicit block number, so a
// price is exact for the block it is reported with.
//
// Shared by every request of the process (no RPC per request):
// - the chain head is one eth_blockNumber poll, refreshed at most every
//   `headTtlMs` (default 500 ms) and only while requests ask for it; a
//   slightly older head is served while the refresh runs (up to `maxStaleMs`);
// - prices are cached per (feed, market, block) — a price at a given block
//   never changes (short expiry and a size bound guard against reorgs and
//   memory) — and concurrent reads of the same key share one eth_call
//   (JSON-RPC batching puts one request's reads into one HTTP round trip);
// - RPC health: `status()` says ok / degraded (the last call failed, with
//   the error and since when) / absent (no RPC configured). While degraded,
//   requests do not wait for the RPC: they get null at once (callers fall
//   back to the last indexed price and say so) and a background probe,
//   at most every `headTtlMs`, finds out when it is back.
import { BaseError, ContractFunctionRevertedError, createPublicClient, http, type Address, type Hex, type PublicClient } from 'viem';
import { IIndexPriceFeed } from '@pvp/contracts/artifacts';

export interface FeedPrice {
  price: bigint;
  updatedAt: bigint;
  /** Chain block the price was read at. */
  block: number;
}

export type RpcState = 'ok' | 'degraded' | 'absent';

export interface RpcHealth {
  rpc: RpcState;
  detail: string;
  /** Latest chain head seen (null before the first answer). */
  chainHead: number | null;
  /** Unix ms of the last successful call / the first failure of the current failing streak. */
  lastOkAt: number | null;
  failingSince: number | null;
  consecutiveFailures: number;
}

export interface PriceFeedOptions {
  /** Reuse the chain head for this long (ms) before polling eth_blockNumber again. */
  headTtlMs?: number;
  /** Serve a head up to this old (ms) while a refresh is in flight. */
  maxStaleMs?: number;
  /** Price cache: entries expire after this long (ms) and at most this many are kept. */
  priceTtlMs?: number;
  maxPrices?: number;
  /** Per-call RPC timeout (ms). */
  timeoutMs?: number;
}

type Log = (entry: Record<string, unknown>) => void;

const firstLine = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0]!;

/** A call the node answered with a revert: the RPC works, that one call does not. */
function isRevert(err: unknown): boolean {
  if (err instanceof BaseError && err.walk((e) => e instanceof ContractFunctionRevertedError)) return true;
  return /execution reverted|revert/i.test(firstLine(err));
}

export class PriceFeedReader {
  private readonly client?: PublicClient;
  private readonly headTtlMs: number;
  private readonly maxStaleMs: number;
  private readonly priceTtlMs: number;
  private readonly maxPrices: number;

  private head?: { block: number; at: number };
  private headInFlight?: Promise<number | null>;
  private readonly prices = new Map<string, { value: Promise<FeedPrice | null>; at: number }>();
  private readonly timestamps = new Map<number, number>();

  private lastOkAt: number | null = null;
  private failingSince: number | null = null;
  private consecutiveFailures = 0;
  private lastError: string | null = null;

  constructor(
    rpcUrl: string | undefined,
    private readonly log: Log = () => {},
    opts: PriceFeedOptions = {},
  ) {
    this.headTtlMs = opts.headTtlMs ?? 500;
    this.maxStaleMs = opts.maxStaleMs ?? 3000;
    this.priceTtlMs = opts.priceTtlMs ?? 30_000;
    this.maxPrices = opts.maxPrices ?? 4096;
    if (rpcUrl) {
      this.client = createPublicClient({ transport: http(rpcUrl, { batch: { wait: 0 }, retryCount: 0, timeout: opts.timeoutMs ?? 3000 }) }) as PublicClient;
    }
  }

  get enabled(): boolean {
    return this.client !== undefined;
  }

  /** True while the last RPC call failed: callers should not wait for the RPC. */
  get degraded(): boolean {
    return this.consecutiveFailures > 0;
  }

  private ok() {
    if (this.consecutiveFailures > 0) this.log({ level: 'info', msg: 'rpc: answering again', failedCalls: this.consecutiveFailures });
    this.lastOkAt = Date.now();
    this.failingSince = null;
    this.consecutiveFailures = 0;
    this.lastError = null;
  }

  private failed(what: string, err: unknown, extra: Record<string, unknown> = {}) {
    const error = firstLine(err);
    // Log the first failure of a streak and then every 100th, not every request's.
    if (this.consecutiveFailures % 100 === 0) this.log({ level: 'warn', msg: `rpc: ${what} failed, using the indexed prices`, error, ...extra });
    this.failingSince ??= Date.now();
    this.consecutiveFailures++;
    this.lastError = `${what}: ${error}`;
  }

  status(): RpcHealth {
    const base = { chainHead: this.head?.block ?? null, lastOkAt: this.lastOkAt, failingSince: this.failingSince, consecutiveFailures: this.consecutiveFailures };
    if (!this.client) return { rpc: 'absent', detail: 'no RPC_URL configured: live fields use the last indexed prices (priceSource INDEXED)', ...base };
    if (this.consecutiveFailures > 0) {
      const since = new Date(this.failingSince!).toISOString();
      return { rpc: 'degraded', detail: `RPC failing since ${since} (${this.consecutiveFailures} failed calls; last: ${this.lastError}); live fields use the last indexed prices (priceSource INDEXED)`, ...base };
    }
    if (this.lastOkAt === null) return { rpc: 'ok', detail: 'RPC configured, not called yet', ...base };
    return { rpc: 'ok', detail: `RPC answering (chain head ${this.head?.block ?? '?'})`, ...base };
  }

  /**
   * Refreshes the cached head if due (waiting at most `maxWaitMs` for it) and
   * returns the health: for /ready and indexingStatus.
   */
  async probe(maxWaitMs = 1000): Promise<RpcHealth> {
    if (this.client) {
      const fresh = this.head && Date.now() - this.head.at < this.headTtlMs;
      if (!fresh) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([this.refreshHead(), new Promise((r) => (timer = setTimeout(r, maxWaitMs)))]);
        clearTimeout(timer);
      }
    }
    return this.status();
  }

  private lastAttemptAt = 0;

  private refreshHead(): Promise<number | null> {
    // While failing, probe at most every headTtlMs (not at the request rate).
    if (!this.headInFlight && this.degraded && Date.now() - this.lastAttemptAt < this.headTtlMs) return Promise.resolve(null);
    return (this.headInFlight ??= (async () => {
      this.lastAttemptAt = Date.now();
      try {
        const block = Number(await this.client!.getBlockNumber({ cacheTime: 0 }));
        this.head = { block, at: Date.now() };
        this.ok();
        return block;
      } catch (err) {
        this.failed('eth_blockNumber', err);
        return null;
      } finally {
        this.headInFlight = undefined;
      }
    })());
  }

  /**
   * The chain head, at most `headTtlMs` old (polled once for all requests),
   * or null without an RPC or while it does not answer.
   */
  async headBlock(): Promise<number | null> {
    if (!this.client) return null;
    const now = Date.now();
    const age = this.head ? now - this.head.at : Infinity;
    if (age < this.headTtlMs && !this.degraded) return this.head!.block;
    const refresh = this.refreshHead();
    if (this.degraded) return null; // do not wait for a failing RPC; the refresh probes it
    if (age < this.maxStaleMs) return this.head!.block;
    return refresh;
  }

  /** Timestamp (unix seconds) of a block, or null without an RPC or when it does not answer. */
  async blockTimestamp(block: number): Promise<number | null> {
    if (!this.client || this.degraded) return null;
    const known = this.timestamps.get(block);
    if (known !== undefined) return known;
    try {
      const t = Number((await this.client.getBlock({ blockNumber: BigInt(block) })).timestamp);
      if (this.timestamps.size >= 256) this.timestamps.delete(this.timestamps.keys().next().value!);
      this.timestamps.set(block, t);
      this.ok();
      return t;
    } catch (err) {
      this.failed('eth_getBlockByNumber', err);
      return null;
    }
  }

  private readPrice(feed: Address, id: Hex, block: number): Promise<FeedPrice | null> {
    const key = `${feed}|${block}|${id}`;
    const now = Date.now();
    const hit = this.prices.get(key);
    if (hit && now - hit.at < this.priceTtlMs) return hit.value;
    const value = (async () => {
      try {
        const [price, updatedAt] = (await this.client!.readContract({ address: feed, abi: IIndexPriceFeed.abi, functionName: 'latestPrice', args: [id], blockNumber: BigInt(block) })) as readonly [bigint, bigint];
        this.ok();
        return price === 0n ? null : { price, updatedAt, block };
      } catch (err) {
        this.prices.delete(key); // failures are not cached
        if (isRevert(err)) this.log({ level: 'warn', msg: 'rpc: latestPrice reverted, using the indexed price', feed, marketId: id, block, error: firstLine(err) });
        else this.failed('latestPrice', err, { feed, marketId: id, block });
        throw err;
      }
    })();
    value.catch(() => {});
    if (hit) this.prices.delete(key);
    this.prices.set(key, { value, at: now });
    if (this.prices.size > this.maxPrices) {
      // Oldest first (insertion order): drop the expired ones, then the oldest until within bounds.
      for (const [k, v] of this.prices) {
        if (this.prices.size <= this.maxPrices && now - v.at < this.priceTtlMs) break;
        this.prices.delete(k);
      }
    }
    return value;
  }

  /**
   * Latest prices of `marketIds` on `feed` at `block`. A market the feed
   * never priced (price 0) maps to null; a failed call leaves the market out.
   */
  async latestPrices(feed: Address, marketIds: Hex[], block: number): Promise<Map<Hex, FeedPrice | null>> {
    const out = new Map<Hex, FeedPrice | null>();
    if (!this.client || marketIds.length === 0 || this.degraded) return out;
    const results = await Promise.allSettled(marketIds.map((id) => this.readPrice(feed, id, block)));
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') out.set(marketIds[i]!, r.value);
    });
    return out;
  }
}
