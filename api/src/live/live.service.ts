// Live figures (docs/mechanism.md §3-§4): the indexed running sums, balance and supply
// with the latest index prices read from the feed contract (falling back to
// the last indexed price), computed with the contract's rounding: market
// prices, a market's unrealised PnL and the pool's swap rate.
import type { ApiContext } from '../context.ts';
import type { Scope } from '../scope.ts';
import { loadOne } from '../loaders.ts';
import { address, hex, intOrNull, wad, wadOrNull } from '../format.ts';
import { marketPnl, swapRate, type OpenAmounts } from '../math/pvp.ts';
import type { MarketRow } from '../market/market.service.ts';
import type { PoolRow } from '../pool/pool.service.ts';
export type Source = 'ORACLE' | 'INDEXED' | 'MIXED' | 'NONE';

export interface PricedMarket {
  row: MarketRow;
  price: bigint | null;
  source: Source;
  updatedAt: number | null;
  block: number | null;
}

export function openAmounts(row: MarketRow): OpenAmounts {
  return { x1: BigInt(row.x_1), x2: BigInt(row.x_2), y1: BigInt(row.y_1), y2: BigInt(row.y_2) };
}

export function hasOpen(row: MarketRow): boolean {
  return row.x_1 !== '0' || row.x_2 !== '0' || row.y_1 !== '0' || row.y_2 !== '0';
}

/** The feed of a market: the first 20 bytes of its index market id (feed ++ marketId). */
export function feedOf(row: MarketRow): `0x${string}` {
  return address(row.index_market.subarray(0, 20));
}

/** The market's price now (or at the scope's block): the feed's, else the indexed one. */
export async function priceMarket(ctx: ApiContext, s: Scope, row: MarketRow): Promise<PricedMarket> {
  const read = ctx.prices.enabled ? await ctx.loaders.feedPrice.load({ feed: feedOf(row), marketId: hex(row.market_id), block: s.block }) : undefined;
  if (read) return { row, price: read.price, source: 'ORACLE', updatedAt: Number(read.updatedAt), block: read.block };
  if (row.latest_price !== null) return { row, price: BigInt(row.latest_price), source: 'INDEXED', updatedAt: null, block: null };
  return { row, price: null, source: 'NONE', updatedAt: null, block: null };
}

/** Several markets priced at once (their feed reads batched into one call per feed). */
export function priceMarkets(ctx: ApiContext, s: Scope, rows: MarketRow[]): Promise<PricedMarket[]> {
  return Promise.all(rows.map((m) => priceMarket(ctx, s, m)));
}

/**
 * A position's market, for pricing it (feed, market id, fallback price): at
 * the scope's block, or — for latest reads — at the indexed head, shared by
 * all requests at that head through a process-wide cache (no query per
 * request for the few market rows every position list needs).
 */
async function marketForPricing(ctx: ApiContext, s: Scope, id: Buffer): Promise<MarketRow | undefined> {
  if (s.block !== undefined || s.head === null) return loadOne(ctx.loaders.market, s, id);
  const at: Scope = { ...s, block: s.head };
  return ctx.caches.markets.get(`${s.schema}|${s.head}|${id.toString('hex')}`, () => loadOne(ctx.loaders.market, at, id));
}

/** The market of a position, priced now (or at the scope's block); undefined when the market is not indexed. */
export async function pricePositionMarket(ctx: ApiContext, s: Scope, market: Buffer): Promise<PricedMarket | undefined> {
  const row = await marketForPricing(ctx, s, market);
  return row && priceMarket(ctx, s, row);
}

/** A market's unrealised PnL per side and net at its live price (0 without a price or open positions). */
export async function liveMarketPnl(ctx: ApiContext, s: Scope, row: MarketRow): Promise<{ long: string; short: string; net: string }> {
  const priced = await priceMarket(ctx, s, row);
  if (priced.price === null || !hasOpen(row)) return { long: '0', short: '0', net: '0' };
  const pnl = marketPnl(openAmounts(row), priced.price);
  return { long: wad(pnl.long), short: wad(pnl.short), net: wad(pnl.net) };
}

export function combineSources(sources: Source[]): Source {
  const set = new Set(sources.filter((x) => x !== 'NONE'));
  if (set.size === 0) return 'NONE';
  if (set.size === 1) return [...set][0]!;
  return 'MIXED';
}

export function toMarketPrice(p: PricedMarket) {
  return {
    market: hex(p.row.id),
    marketId: hex(p.row.market_id),
    price: wadOrNull(p.price),
    priceWad: p.price === null ? null : p.price.toString(),
    priceSource: p.source,
    updatedAt: intOrNull(p.updatedAt),
  };
}

/** Σ PnL of the priced markets (markets without a price or without open positions add nothing). */
export function floatingOf(priced: Array<{ row: MarketRow; price: bigint | null }>): bigint {
  let total = 0n;
  for (const p of priced) if (p.price !== null && hasOpen(p.row)) total += marketPnl(openAmounts(p.row), p.price).net;
  return total;
}

export function poolAmounts(pool: PoolRow) {
  return {
    settlementBalance: BigInt(pool.settlement_balance),
    settlementDecimals: pool.settlement_decimals,
    zTokenSupply: BigInt(pool.z_token_supply),
    initialSwapRate: BigInt(pool.initial_swap_rate),
  };
}

export function liveRate(pool: PoolRow, priced: PricedMarket[], indexedBlock: number | null) {
  const floating = floatingOf(priced);
  const rate = swapRate(poolAmounts(pool), floating);
  const relevant = priced.some((p) => hasOpen(p.row)) ? priced.filter((p) => hasOpen(p.row)) : priced;
  const blocks = priced.map((p) => p.block).filter((b): b is number => b !== null);
  return {
    swapRate: wadOrNull(rate),
    swapRateWad: rate === null ? null : rate.toString(),
    floatingPnl: wad(floating),
    priceSource: combineSources(relevant.map((p) => p.source)),
    priceBlock: blocks.length ? Math.max(...blocks) : null,
    indexedBlock,
    markets: priced.map(toMarketPrice),
  };
}
