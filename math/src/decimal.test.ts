import { test } from 'node:test';
import assert from 'node:assert/strict';
import { absolute, add, compare, DecimalError, divide, formatFixed, formatFixedOrNull, isZero, multiply, negate, normalizeDecimal, parseFixed, round, roundSignificant, shift, sign, splitDecimal, subtract, sum } from './decimal.ts';
import { Cases } from './test-random.ts';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof DecimalError, `a DecimalError, not ${String(e)}`);
    return e.code;
  }
  assert.fail('no error');
};

test('fixed point: any number of decimals, signed, canonical', () => {
  assert.equal(formatFixed(1_500_000n, 6), '1.5');
  assert.equal(formatFixed('1500000', 6), '1.5');
  assert.equal(formatFixed(-5n, 2), '-0.05');
  assert.equal(formatFixed(0n, 18), '0');
  assert.equal(formatFixed(-0n, 18), '0');
  assert.equal(formatFixed(123n, 0), '123');
  assert.equal(formatFixed(12_345_678n, 8), '0.12345678');
  assert.equal(formatFixed(10n ** 18n), '1');
  assert.equal(formatFixed(1n), '0.000000000000000001');
  assert.equal(formatFixedOrNull(null), null);
  assert.equal(formatFixedOrNull(undefined, 6), null);
  assert.equal(formatFixedOrNull('2000000', 6), '2');
  assert.equal(parseFixed('1.5', 6), 1_500_000n);
  assert.equal(parseFixed('-0.000000000000000001'), -1n);
  assert.equal(parseFixed(' 42 ', 0), 42n);
  assert.equal(parseFixed('-0'), 0n);
  assert.equal(parseFixed('1.23456789', 6, 'halfExpand'), 1_234_568n);
  assert.equal(parseFixed('-1.2345675', 6, 'halfExpand'), -1_234_568n);
  assert.equal(parseFixed('-1.2345675', 6, 'floor'), -1_234_568n);
  assert.equal(parseFixed('1.2345675', 6, 'trunc'), 1_234_567n);
});

test('fixed point: round trip for random values and decimals', () => {
  const c = new Cases(5);
  for (let i = 0; i < 3000; i++) {
    const decimals = c.pick([0, 2, 6, 8, 18, 27]);
    const v = c.big(-(10n ** 45n), 10n ** 45n);
    const text = formatFixed(v, decimals);
    assert.equal(parseFixed(text, decimals), v, `${v} with ${decimals}`);
    assert.equal(normalizeDecimal(text), text);
  }
});

test('parse errors say what is wrong and carry a code', () => {
  for (const bad of ['', ' ', '1e18', '1.', '.5', '+1', '1,5', '0x10', 'NaN', '--1', '1.2.3', '١٢']) assert.equal(code(() => parseFixed(bad)), 'MALFORMED', bad);
  assert.equal(code(() => parseFixed('0.0000000000000000001')), 'TOO_PRECISE');
  assert.equal(code(() => parseFixed('1.1234567', 6)), 'TOO_PRECISE');
  assert.equal(code(() => formatFixed('1.5', 6)), 'MALFORMED');
  assert.equal(code(() => parseFixed('1', -1)), 'OUT_OF_RANGE');
  try {
    parseFixed('abc');
  } catch (e) {
    assert.match((e as Error).message, /"abc" is not a decimal number/);
  }
  try {
    parseFixed('1.1234567', 6);
  } catch (e) {
    assert.match((e as Error).message, /has 7 decimals; at most 6 fit/);
  }
});

test('normalizeDecimal: store text with or without exponent', () => {
  const cases: Array<[string, string]> = [
    ['1.500', '1.5'],
    ['-0.000', '0'],
    ['0', '0'],
    ['-0', '0'],
    ['100', '100'],
    ['12.', '12'],
    ['.5', '0.5'],
    ['0001.2300', '1.23'],
    ['1.5e-7', '0.00000015'],
    ['1E+3', '1000'],
    ['-2.5E2', '-250'],
    ['-0e5', '0'],
    ['123.456e-1', '12.3456'],
  ];
  for (const [input, out] of cases) assert.equal(normalizeDecimal(input), out, input);
  for (const bad of ['', '-', 'e5', 'abc', '1e', '1..2']) assert.equal(code(() => normalizeDecimal(bad)), 'MALFORMED', bad);
  assert.equal(code(() => normalizeDecimal('1e999999999')), 'OUT_OF_RANGE');
});

