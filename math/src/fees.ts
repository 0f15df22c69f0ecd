// Open and close fees (docs/mechanism.md §5): a fee on notional rounded up,
// less the pass-NFT discount (rounded down), split into the protocol share
// and the referral rebate (both rounded down); the rest is burned, income of
// all zToken holders. As PvpPool._fee and _split.
import { bpsDown, bpsUp } from './integer.ts';

/** A pool's trade-fee parameters (basis points) and what applies to this trader. */
export interface TradeFeeParams {
  /** openFeeBps or closeFeeBps. */
  feeBps: bigint | number;
  passDiscountBps: bigint | number;
  protocolShareBps: bigint | number;
  referralRebateBps: bigint | number;
  /** The trader holds the pool's pass NFT (the discount applies). */
  holdsPass: boolean;
  /** The trader has bound an inviter (the rebate applies). */
  hasInviter: boolean;
}

/** One fee, split (the FeeCharged event's fields plus the burned rest). */
export interface TradeFee {
  /** Charged after the discount. */
  fee: bigint;
  discount: bigint;
  protocolFee: bigint;
  referralRebate: bigint;
  /** fee − protocolFee − referralRebate: burned. */
  burned: bigint;
}

export const NO_FEE: Readonly<TradeFee> = Object.freeze({ fee: 0n, discount: 0n, protocolFee: 0n, referralRebate: 0n, burned: 0n });

/** Splits a charged fee into protocol share, rebate and the burned rest. */
export function splitFee(fee: bigint, discount: bigint, p: Pick<TradeFeeParams, 'protocolShareBps' | 'referralRebateBps' | 'hasInviter'>): TradeFee {
  const protocolFee = bpsDown(fee, p.protocolShareBps);
  const referralRebate = p.hasInviter ? bpsDown(fee, p.referralRebateBps) : 0n;
  return { fee, discount, protocolFee, referralRebate, burned: fee - protocolFee - referralRebate };
}

/** The fee on `notional`: notional·feeBps/1e4 up, less discount = fee·passDiscountBps/1e4 down, split. */
export function tradeFee(notional: bigint, p: TradeFeeParams): TradeFee {
  let fee = bpsUp(notional, p.feeBps);
  if (fee === 0n) return splitFee(0n, 0n, p);
  let discount = 0n;
  if (p.holdsPass && BigInt(p.passDiscountBps) !== 0n) {
    discount = bpsDown(fee, p.passDiscountBps);
    fee -= discount;
  }
  return splitFee(fee, discount, p);
}

/** A close fee cannot exceed what the closed part is worth: capped at `cap` and split again (the discount stays). */
export function capFee(f: TradeFee, cap: bigint, p: Pick<TradeFeeParams, 'protocolShareBps' | 'referralRebateBps' | 'hasInviter'>): TradeFee {
  return f.fee > cap ? splitFee(cap, f.discount, p) : f;
}

/** Mint fee of a deposit: amount·bps/1e4 rounded up (settlement units, kept by the pool). */
export function mintFee(amount: bigint, mintFeeBps: bigint | number): bigint {
  return bpsUp(amount, mintFeeBps);
}

/** Redeem fee of a redemption's gross settlement amount, rounded up (kept by the pool). */
export function redeemFee(gross: bigint, redeemFeeBps: bigint | number): bigint {
  return bpsUp(gross, redeemFeeBps);
}
