// matchstick-as unit tests of src/decimals.ts (AssemblyScript; compiled in CI by
// ../compile-matchstick.ts, run with `graph test` where matchstick can be downloaded).
import { BigDecimal, BigInt } from '@graphprotocol/graph-ts';
import { assert, describe, test } from 'matchstick-as/assembly/index';
import { fromWad, mulDivCeil, mulDivFloor, pow10, ratio, toUnits, WAD } from '../../src/decimals';

function big(s: string): BigInt {
  return BigInt.fromString(s);
}

describe('decimals', () => {
  test('WAD and pow10', () => {
    assert.bigIntEquals(big('1000000000000000000'), WAD);
    assert.bigIntEquals(big('1000000'), pow10(6));
    assert.bigIntEquals(BigInt.fromI32(1), pow10(0));
  });

  test('toUnits and fromWad are exact', () => {
    assert.stringEquals('1285.714285', toUnits(big('1285714285'), 6).toString());
    assert.stringEquals('0.857142857142857142', fromWad(big('857142857142857142')).toString());
    assert.stringEquals('1.2', fromWad(big('1200000000000000000')).toString());
    assert.stringEquals('-100', fromWad(big('-100000000000000000000')).toString());
  });

  test('mulDivFloor rounds down, mulDivCeil up, both exact on exact quotients', () => {
    // Size of a 1000-zToken long and short at 30,000 (SPEC §6 rounding: long floor, short ceil).
    const notional = big('1000000000000000000000');
    const price = big('30000000000000000000000');
    assert.bigIntEquals(big('33333333333333333'), mulDivFloor(notional, WAD, price));
    assert.bigIntEquals(big('33333333333333334'), mulDivCeil(notional, WAD, price));
    // Exact: 0.1 BTC at 10,000 is worth exactly 1000.
    assert.bigIntEquals(notional, mulDivFloor(big('100000000000000000'), big('10000000000000000000000'), WAD));
    assert.bigIntEquals(notional, mulDivCeil(big('100000000000000000'), big('10000000000000000000000'), WAD));
  });

  test('ratio is null for a zero denominator', () => {
    // (assertNull<BigDecimal | null> crashes asc 0.19: BigDecimal overloads ==)
    assert.assertTrue(ratio(BigInt.fromI32(1), BigInt.zero()) === null);
    assert.stringEquals('10000', (ratio(big('1000000000000000000000'), big('100000000000000000')) as BigDecimal).toString());
  });
});
