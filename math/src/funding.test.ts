import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WAD } from './integer.ts';
import { balanceRate, fundingBase, fundingIndexAt, fundingRate, positionFundingOwed, sideFundingOwed } from './funding.ts';

const w = (n: number | bigint) => BigInt(n) * WAD;
const on = { fundingEnabled: true, fundingFactorPerHour: w(1) / 100n, maxFundingRatePerHour: w(1) / 100n };

test('funding rate: factor·BR per hour, clamped, per second truncated toward zero; zero when balanced or off', () => {
  assert.deepEqual(fundingRate(on, { x1: w(5000), y1: 0n }, w(14_000)), { ratePerSecond: 992_063_492_063n, balanceRate: 357_142_857_142_857_142n });
  assert.deepEqual(fundingRate(on, { x1: 0n, y1: w(5000) }, w(14_000)), { ratePerSecond: -992_063_492_063n, balanceRate: -357_142_857_142_857_142n });
  assert.equal(fundingRate({ ...on, fundingFactorPerHour: w(1) }, { x1: w(5000), y1: 0n }, w(14_000)).ratePerSecond, w(1) / 100n / 3600n, 'clamped');
  assert.deepEqual(fundingRate(on, { x1: w(1), y1: 0n }, -w(1)), { ratePerSecond: w(1) / 100n / 3600n, balanceRate: 0n }, 'the maximum when the pool value is ≤ 0');
  assert.deepEqual(fundingRate(on, { x1: w(7), y1: w(7) }, w(10)), { ratePerSecond: 0n, balanceRate: 0n });
  assert.deepEqual(fundingRate({ ...on, fundingEnabled: false }, { x1: w(7), y1: 0n }, w(10)), { ratePerSecond: 0n, balanceRate: 0n });
  assert.equal(balanceRate({ x1: w(1), y1: w(4) }, w(9)), -333_333_333_333_333_333n);
  assert.equal(balanceRate({ x1: w(1), y1: 0n }, 0n), null);
});

test('funding owed: index + rate·elapsed; per position rounded up, per side truncated once', () => {
  const f = { fundingIndex: 10n, fundingRatePerSecond: -3n, fundingUpdatedAt: 100n };
  assert.equal(fundingIndexAt(f, 110n), -20n);
  assert.throws(() => fundingIndexAt(f, 99n), RangeError);
  assert.equal(positionFundingOwed(w(1), 5n, 2n, true), 3n);
  assert.equal(positionFundingOwed(3n, WAD / 2n, 0n, true), 2n, '1.5 wei rounds up to 2');
  assert.equal(positionFundingOwed(3n, WAD / 2n, 0n, false), -1n, '−1.5 wei rounds up to −1');
  assert.equal(positionFundingOwed(w(5), 7n, 7n, false), 0n);
  assert.equal(fundingBase(3n, -(WAD / 2n)), -1n, 'truncated toward zero');
  // two longs opened at indexes 0 and 1e16, now at 3e16
  const base = fundingBase(w(1000), 0n) + fundingBase(w(500), w(1) / 100n);
  const side = sideFundingOwed({ x1: w(1500), y1: 0n }, { longFundingBase: base, shortFundingBase: 0n }, (3n * w(1)) / 100n);
  assert.equal(side.long, positionFundingOwed(w(1000), (3n * w(1)) / 100n, 0n, true) + positionFundingOwed(w(500), (3n * w(1)) / 100n, w(1) / 100n, true));
  assert.equal(side.short, 0n);
});
