// What-if curves: evenly spaced prices with exact ends, each point's PnL and
// swap rate from the running sums (docs/mechanism.md §4 and §6 A).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFixed, WAD } from '../math/pvp.ts';
import { whatIfCurve, whatIfPrices } from './what-if.service.ts';

const usd = (n: number | string) => parseFixed(String(n), 18);

// docs/mechanism.md §6 A: A long 100 zToken at 10x, B short 200 at 10x, index 10,000; pool 300 (6 decimals), supply 300.
const pool = { settlementBalance: 300_000_000n, settlementDecimals: 6, zTokenSupply: 300n * WAD, initialSwapRate: WAD };
const open = { x1: usd(1000), x2: usd('0.1'), y1: usd(2000), y2: usd('0.2') };

test('the four scenarios of §6 A, as one curve', () => {
  const points = whatIfCurve(pool, open, 0n, whatIfPrices(usd(9000), usd(11000), 5));
  assert.deepEqual(
    points.map((p) => [p.price, p.longPnl, p.shortPnl, p.floatingPnl, p.swapRate]),
    [
      ['9000', '-100', '200', '100', '0.75'],
      ['9500', '-50', '100', '50', '0.857142857142857142'],
      ['10000', '0', '0', '0', '1'],
      ['10500', '50', '-100', '-50', '1.2'],
      ['11000', '100', '-200', '-100', '1.5'],
    ],
  );
});

test('prices: `steps` points, both ends exact, evenly spaced to the wei, increasing', () => {
  for (const [from, to, steps] of [[usd(1), usd(2), 2], [usd('0.000000000000000001'), usd(7), 3], [usd(100), usd('100.000000000000000010'), 7], [usd(5), usd(123456), 1000]] as const) {
    const prices = whatIfPrices(from, to, steps);
    assert.equal(prices.length, steps);
    assert.equal(prices[0], from);
    assert.equal(prices[steps - 1], to);
    const ideal = Number(to - from) / (steps - 1);
    for (let i = 1; i < steps; i++) {
      assert.ok(prices[i]! >= prices[i - 1]!);
      assert.ok(Math.abs(Number(prices[i]! - from) - ideal * i) <= 1 + ideal * i * 1e-12, `point ${i} of ${steps}`);
    }
  }
  assert.deepEqual(whatIfPrices(usd(3), usd(3), 1), [usd(3)]);
});

test('each point: the sides add up to the market PnL, the other markets are added as given, the rate follows the pool value', () => {
  const other = usd('-12.5');
  const points = whatIfCurve(pool, open, other, whatIfPrices(usd(8000), usd(12000), 41));
  let previousRate = 0n;
  for (const p of points) {
    assert.equal(usd(p.longPnl) + usd(p.shortPnl) + other, usd(p.floatingPnl));
    // The book is net short (0.2 short against 0.1 long): a higher price lowers the traders' PnL and raises the rate.
    const rate = usd(p.swapRate!);
    assert.ok(rate >= previousRate, `rate rises with the price at ${p.price}`);
    previousRate = rate;
  }
});

test('a market with nothing open: zero PnL at every price and the rate of the other markets alone', () => {
  const points = whatIfCurve(pool, null, usd(60), whatIfPrices(usd(1), usd(100000), 4));
  assert.ok(points.every((p) => p.longPnl === '0' && p.shortPnl === '0' && p.floatingPnl === '60' && p.swapRate === '0.833333333333333333'));
});

test('no rate where the pool would be worth nothing; an empty pool keeps its initial rate', () => {
  const [p] = whatIfCurve(pool, null, usd(-300), [usd(1)]);
  assert.equal(p!.swapRate, null);
  const [q] = whatIfCurve({ ...pool, settlementBalance: 0n, zTokenSupply: 0n, initialSwapRate: usd(2) }, open, 0n, [usd(10500)]);
  assert.equal(q!.swapRate, '2');
});
