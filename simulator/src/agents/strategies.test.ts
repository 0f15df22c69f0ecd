import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../random.ts';
import { chooseLeverage, chooseSide, minoritySide, shouldClose } from './strategies.ts';

const r = new Random(1);

test('trend follows and mean-reversion fades the recent move; flat markets are skipped', () => {
  const up = { recentReturn: 0.01, longOpen: 0, shortOpen: 0 };
  assert.equal(chooseSide('trend', up, r), 'long');
  assert.equal(chooseSide('mean-reversion', up, r), 'short');
  assert.equal(chooseSide('trend', { ...up, recentReturn: -0.02 }, r), 'short');
  assert.equal(chooseSide('trend', { ...up, recentReturn: 0.0001 }, r), null);
  assert.equal(chooseSide('mean-reversion', { ...up, recentReturn: -0.0001 }, r), null);
});

test('the arbitrageur joins the minority side only when the market is skewed', () => {
  assert.equal(minoritySide({ recentReturn: 0, longOpen: 900, shortOpen: 100 }), 'short');
  assert.equal(minoritySide({ recentReturn: 0, longOpen: 100, shortOpen: 900 }), 'long');
  assert.equal(minoritySide({ recentReturn: 0, longOpen: 550, shortOpen: 450 }), null);
  assert.equal(minoritySide({ recentReturn: 0, longOpen: 0, shortOpen: 0 }), null);
});

test('leverage stays within the market maximum', () => {
  for (let i = 0; i < 1000; i++) {
    const l = chooseLeverage(r, 50);
    assert.ok(l >= 1 && l <= 50);
  }
});

test('stop loss and take profit always close', () => {
  assert.equal(shouldClose(0.6, 10, r), true);
  assert.equal(shouldClose(-0.5, 10, r), true);
});
