// SPEC.md §4 and §6 through the API's model of the formulas.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFixed, longPnl, marketPnl, parseFixed, shortPnl, swapRate, WAD } from './pvp.ts';

const w = (n: bigint | number) => BigInt(n) * WAD;
/** One open position's contribution to the sums: notional N, size N / P0 (rounded as the contract). */
function position(notional: bigint, price: bigint, isLong: boolean) {
  const size = isLong ? (notional * WAD) / price : (notional * WAD + price - 1n) / price;
  return isLong ? { x1: notional, x2: size, y1: 0n, y2: 0n } : { x1: 0n, x2: 0n, y1: notional, y2: size };
}
function add(...ms: { x1: bigint; x2: bigint; y1: bigint; y2: bigint }[]) {
  return ms.reduce((a, b) => ({ x1: a.x1 + b.x1, x2: a.x2 + b.x2, y1: a.y1 + b.y1, y2: a.y2 + b.y2 }));
}

test('SPEC §4 check: longs of 1000 at 100 and at 200 make +250 at 150', () => {
  const m = add(position(w(1000), w(100), true), position(w(1000), w(200), true));
  assert.equal(longPnl(m, w(150)), w(250));
});

test('SPEC §6 A: rates at four index prices from floating PnL (A long 100×10, B short 200×10 at 10,000)', () => {
  const m = add(position(w(1000), w(10_000), true), position(w(2000), w(10_000), false));
  const pool = { settlementBalance: 300n * 10n ** 6n, settlementDecimals: 6, zTokenSupply: w(300), initialSwapRate: WAD };
  const cases: Array<[number, bigint, bigint, string]> = [
    [10_500, w(50), -w(100), '1.2'],
    [11_000, w(100), -w(200), '1.5'],
    [9_500, -w(50), w(100), '0.857142857142857142'],
    [9_000, -w(100), w(200), '0.75'],
  ];
  for (const [index, a, b, rate] of cases) {
    const pnl = marketPnl(m, w(index));
    assert.equal(pnl.long, a, `A at ${index}`);
    assert.equal(pnl.short, b, `B at ${index}`);
    assert.equal(formatFixed(swapRate(pool, pnl.net)!), rate, `rate at ${index}`);
  }
});

test('SPEC §6 D: neutral liquidity dampens the rate', () => {
  const pool = { settlementBalance: 50_300n * 10n ** 6n, settlementDecimals: 6, zTokenSupply: w(50_300), initialSwapRate: WAD };
  assert.equal(formatFixed(swapRate(pool, w(100))!), '0.998015873015873015');
  assert.equal(formatFixed(swapRate(pool, w(1000))!), '0.980506822612085769');
});

test('SPEC §6 E: floating profit of 100 on a 100 pool halves the rate', () => {
  const m = position(w(1000), w(1000), true);
  const pool = { settlementBalance: 100n * 10n ** 18n, settlementDecimals: 18, zTokenSupply: w(100), initialSwapRate: WAD };
  assert.equal(longPnl(m, w(1100)), w(100));
  assert.equal(formatFixed(swapRate(pool, longPnl(m, w(1100)))!), '0.5');
});

test('short PnL rounds against the trader, the empty pool keeps its initial rate, a negative value has no rate', () => {
  const m = position(w(1000), 3n * WAD, false); // size rounds up
  assert.ok(shortPnl(m, 3n * WAD) <= 0n);
  assert.equal(swapRate({ settlementBalance: 0n, settlementDecimals: 6, zTokenSupply: 0n, initialSwapRate: 2n * WAD }, 0n), 2n * WAD);
  assert.equal(swapRate({ settlementBalance: 1n, settlementDecimals: 6, zTokenSupply: w(1), initialSwapRate: WAD }, -w(2)), null);
});

test('fixed-point text round-trips exactly', () => {
  for (const s of ['0', '1', '-1.5', '0.000000000000000001', '123456789.123456789']) assert.equal(formatFixed(parseFixed(s)), s);
  assert.equal(formatFixed(1234567n, 6), '1.234567');
  assert.throws(() => parseFixed('1e18'));
  assert.throws(() => parseFixed('0.0000000000000000001'));
});
