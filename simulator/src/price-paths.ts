// Index price paths: geometric Brownian motion with Poisson jumps, and the
// several sources (an on-chain feed, exchanges) the keeper takes the median of.
import { parseFixed } from '@pvp/math';
import { Random } from './random.ts';

export interface PathParams {
  /** Starting price in USD. */
  start: number;
  /** Annualised volatility (0.6 = 60%). */
  volatility: number;
  /** Annualised drift. */
  drift: number;
  /** Expected jumps per year. */
  jumpsPerYear: number;
  /** Standard deviation of a jump's log size. */
  jumpSize: number;
}

/** Volatility and jumps per index symbol; the start price comes from the deployment. */
export const DEFAULT_PATHS: Record<string, Omit<PathParams, 'start'>> = {
  BTC: { volatility: 0.6, drift: 0, jumpsPerYear: 20, jumpSize: 0.04 },
  ETH: { volatility: 0.75, drift: 0, jumpsPerYear: 25, jumpSize: 0.05 },
  BNB: { volatility: 0.7, drift: 0, jumpsPerYear: 25, jumpSize: 0.05 },
};
const FALLBACK_PATH: Omit<PathParams, 'start'> = { volatility: 0.7, drift: 0, jumpsPerYear: 25, jumpSize: 0.05 };

export function pathFor(symbol: string, start: number): PathParams {
  return { start, ...(DEFAULT_PATHS[symbol] ?? FALLBACK_PATH) };
}

const YEAR = 365 * 24 * 3600;

export class PricePath {
  price: number;
  constructor(
    readonly params: PathParams,
    private readonly random: Random,
  ) {
    this.price = params.start;
  }

  /** Advances the price by `seconds` of simulated time. */
  step(seconds: number): number {
    const dt = seconds / YEAR;
    const { volatility: s, drift: mu } = this.params;
    let logReturn = (mu - (s * s) / 2) * dt + s * Math.sqrt(dt) * this.random.normal();
    if (this.random.chance(this.params.jumpsPerYear * dt)) logReturn += this.params.jumpSize * this.random.normal();
    this.price *= Math.exp(logReturn);
    return this.price;
  }

  /** `count` source quotes scattered around the index (a few basis points). */
  sources(count: number): number[] {
    return Array.from({ length: count }, () => this.price * (1 + 0.0005 * this.random.normal()));
  }
}

/** A USD price as a WAD integer, rounded to 8 decimals (what a keeper would post). */
export function toWad(price: number): bigint {
  return parseFixed(price.toFixed(8), 18);
}