test('arithmetic: exact sums and differences at any precision', () => {
  assert.equal(subtract('0.3', '0.1'), '0.2');
  assert.equal(add('0.1', '0.2'), '0.3');
  assert.equal(add('1.000000000000000001', '-1'), '0.000000000000000001');
  // beyond 36 decimals stays exact
  assert.equal(add('0.0000000000000000000000000000000000000001', '1'), '1.0000000000000000000000000000000000000001');
  assert.equal(sum(['1.5', '2.25', '-0.75']), '3');
  assert.equal(sum([]), '0');
  assert.equal(negate('-1.5'), '1.5');
  assert.equal(negate('0'), '0');
  assert.equal(absolute('-0.01'), '0.01');
  assert.equal(compare('1.0', '1'), 0);
  assert.equal(compare('-1', '0.5'), -1);
  assert.equal(compare('10', '9.999999999999999999999'), 1);
  assert.equal(sign('-0.0'), 0);
  assert.equal(sign('-0.01'), -1);
  assert.ok(isZero('0.000'));
  assert.deepEqual(splitDecimal('-0012.3400'), { negative: true, int: '12', frac: '34' });
});

test('arithmetic agrees with bigint arithmetic on random operands', () => {
  const c = new Cases(9);
  for (let i = 0; i < 2000; i++) {
    const [da, db] = [c.pick([0, 6, 18, 30]), c.pick([0, 6, 18, 30])];
    const [a, b] = [c.big(-(10n ** 40n), 10n ** 40n), c.big(-(10n ** 40n), 10n ** 40n)];
    const [x, y] = [formatFixed(a, da), formatFixed(b, db)];
    const s = 30;
    const A = a * 10n ** BigInt(s - da);
    const B = b * 10n ** BigInt(s - db);
    assert.equal(add(x, y), formatFixed(A + B, s));
    assert.equal(subtract(x, y), formatFixed(A - B, s));
    assert.equal(compare(x, y), A === B ? 0 : A < B ? -1 : 1);
    assert.equal(multiply(x, y), formatFixed(a * b, da + db));
  }
});

test('multiply and divide at a precision, half away from zero by default', () => {
  assert.equal(multiply('1.5', '2.5'), '3.75');
  assert.equal(multiply('1.5', '2.5', 1), '3.8');
  assert.equal(multiply('-1.5', '2.5', 1), '-3.8');
  assert.equal(multiply('-1.5', '2.5', 1, 'floor'), '-3.8');
  assert.equal(multiply('1.25', '1', 1, 'halfEven'), '1.2');
  assert.equal(divide('1000', '999', 18), '1.001001001001001001');
  assert.equal(divide('300', '350', 6), '0.857143');
  assert.equal(divide('-2', '3', 3), '-0.667');
  assert.equal(divide('2', '3', 3, 'trunc'), '0.666');
  assert.equal(divide('1', '0.0003', 2), '3333.33');
  assert.equal(divide('0.00001', '3', 2), '0');
  assert.equal(code(() => divide('1', '0', 2)), 'DIVISION_BY_ZERO');
});

test('rounding for display: decimals and significant digits', () => {
  assert.equal(round('1.23456789', 4), '1.2346');
  assert.equal(round('-1.23455', 4), '-1.2346');
  assert.equal(round('0.99999', 2), '1');
  assert.equal(round('-0.004', 2), '0');
  assert.equal(round('2.5', 0, 'halfEven'), '2');
  assert.equal(roundSignificant('0.000123456', 2), '0.00012');
  assert.equal(roundSignificant('987654', 2), '990000');
  assert.equal(roundSignificant('-987654', 2), '-990000');
  assert.equal(roundSignificant('999.96', 4), '1000');
  assert.equal(roundSignificant('12.5', 5), '12.5');
  assert.equal(roundSignificant('0', 3), '0');
  assert.equal(code(() => roundSignificant('1', 0)), 'OUT_OF_RANGE');
  assert.equal(shift('1234.5', -3), '1.2345');
  assert.equal(shift('0.012', 2), '1.2');
  assert.equal(shift('5', -4), '0.0005');
  assert.equal(shift('-5', 3), '-5000');
});
