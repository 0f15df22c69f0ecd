// Seeded random bigints for the property tests (pure-rand), so a failure
// names its seed and case and replays exactly.
import { unsafeUniformBigIntDistribution, unsafeUniformIntDistribution, xoroshiro128plus, type RandomGenerator } from 'pure-rand';

export class Cases {
  private readonly rng: RandomGenerator;
  constructor(readonly seed: number) {
    this.rng = xoroshiro128plus(seed);
  }
  /** A bigint in [lo, hi]. */
  big(lo: bigint, hi: bigint): bigint {
    return unsafeUniformBigIntDistribution(lo, hi, this.rng);
  }
  int(lo: number, hi: number): number {
    return unsafeUniformIntDistribution(lo, hi, this.rng);
  }
  bool(): boolean {
    return this.int(0, 1) === 1;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)]!;
  }
  /** A WAD amount spread over many orders of magnitude: 10^[0, digits] times a random mantissa. */
  wide(digits: number): bigint {
    return this.big(1n, 10n ** BigInt(this.int(1, digits)));
  }
}
