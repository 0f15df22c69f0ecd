import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatAmount, formatBps, formatChange, formatCompact, formatPercent } from './format.ts';
import { parseCsv, toCsv } from './csv.ts';

// The digits are @pvp/math's (math/src/decimal.test.ts); these are the presentation rules.
test('amounts: rounding, grouping, signs and units, with more precision than a double holds', () => {
  assert.equal(formatAmount('123456789012345678.123456789012345678', { decimals: 18, grouping: false }), '123456789012345678.123456789012345678');
  assert.equal(formatAmount('999', { decimals: 2, unit: 'zUSDC' }), '999 zUSDC');
  assert.equal(formatAmount('1234567.891', { decimals: 2 }), '1,234,567.89');
  assert.equal(formatAmount('1234.5', { decimals: 2, fixed: true }), '1,234.50');
  assert.equal(formatAmount('-12.5', { decimals: 2 }), '−12.5');
  assert.equal(formatAmount('12.5', { sign: true }), '+12.5');
  assert.equal(formatAmount('0', { sign: true }), '0');
  assert.equal(formatAmount('-0.00001', { decimals: 2 }), '0', 'a value that rounds to zero loses its sign');
  assert.equal(formatAmount('1.001001001001001001', { decimals: 6 }), '1.001001');
  assert.equal(formatAmount('0.99999', { decimals: 2 }), '1');
  assert.throws(() => formatAmount('1e5'), /not a decimal number/);
});

test('percentages', () => {
  assert.equal(formatPercent('0.12345'), '12.35%');
  assert.equal(formatPercent('1.2'), '120.00%');
  assert.equal(formatPercent('-0.0005', { decimals: 3 }), '−0.050%');
  assert.equal(formatPercent('0.05', { sign: true }), '+5.00%');
  assert.equal(formatBps(30), '0.3%');
  assert.equal(formatBps(10), '0.1%');
  assert.equal(formatBps(10000), '100%');
});

test('compact numbers', () => {
  assert.equal(formatCompact('1234567'), '1.23M');
  assert.equal(formatCompact('999.994'), '999.99');
  assert.equal(formatCompact('999999'), '1M');
  assert.equal(formatCompact('1500'), '1.5K');
  assert.equal(formatCompact('-987654.321'), '−987.65K');
  assert.equal(formatCompact('12345678901234'), '12.35T');
  assert.equal(formatCompact('0.000123456'), '0.00012');
  assert.equal(formatCompact('0.00999'), '0.01');
  assert.equal(formatCompact('-0.5'), '−0.5');
  assert.equal(formatCompact('0'), '0');
  assert.equal(formatCompact('42', { sign: true }), '+42');
  assert.equal(formatCompact('2500000', { unit: 'zUSDC' }), '2.5M zUSDC');
});

test('changes since yesterday', () => {
  assert.equal(formatChange('1.2', '1'), '+0.2 (+20.00%)');
  assert.equal(formatChange('0.75', '1'), '−0.25 (−25.00%)');
  assert.equal(formatChange('5', '0'), '+5');
  assert.equal(formatChange('5', null), 'new');
  assert.equal(formatChange('1500000', '1000000', { compact: true }), '+500K (+50.00%)');
});

test('CSV keeps the exact strings and quotes what needs it', () => {
  const rows = [{ a: '1.001001001001001001', b: 'x,"y"' }, { a: '-0.5', b: null }];
  const csv = toCsv([{ header: 'a', value: (r: (typeof rows)[number]) => r.a }, { header: 'b', value: (r) => r.b }], rows);
  assert.equal(csv, 'a,b\r\n1.001001001001001001,"x,""y"""\r\n-0.5,\r\n');
  assert.deepEqual(parseCsv(csv), [['a', 'b'], ['1.001001001001001001', 'x,"y"'], ['-0.5', '']]);
});
