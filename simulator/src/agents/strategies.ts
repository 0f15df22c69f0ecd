// Trading decisions, pure functions of what an agent sees: no chain access,
// so they are unit-tested on their own.
import type { Random } from '../random.ts';

export type Strategy = 'trend' | 'mean-reversion' | 'random';

export interface MarketView {
  /** Recent log return of the index (e.g. over the last hour of simulated time). */
  recentReturn: number;
  /** Open long and short notional (zToken, as numbers). */
  longOpen: number;
  shortOpen: number;
}

/** Which side a trader takes, or null to stay out this time. */
export function chooseSide(strategy: Strategy, view: MarketView, random: Random): 'long' | 'short' | null {
  const threshold = 0.0005;
  switch (strategy) {
    case 'trend':
      if (Math.abs(view.recentReturn) < threshold) return null;
      return view.recentReturn > 0 ? 'long' : 'short';
    case 'mean-reversion':
      if (Math.abs(view.recentReturn) < threshold) return null;
      return view.recentReturn > 0 ? 'short' : 'long';
    case 'random':
      return random.chance(0.5) ? 'long' : 'short';
  }
}

/**
 * The seeds' arbitrageur (Zeepr §2.2): when one side's open interest
 * dominates, it joins the minority side. Returns that side, or null when the
 * long/short split is within `maxSkew` (0.3: neither side above 65%).
 */
export function minoritySide(view: MarketView, maxSkew = 0.3): 'long' | 'short' | null {
  const total = view.longOpen + view.shortOpen;
  if (total === 0) return null;
  const skew = (view.longOpen - view.shortOpen) / total;
  if (Math.abs(skew) <= maxSkew) return null;
  return skew > 0 ? 'short' : 'long';
}

/** Leverage by temperament: most trades modest, a tail of very high leverage. */
export function chooseLeverage(random: Random, maxLeverage: number): number {
  const base = random.chance(0.8) ? random.int(2, 20) : random.int(20, 100);
  return Math.max(1, Math.min(maxLeverage, base));
}

/** Whether an open position is closed now: take profit, stop loss, or a random exit. */
export function shouldClose(pnlFraction: number, heldSeconds: number, random: Random): boolean {
  if (pnlFraction > 0.5 || pnlFraction < -0.4) return true;
  if (heldSeconds > 6 * 3600) return random.chance(0.5);
  return random.chance(0.15);
}
