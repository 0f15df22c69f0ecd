// Raw on-chain integers to human BigDecimals, exactly (no floating point).
import { BigDecimal, BigInt } from '@graphprotocol/graph-ts';

export function pow10(decimals: i32): BigDecimal {
  return BigInt.fromI32(10).pow(u8(decimals)).toBigDecimal();
}

/** A WAD (1e18-scaled) integer as a decimal. */
export function fromWad(value: BigInt): BigDecimal {
  return value.toBigDecimal().div(pow10(18));
}
