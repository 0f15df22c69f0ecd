// Exact integer and decimal helpers. Rounding follows the contracts
// (OpenZeppelin Math.mulDiv floor/ceil) so every number agrees to the unit.
import { BigDecimal, BigInt } from '@graphprotocol/graph-ts';

export const WAD = BigInt.fromString('1000000000000000000');

/** 10^decimals; without a host call up to 10^19 (every token's decimals). */
export function pow10(decimals: i32): BigInt {
  if (decimals < 0 || decimals > 19) return BigInt.fromI32(10).pow(u8(decimals));
  let p: u64 = 1;
  for (let i = 0; i < decimals; i++) p *= 10;
  return BigInt.fromU64(p);
}

/**
 * A raw integer with `decimals` decimals as a decimal number: value·10^−decimals,
 * built directly (digits and exponent) instead of by a host division. graph-node
 * normalises every BigDecimal it receives (34 significant digits, no trailing
 * zeros) exactly as it normalises a quotient, so the stored value is the same
 * as value / 10^decimals.
 */
export function toUnits(value: BigInt, decimals: i32): BigDecimal {
  const d = new BigDecimal(value);
  d.exp = BigInt.fromI32(-decimals);
  return d;
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
