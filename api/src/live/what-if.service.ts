// What-if curves (docs/mechanism.md §4): one market's index price moved over a range,
// the other markets of the pool at their live prices. Each point is O(1) from
// the running sums — the market's PnL per side at that price, the pool's
// floating PnL and the swap rate it gives — with the contract's rounding.
import { wad } from '../format.ts';
import { marketPnl, swapRate, type OpenAmounts, type PoolAmounts } from '../math/pvp.ts';

/** Most points one what-if query may ask for. */
export const MAX_WHAT_IF_STEPS = 1000;

/** `steps` evenly spaced prices from `from` to `to` (both included, inner ones rounded down); one point only when from = to. */
export function whatIfPrices(from: bigint, to: bigint, steps: number): bigint[] {
  if (steps === 1) return [from];
  return Array.from({ length: steps }, (_, i) => from + ((to - from) * BigInt(i)) / BigInt(steps - 1));
}

/**
 * The curve at `prices`: `open` is the market's open amounts (null: nothing
 * open, every PnL 0), `otherFloating` the other markets' floating PnL (WAD).
 * The swap rate is null where the contract would revert (pool value ≤ 0).
 */
export function whatIfCurve(pool: PoolAmounts, open: OpenAmounts | null, otherFloating: bigint, prices: bigint[]) {
  return prices.map((price) => {
    const pnl = open ? marketPnl(open, price) : { long: 0n, short: 0n, net: 0n };
    const floating = otherFloating + pnl.net;
    const rate = swapRate(pool, floating);
    return { price: wad(price), longPnl: wad(pnl.long), shortPnl: wad(pnl.short), floatingPnl: wad(floating), swapRate: rate === null ? null : wad(rate) };
  });
}
