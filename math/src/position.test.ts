import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WAD } from './integer.ts';
import { closePart, isLiquidatable, liquidationPrice, pricePnl, sizeOf } from './position.ts';
import { Cases } from './test-random.ts';

const w = (n: number | bigint) => BigInt(n) * WAD;

test('position PnL: docs/mechanism.md §2 examples', () => {
  const size = sizeOf(w(1000), w(1000), true);
  assert.equal(pricePnl(w(1000), size, w(910), true), -w(90));
  assert.equal(pricePnl(w(1000), size, w(850), true), -w(150));
  const short = sizeOf(w(2000), w(10_000), false);
  assert.equal(pricePnl(w(2000), short, w(10_500), false), -w(100));
});

test('position PnL is the exact N·(L − P0)/P0 rounded against the trader, by less than L/1e18 + 1 wei', () => {
  const c = new Cases(21);
  for (let i = 0; i < 3000; i++) {
    const isLong = c.bool();
    const notional = c.wide(30);
    const entry = c.big(10n ** 10n, 10n ** 26n);
    const price = c.big(10n ** 10n, 10n ** 26n);
    const pnl = pricePnl(notional, sizeOf(notional, entry, isLong), price, isLong);
    // exact = N·(L − P0)/P0 (long) or N·(P0 − L)/P0 (short), compared as pnl·P0 against N·(±(L − P0))
    const exactTimesEntry = notional * (isLong ? price - entry : entry - price);
    assert.ok(pnl * entry <= exactTimesEntry, 'never in the trader’s favour');
    assert.ok(exactTimesEntry - pnl * entry < (price / WAD + 2n) * entry, 'off by less than L/1e18 + 1 wei');
  }
});

test('partial closes: the parts add up to the position, and never beat the whole by more than the rounding of each part', () => {
  const c = new Cases(3);
  for (let i = 0; i < 1000; i++) {
    const isLong = c.bool();
    const leverage = BigInt(c.int(1, 200));
    let margin = c.big(10n, 10n ** 24n);
    const price = c.big(10n ** 14n, 10n ** 24n);
    let size = sizeOf(margin * leverage, c.big(10n ** 14n, 10n ** 24n), isLong);
    const whole = pricePnl(margin * leverage, size, price, isLong);
    let pnl = 0n;
    let closedSize = 0n;
    let parts = 0n;
    const original = size;
    while (margin > 0n) {
      const closed = c.bool() ? margin : c.big(1n, margin);
      const part = closePart({ isLong, margin, leverage, size }, closed, price);
      pnl += part.pnl;
      closedSize += part.closedSize;
      margin = part.remainingMargin;
      size = part.remainingSize;
      parts++;
    }
    assert.equal(closedSize, original, 'every size unit leaves the sums once');
    assert.ok(pnl <= whole, 'the parts never make more than the whole');
    // Each part may lose one size unit (worth L/1e18) to the remaining size's rounding, and a wei to the value's.
    assert.ok(whole - pnl <= parts * (price / WAD + 2n), `at most L/1e18 + 2 wei per part (${whole - pnl} over ${parts})`);
  }
  assert.throws(() => closePart({ isLong: true, margin: 10n, leverage: 2n, size: 5n }, 11n, WAD), RangeError);
});

test('liquidation price: the exact boundary of isLiquidatable, funding included, next to P0·(1 ∓ t/k)', () => {
  const c = new Cases(8);
  for (let i = 0; i < 2000; i++) {
    const isLong = c.bool();
    const leverage = BigInt(c.int(1, 200));
    const margin = c.big(10n ** 15n, 10n ** 24n);
    const notional = margin * leverage;
    const entry = c.big(10n ** 16n, 10n ** 24n);
    const size = sizeOf(notional, entry, isLong);
    const t = c.int(5000, 10_000);
    const funding = c.bool() ? 0n : c.big(-margin, margin);
    const liq = liquidationPrice({ isLong, margin, notional, size }, t, funding);
    const at = (price: bigint) => isLiquidatable(margin, pricePnl(notional, size, price, isLong), funding, t);
    if (liq === null) {
      assert.ok(isLong && !at(1n), 'null only when no positive price liquidates a long');
      continue;
    }
    assert.ok(at(liq), `liquidatable at ${liq}`);
    if (isLong) assert.ok(!at(liq + 1n), 'not one wei above');
    else if (liq > 1n) assert.ok(!at(liq - 1n), 'not one wei below');
    if (funding === 0n) {
      // P0·(1 ∓ t/k) with t in bps: P0·(1e4·k ∓ t)/(1e4·k)
      const ideal = (entry * (10_000n * leverage + (isLong ? -BigInt(t) : BigInt(t)))) / (10_000n * leverage);
      const diff = liq > ideal ? liq - ideal : ideal - liq;
      assert.ok(diff * 10n ** 12n <= ideal + 10n ** 12n, `${liq} is next to the ideal ${ideal}`);
    }
  }
});

test('owed funding moves the liquidation price toward the index, received funding away', () => {
  const p = { isLong: true, margin: w(100), notional: w(1000), size: WAD };
  assert.equal(liquidationPrice(p, 9000), w(910));
  assert.equal(liquidationPrice(p, 9000, w(10)), w(920));
  assert.equal(liquidationPrice(p, 9000, -w(10)), w(900));
  const s = { isLong: false, margin: w(100), notional: w(1000), size: WAD };
  assert.equal(liquidationPrice(s, 9000), w(1090));
  assert.equal(liquidationPrice(s, 9000, w(10)), w(1080));
  assert.equal(liquidationPrice(p, 9000, -w(2000)), null, 'received funding beyond the notional: no price liquidates');
});
