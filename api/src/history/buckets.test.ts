import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GraphQLError } from 'graphql';
import { addDecimals, bucketRange, fillBuckets, fillCandles, fillStats, sumStats, type Candle, type Stats } from './buckets.ts';

const H = 3600;
const candle = (timestamp: number, close: string, open = close): Candle => ({ timestamp, open, high: close, low: open, close, changes: 1, floatingPnl: '0', zTokenSupply: '300', settlementBalance: '300' });

test('an hour without changes repeats the previous close and counts none', () => {
  const rows = [candle(0, '1'), candle(3 * H, '1.5', '1.2')];
  const out = fillCandles(rows, null, { from: 0, to: 5 * H, size: H, now: 10 * H });
  assert.deepEqual(out.map((c) => [c.timestamp, c.open, c.close, c.changes]), [
    [0, '1', '1', 1],
    [H, '1', '1', 0],
    [2 * H, '1', '1', 0],
    [3 * H, '1.2', '1.5', 1],
    [4 * H, '1.5', '1.5', 0],
  ]);
  assert.ok(out.every((c) => c.complete));
});

test('leading buckets carry the value from before the range; without one they are left out', () => {
  const prev = candle(-5 * H, '0.75');
  const out = fillCandles([candle(2 * H, '0.8')], prev, { from: 0, to: 3 * H, size: H, now: 10 * H });
  assert.deepEqual(out.map((c) => c.close), ['0.75', '0.75', '0.8']);
  const none = fillCandles([candle(2 * H, '0.8')], null, { from: 0, to: 3 * H, size: H, now: 10 * H });
  assert.deepEqual(none.map((c) => c.timestamp), [2 * H]);
});

test('no bucket lies in the future, and the current one is marked incomplete', () => {
  const out = fillCandles([candle(0, '1')], null, { from: 0, to: 100 * H, size: H, now: 2 * H + 5 });
  assert.deepEqual(out.map((c) => [c.timestamp, c.complete]), [[0, true], [H, true], [2 * H, false]]);
});

test('from inside a bucket starts at that bucket; an empty or inverted range gives nothing', () => {
  const out = fillCandles([candle(H, '1')], null, { from: H + 100, to: 2 * H, size: H, now: 10 * H });
  assert.deepEqual(out.map((c) => c.timestamp), [H]);
  assert.deepEqual(fillCandles([candle(0, '1')], null, { from: 5 * H, to: 5 * H, size: H, now: 10 * H }), []);
});

test('more than 5000 buckets is bad input', () => {
  assert.throws(() => bucketRange(0, 10_000 * H, H, 10_000 * H), (e: unknown) => e instanceof GraphQLError && e.extensions.code === 'BAD_USER_INPUT');
  assert.equal(bucketRange(0, 5000 * H, H, 10_000 * H).count, 5000);
});

const stats = (timestamp: number, volume: string, oi: string): Stats => ({ timestamp, volume, fees: '1', realisedPnl: '-2', liquidations: 1, trades: 2, deposits: null, redemptions: null, openInterestLong: oi, openInterestShort: '0', unrealisedPnl: '5' });

test('stats: flows are zero in empty periods, levels carry over', () => {
  const out = fillStats([stats(0, '10', '100')], null, { from: 0, to: 2 * H, size: H, now: 10 * H });
  assert.deepEqual(out[1], { timestamp: H, volume: '0', fees: '0', realisedPnl: '0', liquidations: 0, trades: 0, deposits: null, redemptions: null, openInterestLong: '100', openInterestShort: '0', unrealisedPnl: '5', complete: true });
});

test('protocol-wide stats add pools bucket by bucket, exactly', () => {
  const a = fillStats([stats(0, '0.1', '1.000000000000000001')], null, { from: 0, to: 2 * H, size: H, now: 10 * H });
  const b = fillStats([stats(H, '0.2', '2')], null, { from: 0, to: 2 * H, size: H, now: 10 * H });
  const sum = sumStats([a, b]);
  assert.deepEqual(sum.map((r) => [r.timestamp, r.volume, r.openInterestLong, r.liquidations]), [
    [0, '0.1', '1.000000000000000001', 1],
    [H, '0.2', '3.000000000000000001', 1],
  ]);
  assert.equal(addDecimals(['0.1', '0.2']), '0.3');
});

test('one gap-filling loop: an empty bucket is carried from the last row before it, whatever the series', () => {
  const rows = [{ timestamp: H, n: 1 }, { timestamp: 4 * H, n: 7 }];
  const seen: Array<[number, number]> = [];
  const out = fillBuckets(rows, { timestamp: -H, n: 0 }, { from: 0, to: 6 * H, size: H, now: 5 * H + 1 }, (last, timestamp) => {
    seen.push([last.n, timestamp]);
    return { timestamp, n: last.n * 10 };
  });
  assert.deepEqual(out.map((r) => [r.timestamp, r.n, r.complete]), [
    [0, 0, true],
    [H, 1, true],
    [2 * H, 10, true],
    [3 * H, 10, true],
    [4 * H, 7, true],
    [5 * H, 70, false],
  ]);
  assert.deepEqual(seen, [[0, 0], [1, 2 * H], [1, 3 * H], [7, 5 * H]], 'carry gets the last row, never a carried value');
  assert.deepEqual(fillBuckets(rows, null, { from: 0, to: 2 * H, size: H, now: 9 * H }, (l) => l).map((r) => r.timestamp), [H], 'nothing before the first known value');
});
