// Integer division with an explicit rounding, and the fixed-point units the
// contracts count in. Every formula of this package divides through
// `divRound`, so each rounding is named where it happens (docs/mechanism.md §2:
// every rounding goes against the trader).

/** 10^18: WAD prices, rates, sizes and zToken amounts (18 decimals). */
export const WAD = 10n ** 18n;
/** 10^4: basis points (1e4 = 100 %). */
export const BPS = 10_000n;

/**
 * How a quotient that is not whole is rounded, with the names of
 * Intl.NumberFormat's `roundingMode`: toward −∞ (`floor`), +∞ (`ceil`), zero
 * (`trunc`, Solidity's signed `/`), away from zero (`expand`); the `half*`
 * modes round to the nearest and break ties toward +∞, −∞, away from zero,
 * toward zero or to the even neighbour.
 */
export type Rounding = 'floor' | 'ceil' | 'trunc' | 'expand' | 'halfCeil' | 'halfFloor' | 'halfExpand' | 'halfTrunc' | 'halfEven';

const ROUNDINGS: readonly Rounding[] = ['floor', 'ceil', 'trunc', 'expand', 'halfCeil', 'halfFloor', 'halfExpand', 'halfTrunc', 'halfEven'];

export function isRounding(value: unknown): value is Rounding {
  return typeof value === 'string' && (ROUNDINGS as readonly string[]).includes(value);
}

/** n / d rounded as `rounding` says; throws a RangeError for d = 0. */
export function divRound(n: bigint, d: bigint, rounding: Rounding): bigint {
  if (d === 0n) throw new RangeError('division by zero');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const q = n / d; // truncated toward zero
  const r = n % d; // same sign as n
  if (r === 0n) return q;
  const negative = n < 0n;
  // q is the neighbour toward zero; away = the other neighbour.
  const away = negative ? q - 1n : q + 1n;
  switch (rounding) {
    case 'trunc':
      return q;
    case 'expand':
      return away;
    case 'floor':
      return negative ? away : q;
    case 'ceil':
      return negative ? q : away;
    default: {
      const twice = (negative ? -r : r) * 2n;
      if (twice < d) return q;
      if (twice > d) return away;
      switch (rounding) {
        case 'halfExpand':
          return away;
        case 'halfTrunc':
          return q;
        case 'halfCeil':
          return negative ? q : away;
        case 'halfFloor':
          return negative ? away : q;
        case 'halfEven':
          return q % 2n === 0n ? q : away;
      }
      throw new RangeError(`unknown rounding ${String(rounding)}`);
    }
  }
}

/** a·b/d rounded as `rounding` says (OpenZeppelin's Math.mulDiv for Floor/Ceil on unsigned operands). */
export function mulDiv(a: bigint, b: bigint, d: bigint, rounding: Rounding): bigint {
  return divRound(a * b, d, rounding);
}

/** amount·bps/1e4 rounded up: fees the pool receives (PnlMath.bpsUp). */
export function bpsUp(amount: bigint, bps: bigint | number): bigint {
  return divRound(amount * BigInt(bps), BPS, 'ceil');
}

/** amount·bps/1e4 rounded down: shares, discounts, rewards paid out (PnlMath.bpsDown). */
export function bpsDown(amount: bigint, bps: bigint | number): bigint {
  return divRound(amount * BigInt(bps), BPS, 'floor');
}

export function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

export function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

export function abs(a: bigint): bigint {
  return a < 0n ? -a : a;
}
