// Exact integer and decimal helpers. Rounding follows the contracts
// (OpenZeppelin Math.mulDiv floor/ceil) so every number agrees to the unit.
import { BigDecimal, BigInt } from '@graphprotocol/graph-ts';

export const WAD = BigInt.fromString('1000000000000000000');

export function pow10(decimals: i32): BigInt {
  return BigInt.fromI32(10).pow(u8(decimals));
}

/** A raw integer with `decimals` decimals as a decimal number. */
export function toUnits(value: BigInt, decimals: i32): BigDecimal {
  return value.toBigDecimal().div(pow10(decimals).toBigDecimal());
}

/** A WAD (1e18-scaled) integer as a decimal. */
export function fromWad(value: BigInt): BigDecimal {
  return toUnits(value, 18);
}

/** floor(a·b/d) for a, b ≥ 0, d > 0. */
export function mulDivFloor(a: BigInt, b: BigInt, d: BigInt): BigInt {
  return a.times(b).div(d);
}

/** ceil(a·b/d) for a, b ≥ 0, d > 0. */
export function mulDivCeil(a: BigInt, b: BigInt, d: BigInt): BigInt {
  const p = a.times(b);
  const q = p.div(d);
  return q.times(d).equals(p) ? q : q.plus(BigInt.fromI32(1));
}

/** a / b as a decimal, or null when b is zero. */
export function ratio(a: BigInt, b: BigInt): BigDecimal | null {
  if (b.isZero()) return null;
  return a.toBigDecimal().div(b.toBigDecimal());
}
