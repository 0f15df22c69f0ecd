import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bpsDown, bpsUp, divRound, type Rounding } from './integer.ts';
import { Cases } from './test-random.ts';

test('divRound: every rounding mode on positive, negative and tie quotients', () => {
  const table: Array<[bigint, bigint, Record<Rounding, bigint>]> = [
    [7n, 2n, { floor: 3n, ceil: 4n, trunc: 3n, expand: 4n, halfCeil: 4n, halfFloor: 3n, halfExpand: 4n, halfTrunc: 3n, halfEven: 4n }],
    [-7n, 2n, { floor: -4n, ceil: -3n, trunc: -3n, expand: -4n, halfCeil: -3n, halfFloor: -4n, halfExpand: -4n, halfTrunc: -3n, halfEven: -4n }],
    [5n, 2n, { floor: 2n, ceil: 3n, trunc: 2n, expand: 3n, halfCeil: 3n, halfFloor: 2n, halfExpand: 3n, halfTrunc: 2n, halfEven: 2n }],
    [7n, 3n, { floor: 2n, ceil: 3n, trunc: 2n, expand: 3n, halfCeil: 2n, halfFloor: 2n, halfExpand: 2n, halfTrunc: 2n, halfEven: 2n }],
    [-8n, 3n, { floor: -3n, ceil: -2n, trunc: -2n, expand: -3n, halfCeil: -3n, halfFloor: -3n, halfExpand: -3n, halfTrunc: -3n, halfEven: -3n }],
    [6n, -3n, { floor: -2n, ceil: -2n, trunc: -2n, expand: -2n, halfCeil: -2n, halfFloor: -2n, halfExpand: -2n, halfTrunc: -2n, halfEven: -2n }],
  ];
  for (const [n, d, modes] of table) for (const [mode, q] of Object.entries(modes)) assert.equal(divRound(n, d, mode as Rounding), q, `${n}/${d} ${mode}`);
  assert.throws(() => divRound(1n, 0n, 'floor'), RangeError);
});

test('divRound: floor ≤ n/d ≤ ceil, within one, and half modes pick the nearest', () => {
  const c = new Cases(11);
  for (let i = 0; i < 2000; i++) {
    const n = c.big(-(10n ** 40n), 10n ** 40n);
    const d = c.bool() ? c.big(1n, 10n ** 20n) : -c.big(1n, 10n ** 20n);
    const f = divRound(n, d, 'floor');
    const ce = divRound(n, d, 'ceil');
    // floor·d ≤ n (for d > 0) etc.: compare as rationals n/d with d made positive
    const [nn, dd] = d < 0n ? [-n, -d] : [n, d];
    assert.ok(f * dd <= nn && nn < (f + 1n) * dd, `floor ${n}/${d}`);
    assert.ok(ce - f === (nn % dd === 0n ? 0n : 1n));
    const h = divRound(n, d, 'halfExpand');
    const err = h * dd - nn;
    assert.ok(2n * (err < 0n ? -err : err) <= dd, `nearest ${n}/${d}`);
  }
});

test('bps: fees round up, shares down', () => {
  assert.equal(bpsUp(1_000_000_001n, 30), 3_000_001n);
  assert.equal(bpsDown(1_000_000_001n, 30), 3_000_000n);
  assert.equal(bpsUp(0n, 30), 0n);
  assert.equal(bpsUp(10_000n, 10_000), 10_000n);
});
