import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bytes32Name, decimal, units, wad } from './format.ts';

test('decimal strings from numeric columns are normalised, never floats', () => {
  assert.equal(decimal('1.200000'), '1.2');
  assert.equal(decimal('0.857142857142857142'), '0.857142857142857142');
  assert.equal(decimal('300'), '300');
  assert.equal(decimal('-0.50'), '-0.5');
  assert.equal(decimal('1.5e-7'), '0.00000015');
  assert.equal(decimal('12E3'), '12000');
  assert.equal(decimal('0.000'), '0');
});

test('token decimals: WAD values with 18, settlement amounts with their own', () => {
  assert.equal(wad('1200000000000000000'), '1.2');
  assert.equal(wad(-50n * 10n ** 18n), '-50');
  assert.equal(units('1000000000', 6), '1000');
  assert.equal(units('1', 6), '0.000001');
});

test('bytes32 market ids read as names when they are padded ASCII', () => {
  assert.equal(bytes32Name(Buffer.concat([Buffer.from('BTC'), Buffer.alloc(29)])), 'BTC');
  assert.equal(bytes32Name(Buffer.from('a1b2c3d4e5f6a7b8a1b2c3d4e5f6a7b8a1b2c3d4e5f6a7b8a1b2c3d4e5f6a7b8', 'hex')), null);
  assert.equal(bytes32Name(Buffer.alloc(32)), null);
});
