import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WAD } from './integer.ts';
import { addClose, addOpen, averageEntryPrices, longPnl, NO_SUMS, openAmounts } from './market.ts';
import { sizeOf } from './position.ts';

const w = (n: number | bigint) => BigInt(n) * WAD;

test('docs/mechanism.md §4 check: longs of 1000 at 100 and at 200 make +250 at 150, with size N/P0 (not N·P0)', () => {
  let sums = addOpen(NO_SUMS, true, w(1000), sizeOf(w(1000), w(100), true));
  sums = addOpen(sums, true, w(1000), sizeOf(w(1000), w(200), true));
  const m = openAmounts(sums);
  assert.deepEqual([m.x1, m.x2], [w(2000), w(15)]);
  assert.equal(longPnl(m, w(150)), w(250));
  assert.equal(averageEntryPrices(m).long, 133_333_333_333_333_333_333n);
  assert.equal(averageEntryPrices(m).short, null);
  const closed = openAmounts(addClose(sums, true, w(1000), sizeOf(w(1000), w(100), true)));
  assert.deepEqual([closed.x1, closed.x2], [w(1000), w(5)], 'a close removes the closed part at its opening size');
});
