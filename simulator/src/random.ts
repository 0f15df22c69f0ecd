// Seeded randomness: every run with the same --seed makes the same choices.
import { xoroshiro128plus, unsafeUniformIntDistribution, type RandomGenerator } from 'pure-rand';

export class Random {
  private readonly gen: RandomGenerator;
  private spare: number | null = null;

  constructor(seed: number) {
    this.gen = xoroshiro128plus(seed);
  }

  /** Uniform in [0, 1) with 53 bits. */
  next(): number {
    const hi = unsafeUniformIntDistribution(0, (1 << 26) - 1, this.gen);
    const lo = unsafeUniformIntDistribution(0, (1 << 27) - 1, this.gen);
    return (hi * 2 ** 27 + lo) / 2 ** 53;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return unsafeUniformIntDistribution(min, max, this.gen);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal (Box–Muller, caching the second value). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
}
