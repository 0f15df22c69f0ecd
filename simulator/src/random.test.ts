import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from './random.ts';
import { PricePath, pathFor, toWad } from './price-paths.ts';

test('the same seed gives the same sequence; another seed another', () => {
  const a = new Random(42);
  const b = new Random(42);
  const c = new Random(43);
  const sa = Array.from({ length: 20 }, () => a.next());
  assert.deepEqual(sa, Array.from({ length: 20 }, () => b.next()));
  assert.notDeepEqual(sa, Array.from({ length: 20 }, () => c.next()));
  for (const x of sa) assert.ok(x >= 0 && x < 1);
});

test('normals have mean ≈ 0 and variance ≈ 1', () => {
  const r = new Random(7);
  const xs = Array.from({ length: 20_000 }, () => r.normal());
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
  assert.ok(Math.abs(mean) < 0.03, `mean ${mean}`);
  assert.ok(Math.abs(variance - 1) < 0.05, `variance ${variance}`);
});

test('price paths are deterministic, positive, and move by about their volatility', () => {
  const run = () => {
    const p = new PricePath(pathFor('BTC', 60_000), new Random(1));
    return Array.from({ length: 24 * 30 }, () => p.step(3600));
  };
  const a = run();
  assert.deepEqual(a, run());
  assert.ok(a.every((x) => x > 0));
  const logs = a.map((x, i) => Math.log(x / (i ? a[i - 1]! : 60_000)));
  const hourlySd = Math.sqrt(logs.reduce((s, x) => s + x * x, 0) / logs.length);
  const expected = 0.6 * Math.sqrt(3600 / (365 * 24 * 3600));
  assert.ok(hourlySd > expected * 0.7 && hourlySd < expected * 1.6, `hourly sd ${hourlySd} vs ${expected}`);
  assert.equal(toWad(60_000.123456789), 60_000_123_456_790_000_000_000n);
});
